import {
  type PerkBody,
  type PerkKind,
  type PerkPatch,
  type PerkTiersBody,
  type PerkView,
  sortLadder,
  type TierDef,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { TiersService } from '../tiers';
import type { PerkDoc, PerkModels } from './perks.model';

const ACTIVE_TTL_MS = 1_000;

export function perkView(p: PerkDoc): PerkView {
  return {
    code: p._id,
    name: p.name,
    description: p.description,
    kind: p.kind,
    imageUrl: p.imageUrl,
    tierCodes: p.tierCodes,
    quota: { period: p.quota.period, limit: p.quota.limit },
    validityDays: p.validityDays,
    circleIds: p.circleIds ?? [],
    showLocked: p.showLocked ?? false,
    topic: p.topic ?? null,
    coupon: p.coupon ?? null,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Money terms belong to coupon perks only. */
function couponFits(kind: PerkKind, coupon: PerkDoc['coupon']): void {
  if (coupon && kind !== 'coupon') {
    throw AppError.of('PERK_COUPON_TERMS_INVALID', '只有优惠券类权益可以设置券面规则', {
      fields: [{ path: 'body.coupon', message: 'only a coupon perk has coupon terms' }],
    });
  }
}

const notFound = (code: string) => AppError.of('PERK_NOT_FOUND', `权益 ${code} 不存在`);

/** What perks need from circles: membership for targeting, names for locked texts. */
export interface PerkCirclesPort {
  idsOf(memberId: Types.ObjectId): Promise<Set<string>>;
  names(ids: string[]): Promise<Map<string, string>>;
  unknown(ids: string[]): Promise<string[]>;
  /** Interest per content topic (the perks page order). */
  interestsOf(memberId: Types.ObjectId): Promise<Map<string, number>>;
}

/** The perk catalogue (权益目录) and its assignment to tiers. */
export class PerkCatalog {
  constructor(
    private readonly core: Core,
    private readonly m: PerkModels,
    private readonly tiers: TiersService,
    private readonly circles: PerkCirclesPort,
  ) {}

  async list(q: { status: 'active' | 'archived' | 'all'; kind?: string }): Promise<PerkDoc[]> {
    if (q.status === 'active' && !q.kind) return this.activeCached();
    const filter: Record<string, unknown> = {};
    if (q.status !== 'all') filter.status = q.status;
    if (q.kind) filter.kind = q.kind;
    return this.m.Perk.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
  }

  /**
   * The active catalogue, shared by the reads of one second (it is on every member center page
   * and sidebar card); an edit here drops it, another instance's edit shows within a second.
   */
  private active: { at: number; list: Promise<PerkDoc[]> } | null = null;

  private activeCached(): Promise<PerkDoc[]> {
    const now = performance.now();
    if (!this.active || now - this.active.at > ACTIVE_TTL_MS) {
      const list = this.m.Perk.find({ status: 'active' })
        .sort({ createdAt: 1, _id: 1 })
        .lean()
        .exec();
      this.active = { at: now, list };
      list.catch(() => {
        this.active = null;
      });
    }
    return this.active.list;
  }

  async find(code: string): Promise<PerkDoc | null> {
    return this.m.Perk.findById(code).lean();
  }

  async require(code: string): Promise<PerkDoc> {
    const p = await this.find(code);
    if (!p) throw notFound(code);
    return p;
  }

  /** Unknown tier codes are a 400 naming the field, checked against the current ladder. */
  private async checkTiers(codes: string[], path: (i: number) => string): Promise<TierDef[]> {
    const { tiers } = await this.tiers.ladder();
    codes.forEach((c, i) => {
      if (!tiers.some((t) => t.code === c))
        throw AppError.of('VALIDATION_FAILED', `等级 ${c} 不存在`, {
          fields: [{ path: path(i), message: 'unknown tier' }],
        });
    });
    return tiers;
  }

  /** Unknown or archived circle ids are a 400 naming the field. */
  private async checkCircles(ids: string[] | undefined) {
    const bad = ids ? await this.circles.unknown(ids) : [];
    if (bad.length > 0) {
      throw AppError.of('CIRCLE_UNKNOWN', `圈层 ${bad.join('、')} 不存在或已归档`, {
        fields: bad.map((id) => ({
          path: `body.circleIds.${ids!.indexOf(id)}`,
          message: 'unknown circle',
        })),
      });
    }
  }

  async create(body: PerkBody): Promise<PerkDoc> {
    couponFits(body.kind, body.coupon);
    await this.checkTiers(body.tierCodes, (i) => `body.tierCodes.${i}`);
    await this.checkCircles(body.circleIds);
    const now = this.core.clock.now();
    this.active = null;
    try {
      const doc = await this.m.Perk.create({
        _id: body.code,
        name: body.name,
        description: body.description,
        kind: body.kind,
        imageUrl: body.imageUrl,
        tierCodes: body.tierCodes,
        quota: body.quota,
        validityDays: body.validityDays,
        circleIds: body.circleIds,
        showLocked: body.showLocked,
        topic: body.topic,
        coupon: body.coupon,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      this.active = null; // and again: a read during the write may have cached the old list
      return doc.toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw AppError.of('PERK_CODE_TAKEN', `权益代码 ${body.code} 已存在`, {
        fields: [{ path: 'body.code', message: 'already taken' }],
      });
    }
  }

  private async set(code: string, set: Partial<PerkDoc>) {
    const before = await this.require(code);
    this.active = null;
    const after = await this.m.Perk.findOneAndUpdate(
      { _id: code },
      { $set: { ...set, updatedAt: this.core.clock.now() } },
      { returnDocument: 'after' },
    ).lean();
    this.active = null;
    if (!after) throw notFound(code);
    return { before, after };
  }

  async update(code: string, patch: PerkPatch) {
    if (patch.kind !== undefined || patch.coupon !== undefined) {
      const current = await this.require(code);
      couponFits(patch.kind ?? current.kind, patch.coupon ?? current.coupon ?? null);
    }
    await this.checkCircles(patch.circleIds);
    return this.set(code, patch as Partial<PerkDoc>);
  }

  archive(code: string) {
    return this.set(code, { status: 'archived' });
  }

  /** Stores the explicit tier list; `fromTier` expands to that tier and every higher rank. */
  async assign(code: string, body: PerkTiersBody) {
    let codes: string[];
    if (body.tierCodes) {
      await this.checkTiers(body.tierCodes, (i) => `body.tierCodes.${i}`);
      codes = body.tierCodes;
    } else {
      const tiers = sortLadder(await this.checkTiers([body.fromTier!], () => 'body.fromTier'));
      const from = tiers.find((t) => t.code === body.fromTier)!;
      codes = tiers.filter((t) => t.rank >= from.rank).map((t) => t.code);
    }
    return this.set(code, { tierCodes: codes });
  }
}
