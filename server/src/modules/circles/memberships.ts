import { performance } from 'node:perf_hooks';
import type { Types } from 'mongoose';
import type { CircleDoc, CircleModels } from './circles.model';
import type { InterestCounts } from './interests';
import { MemberSets } from './member-sets';

type Id = Types.ObjectId;

export interface MemberCircle {
  id: string;
  name: string;
  color: string;
  since: Date;
}

const CATALOG_TTL_MS = 5_000;

/**
 * The read side of circles, for the modules that target them (perks, tasks, events) and for the
 * sidebar and member 360: which circles a member is in, by the last materialisation. Built
 * before those modules; the engine that writes memberships is built after them.
 */
export class CircleMemberships {
  private cached: { at: number; circles: Promise<Map<string, CircleDoc>> } | null = null;
  private readonly sets: MemberSets;

  constructor(
    private readonly m: CircleModels,
    readonly interests: InterestCounts,
  ) {
    this.sets = new MemberSets(m);
  }

  /** Every circle by id (5 s cache, dropped on every edit). */
  catalog(): Promise<Map<string, CircleDoc>> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at > CATALOG_TTL_MS) {
      const circles = this.m.Circle.find({})
        .lean()
        .then((rows) => new Map(rows.map((c) => [c._id, c])));
      this.cached = { at: now, circles };
    }
    return this.cached.circles;
  }

  invalidate(): void {
    this.cached = null;
  }

  /** The active circles the member is in, with the day they entered. */
  circlesOf(memberId: Id): Promise<MemberCircle[]> {
    // Concurrent asks for one member (a sidebar card's perks and chips) share one read.
    const key = String(memberId);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const read = this.read(memberId).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, read);
    return read;
  }

  private readonly inFlight = new Map<string, Promise<MemberCircle[]>>();

  private async read(memberId: Id): Promise<MemberCircle[]> {
    const [rows, catalog] = await Promise.all([this.sets.of(memberId), this.catalog()]);
    const out: MemberCircle[] = [];
    for (const r of rows) {
      const c = catalog.get(r.circleId);
      if (c?.status === 'active')
        out.push({ id: c._id, name: c.name, color: c.color, since: r.since });
    }
    return out.sort((a, b) => a.since.getTime() - b.since.getTime());
  }

  /** Circle ids only, for targeting checks. */
  async idsOf(memberId: Id): Promise<Set<string>> {
    return new Set((await this.circlesOf(memberId)).map((c) => c.id));
  }

  /** Names of circles by id (locked texts: "加入 成分党高潜 圈层可解锁"). */
  async names(ids: string[]): Promise<Map<string, string>> {
    const catalog = await this.catalog();
    return new Map(ids.flatMap((id) => (catalog.has(id) ? [[id, catalog.get(id)!.name]] : [])));
  }

  /** Unknown or archived circle ids among `ids` (targeting forms refuse them). */
  async unknown(ids: string[]): Promise<string[]> {
    const catalog = await this.catalog();
    return ids.filter((id) => !catalog.has(id) || catalog.get(id)!.status === 'archived');
  }

  /** Does the member pass a target's circle condition (empty list: no restriction)? */
  async qualifies(memberId: Id, circleIds: readonly string[]): Promise<boolean> {
    if (circleIds.length === 0) return true;
    const mine = await this.idsOf(memberId);
    return circleIds.some((id) => mine.has(id));
  }
}
