import type { TimelineItem, TimelinePage } from '@circles/shared';
import type { Types } from 'mongoose';
import type { MemberDoc } from './member.model';
import type { Member360Ports } from './member360.ports';

/**
 * Where a page starts: items at or before `at` (null: now), skipping the first `skip` items at
 * exactly `at` — those the previous page ended with. The cursor text is `<ISO>~<skip>`; a
 * plain ISO instant means "strictly before it".
 */
export interface TimelineCursor {
  at: Date | null;
  skip: number;
}

export function parseCursor(before: string | undefined): TimelineCursor {
  if (!before) return { at: null, skip: 0 };
  const [iso = '', skip] = before.split('~');
  const at = new Date(iso);
  // Strictly before an instant = at or before the millisecond preceding it.
  if (skip === undefined) return { at: new Date(at.getTime() - 1), skip: 0 };
  return { at, skip: Number(skip) };
}

/**
 * Sources without a time-bounded read (tier changes, perk instances) are read newest-first up
 * to this many and filtered here; a member has few of either.
 */
const SMALL_SOURCE_CAP = 500;

type Source = (memberId: Types.ObjectId, at: Date | null, take: number) => Promise<TimelineItem[]>;

const item = (
  p: Pick<TimelineItem, 'id' | 'kind' | 'at' | 'title'> & Partial<TimelineItem>,
): TimelineItem => ({ code: null, text: null, points: null, fen: null, ...p });

/** Newest first; ties in a fixed order so pages never overlap or skip. */
const newestFirst = (a: TimelineItem, b: TimelineItem) =>
  a.at === b.at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.at < b.at ? 1 : -1;

const upTo = (at: Date | null) => (x: TimelineItem) => !at || Date.parse(x.at) <= at.getTime();

/**
 * The member's timeline: orders, points and wallet entries, tier changes, perk claims and uses, event
 * sign-ups and consultants' notes, merged newest first. Each source gives its newest
 * `limit + skip + 1` items at or before the cursor, which is enough to cut the merged page
 * exactly and to know whether anything older is left.
 */
export class Member360Timeline {
  private readonly sources: Source[];

  constructor(private readonly p: Member360Ports) {
    this.sources = [
      this.orders,
      this.points,
      this.wallet,
      this.tiers,
      this.perks,
      this.events,
      this.notes,
    ];
  }

  async page(m: MemberDoc, cursor: TimelineCursor, limit: number): Promise<TimelinePage> {
    const take = limit + cursor.skip + 1;
    const lists = await Promise.all(this.sources.map((s) => s(m._id, cursor.at, take)));
    const merged = lists.flat().sort(newestFirst);
    const atIso = cursor.at?.toISOString();
    let skipped = 0;
    while (skipped < cursor.skip && merged[skipped]?.at === atIso) skipped++;
    const rest = merged.slice(skipped);
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    if (!last || rest.length <= limit) return { items, nextBefore: null };
    const sameAt = items.filter((x) => x.at === last.at).length;
    const carried = last.at === atIso ? skipped : 0;
    return { items, nextBefore: `${last.at}~${sameAt + carried}` };
  }

  private readonly orders: Source = async (id, at, take) =>
    (await this.p.orders.paidBefore(id, at, take)).map((o) =>
      item({
        id: `order:${o.orderNo}`,
        kind: 'order',
        at: o.paidAt.toISOString(),
        title: o.orderNo,
        code:
          o.refundable === o.amount ? 'paid' : o.refundable === 0 ? 'refunded' : 'partly_refunded',
        text: o.items.map((i) => `${i.name} ×${i.quantity}`).join('、') || null,
        fen: o.amount,
      }),
    );

  private readonly points: Source = async (id, at, take) =>
    (await this.p.points.entriesBefore(id, at, take)).map((e) =>
      item({
        id: `points:${e.id}`,
        kind: 'points',
        at: e.createdAt,
        title: e.reasonText,
        code: e.reason,
        text: e.note,
        points: e.delta,
      }),
    );

  private readonly wallet: Source = async (id, at, take) =>
    (await this.p.walletAdjust.entriesBefore(id, at, take)).map((e) =>
      item({
        id: `wallet:${e.id}`,
        kind: 'wallet',
        at: e.createdAt,
        title: e.reasonText,
        code: e.reason,
        text: e.note,
        fen: e.delta,
      }),
    );

  private readonly tiers: Source = async (id, at, take) => {
    const [history, { tiers }] = await Promise.all([
      this.p.tiers.history(id, SMALL_SOURCE_CAP),
      this.p.tiers.ladder(),
    ]);
    const name = (code: string | null) =>
      code === null ? '—' : (tiers.find((t) => t.code === code)?.name ?? code);
    return history
      .map((h) =>
        item({
          id: `tier:${h.at}:${h.to}`,
          kind: 'tier',
          at: h.at,
          title: `${name(h.from)} → ${name(h.to)}`,
          code: h.reason,
          text: h.note ?? null,
        }),
      )
      .filter(upTo(at))
      .slice(0, take);
  };

  /**
   * A perk instance is one item when claimed or issued (code `claim` / `issue`) and another
   * when used (`used`). Card sends from the sidebar are not recorded anywhere yet.
   */
  private readonly perks: Source = async (id, at, take) =>
    (await this.p.perks.instancesOf(id, SMALL_SOURCE_CAP))
      .flatMap((i) => [
        item({
          id: `perk:${i.redemptionCode}`,
          kind: 'perk',
          at: i.claimedAt,
          title: i.perkName,
          code: i.source,
        }),
        ...(i.usedAt
          ? [
              item({
                id: `perk:${i.redemptionCode}:used`,
                kind: 'perk',
                at: i.usedAt,
                title: i.perkName,
                code: 'used',
              }),
            ]
          : []),
      ])
      .filter(upTo(at))
      .sort(newestFirst)
      .slice(0, take);

  private readonly events: Source = async (id, at, take) =>
    (await this.p.signups(id, { at, limit: take })).map((s) =>
      item({
        id: `event:${s.eventId}`,
        kind: 'event',
        at: s.signedUpAt,
        title: s.title,
        code: s.state,
      }),
    );

  private readonly notes: Source = async (id, at, take) =>
    (await this.p.followUps.notesOfMember(id, { at, limit: take })).map((n) =>
      item({
        id: `note:${String(n._id)}`,
        kind: 'note',
        at: n.createdAt.toISOString(),
        title: n.consultantName || n.consultantUserId,
        text: n.text,
      }),
    );
}
