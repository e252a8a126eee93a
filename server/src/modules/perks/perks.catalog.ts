import {
  type PerkBody,
  type PerkPatch,
  type PerkTiersBody,
  type PerkView,
  sortLadder,
  type TierDef,
} from '@circles/shared';
import type { Core } from '../../container';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { TiersService } from '../tiers/tiers.service';
import type { PerkDoc, PerkModels } from './perks.model';

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
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

const notFound = (code: string) => AppError.of('PERK_NOT_FOUND', `权益 ${code} 不存在`);

/** The perk catalogue (权益目录) and its assignment to tiers. */
export class PerkCatalog {
  constructor(
    private readonly core: Core,
    private readonly m: PerkModels,
    private readonly tiers: TiersService,
  ) {}

  async list(q: { status: 'active' | 'archived' | 'all'; kind?: string }): Promise<PerkDoc[]> {
    const filter: Record<string, unknown> = {};
    if (q.status !== 'all') filter.status = q.status;
    if (q.kind) filter.kind = q.kind;
    return this.m.Perk.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
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

  async create(body: PerkBody): Promise<PerkDoc> {
    await this.checkTiers(body.tierCodes, (i) => `body.tierCodes.${i}`);
    const now = this.core.clock.now();
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
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
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
    const after = await this.m.Perk.findOneAndUpdate(
      { _id: code },
      { $set: { ...set, updatedAt: this.core.clock.now() } },
      { returnDocument: 'after' },
    ).lean();
    if (!after) throw notFound(code);
    return { before, after };
  }

  update(code: string, patch: PerkPatch) {
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
