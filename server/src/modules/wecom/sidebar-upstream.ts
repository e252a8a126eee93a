import type { Core } from '../../core';
import type { WeComClient } from '../../integrations/wecom/wecom-client';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { TagsService } from '../tags';
import { linkByUnionid } from './backfill';
import type { RelationDoc } from './consultants.model';
import type { RelationsService } from './relations.service';

/** A "not your customer" answer is remembered this long, so refusals don't cost a WeCom call. */
const MISS_TTL_MS = 10 * 60_000;

/**
 * The sidebar's fallback when no relation is stored: the customer may have added the
 * consultant before Circles was connected, or the callback was lost. Asks WeCom once
 * (externalcontact/get lists every follow user) and stores the relation when it exists, so the
 * next open reads it from the database; a refusal is cached for a while in this process.
 */
export class UpstreamRelations {
  private readonly misses = new Map<string, number>();

  constructor(
    private readonly core: Core,
    private readonly client: WeComClient | null,
    private readonly d: { relations: RelationsService; tags: TagsService; members: MembersService },
  ) {}

  async find(consultantUserId: string, externalUserId: string): Promise<RelationDoc | null> {
    if (!this.client) return null;
    const stored = await this.d.relations.relation(consultantUserId, externalUserId);
    // One-sided after the customer deleted the consultant: WeCom still lists it, we don't.
    if (stored?.endedBy === 'customer') return null;
    const key = `${consultantUserId}|${externalUserId}`;
    const now = this.core.clock.now().getTime();
    if ((this.misses.get(key) ?? 0) > now) return null;
    let detail: Awaited<ReturnType<WeComClient['getExternalContact']>>;
    try {
      detail = await this.client.getExternalContact(externalUserId);
    } catch (err) {
      if (!(err instanceof AppError && err.type === 'not_found')) throw err;
      return this.miss(key, now);
    }
    const follow = detail.followUsers.find((f) => f.userid === consultantUserId);
    if (!follow) return this.miss(key, now);
    await this.d.relations.added({
      consultantUserId,
      externalUserId,
      channel: follow.state ?? null,
      at: follow.createdAt,
      via: 'backfilled',
    });
    await this.d.relations.saveContact(detail);
    await linkByUnionid(this.d, detail.contact);
    return this.d.relations.relation(consultantUserId, externalUserId);
  }

  private miss(key: string, now: number): null {
    if (this.misses.size > 10_000) this.misses.clear(); // bounded: a cache, not a record
    this.misses.set(key, now + MISS_TTL_MS);
    return null;
  }
}
