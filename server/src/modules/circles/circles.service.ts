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
import { type Listed, MemberSets } from './member-sets';
import type { CircleMemberships } from './memberships';
import { ID_BYTES } from './packed';
import type { ProfileCache } from './profile-cache';
import type { Profiles } from './profiles';

type CircleBody = z.output<typeof circleBody>;
type CircleUpdate = z.output<typeof circleUpdateBody>;
type MemberRow = z.infer<typeof circleMemberRow>;

const SAMPLE = 20;

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
  private readonly sets: MemberSets;

  constructor(
    private readonly m: CircleModels,
    private readonly memberships: CircleMemberships,
    private readonly cache: ProfileCache,
    /** Called after an active circle is created or changed (queues a materialisation). */
    private readonly changed: () => Promise<unknown>,
  ) {
    this.sets = new MemberSets(m);
  }

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

  /** Profiles for previews: the last materialisation's, or built once and reused a while. */
  profiles(): Promise<Profiles> {
    return this.cache.get();
  }

  /** Drops the kept profiles: the next preview builds new ones. */
  refreshProfiles(): void {
    this.cache.drop();
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
    const list = await this.sets.listed(id);
    const from = (page - 1) * pageSize;
    const items = await this.rowsOf(list, from, Math.min(list.n, from + pageSize));
    return { items, total: list.n, page, pageSize };
  }

  /** Every member of a circle, newest entries first, a page at a time (the CSV export). */
  async *memberPages(id: string, pageSize: number): AsyncIterable<MemberRow[]> {
    await this.require(id);
    const list = await this.sets.listed(id);
    for (let from = 0; from < list.n; from += pageSize) {
      yield await this.rowsOf(list, from, Math.min(list.n, from + pageSize));
    }
  }

  private async rowsOf(list: Listed, from: number, to: number): Promise<MemberRow[]> {
    const profiles = await this.profiles();
    const found: Array<{ i: number; since: Date }> = [];
    for (let k = from; k < to; k++) {
      // Members no longer active (merged, deleted) stay listed until the next run.
      const i = profiles.indexOfBytes(list.ids.subarray(k * ID_BYTES, (k + 1) * ID_BYTES));
      if (i !== undefined) found.push({ i, since: new Date(list.since[k]!) });
    }
    return this.rows(
      profiles,
      found.map((f) => f.i),
      found.map((f) => f.since),
    );
  }
}
