import type {
  CirclePreview,
  CircleRule,
  CircleView,
  circleBody,
  circleMemberRow,
  circleUpdateBody,
} from '@circles/shared';
import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { CircleDoc, CircleModels } from './circles.model';
import { maskOf } from './materialize';
import type { CircleMemberships } from './memberships';
import type { Profiles } from './profiles';

type CircleBody = z.output<typeof circleBody>;
type CircleUpdate = z.output<typeof circleUpdateBody>;
type MemberRow = z.infer<typeof circleMemberRow>;

const SAMPLE = 20;
/** Previews reuse profiles this long; the materialisation job always builds fresh ones. */
const PROFILE_TTL_MS = 10 * 60_000;

export function circleView(c: CircleDoc): CircleView {
  return {
    id: c._id,
    name: c.name,
    description: c.description,
    color: c.color,
    icon: c.icon,
    owner: c.owner,
    status: c.status,
    rule: c.rule,
    version: c.version,
    memberCount: c.status === 'active' ? c.memberCount : 0,
    materializedAt: c.materializedAt?.toISOString() ?? null,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Circle definitions, live previews and member rows. */
export class CirclesService {
  private cache: { at: number; profiles: Promise<Profiles> } | null = null;

  constructor(
    private readonly m: CircleModels,
    private readonly memberships: CircleMemberships,
    private readonly buildProfiles: () => Promise<Profiles>,
    /** Called after an active circle is created or changed (queues a materialisation). */
    private readonly changed: () => Promise<unknown>,
  ) {}

  async list(): Promise<CircleView[]> {
    const rows = await this.m.Circle.find({}).sort({ status: 1, createdAt: 1 }).lean();
    return rows.map(circleView);
  }

  async require(id: string): Promise<CircleDoc> {
    const c = await this.m.Circle.findById(id).lean();
    if (!c) throw AppError.of('CIRCLE_NOT_FOUND', `圈层 ${id} 不存在`);
    return c;
  }

  async create(body: CircleBody): Promise<CircleView> {
    try {
      const { id, ...rest } = body;
      const doc = await this.m.Circle.create({ _id: id, ...rest, version: 1 });
      this.memberships.invalidate();
      if (doc.status === 'active') await this.changed();
      return circleView(doc.toObject());
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw AppError.of('CIRCLE_ID_TAKEN', `圈层编号 ${body.id} 已存在`, {
        fields: [{ path: 'body.id', message: 'already taken' }],
      });
    }
  }

  async update(id: string, patch: CircleUpdate): Promise<CircleView> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const doc = await this.m.Circle.findOneAndUpdate(
      { _id: id },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) throw AppError.of('CIRCLE_NOT_FOUND', `圈层 ${id} 不存在`);
    this.memberships.invalidate();
    // Rule or status changes move members; a new name alone doesn't, but costs one cheap run.
    await this.changed();
    return circleView(doc);
  }

  /** Profiles for previews: built once, reused for a while, rebuilt after materialisations. */
  profiles(): Promise<Profiles> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > PROFILE_TTL_MS) {
      const profiles = this.buildProfiles();
      this.cache = { at: now, profiles };
      profiles.catch(() => {
        if (this.cache?.profiles === profiles) this.cache = null;
      });
    }
    return this.cache.profiles;
  }

  refreshProfiles(): void {
    this.cache = null;
  }

  async preview(rule: CircleRule): Promise<CirclePreview> {
    const profiles = await this.profiles();
    const mask = await maskOf(profiles, rule);
    const monetary = (await profiles.column({ field: 'monetaryFen', op: 'gte' })) as {
      values: Float64Array;
    };
    const clv = (await profiles.column({ field: 'clv12mFen', op: 'gte' })) as {
      values: Float64Array;
    };
    let count = 0;
    let revenue = 0;
    let total = 0;
    let clvSum = 0;
    let clvN = 0;
    const sample: number[] = [];
    for (let i = 0; i < profiles.n; i++) {
      const m = monetary.values[i]!;
      if (!Number.isNaN(m)) total += m;
      if (!mask[i]) continue;
      count++;
      if (!Number.isNaN(m)) revenue += m;
      const v = clv.values[i]!;
      if (!Number.isNaN(v)) {
        clvSum += v;
        clvN++;
      }
      if (sample.length < SAMPLE) sample.push(i);
    }
    return {
      count,
      population: profiles.n,
      share: profiles.n ? count / profiles.n : 0,
      revenueShare: total ? revenue / total : 0,
      avgClv12mFen: clvN ? Math.round(clvSum / clvN) : 0,
      sample: await this.rows(profiles, sample),
      profilesAt: profiles.builtAt.toISOString(),
    };
  }

  private async rows(profiles: Profiles, indexes: number[], since?: Date[]): Promise<MemberRow[]> {
    const cols = await profiles.columnsFor(
      ['segment', 'monetaryFen', 'clv12mFen', 'pAlive', 'tier'].map((field) => ({
        field,
        op: 'exists' as const,
      })),
    );
    const num = (field: string, i: number) => {
      const c = cols.get(`${field}||`);
      const v = c?.type === 'number' ? c.values[i]! : Number.NaN;
      return Number.isNaN(v) ? null : v;
    };
    const code = (field: string, i: number) => {
      const c = cols.get(`${field}||`);
      if (c?.type !== 'enum') return null;
      const k = c.codes[i]!;
      for (const [v, n] of c.dict) if (n === k) return v;
      return null;
    };
    return indexes.map((i, k) => ({
      memberNo: profiles.memberNo[i]!,
      nickname: profiles.nickname[i] || '微信用户',
      tierCode: code('tier', i) ?? '',
      segment: code('segment', i),
      monetaryFen: Math.round(num('monetaryFen', i) ?? 0),
      clv12mFen: Math.round(num('clv12mFen', i) ?? 0),
      pAlive: num('pAlive', i),
      since: since?.[k]?.toISOString() ?? null,
    }));
  }

  /** Members of a circle as materialised, newest entries first. */
  async members(id: string, page: number, pageSize: number) {
    await this.require(id);
    const [rows, total] = await Promise.all([
      this.m.Member.find({ circleId: id })
        .sort({ since: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.Member.countDocuments({ circleId: id }),
    ]);
    const profiles = await this.profiles();
    const found = rows.flatMap((r) => {
      const i = profiles.indexOf(r.memberId);
      return i === undefined ? [] : [{ i, since: r.since }];
    });
    const items = await this.rows(
      profiles,
      found.map((f) => f.i),
      found.map((f) => f.since),
    );
    return { items, total, page, pageSize };
  }
}
