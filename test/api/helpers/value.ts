import type { OrderBody } from '@circles/shared';
import type { ManualClock } from '@circles/server/src/lib/clock';
import type { TestApp } from './app';

const DAY = 86_400_000;

/** Run 1 of the crafted history: 2026-06-01, mid-day UTC. */
export const R1 = new Date('2026-06-01T04:00:00Z');
export const daysAfter = (base: Date, days: number) => new Date(base.getTime() + days * DAY);

/** One purchase of the crafted history: `day` is relative to R1. */
export interface Purchase {
  openid: string;
  day: number;
  amount: number;
}

const ACTIVE = 34;
const interval = (i: number) => 14 + ((i * 7) % 22);
const spend = (i: number, k: number) => 15_000 + 1_500 * (i % 12) + 700 * ((i + k) % 5);

/**
 * A brand of buyers up to R1: 34 regulars buying every 14–35 days for half a year, 6 who faded
 * out after 1 to 12 purchases last year, 10 occasional buyers, 10
 * one-timers a month ago, and a champion ('o-champ') who bought ¥800 every week for half a year.
 */
export function historyUntilR1(): Purchase[] {
  const out: Purchase[] = [];
  for (let i = 0; i < ACTIVE; i++) {
    for (let d = -180 - (i % 9), k = 0; d <= 0; d += interval(i), k++)
      out.push({ openid: `o-reg-${i}`, day: d, amount: spend(i, k) });
  }
  for (let i = 0; i < 12; i++) {
    // Faders: 1 to 12 purchases 10–21 days apart, then nothing.
    for (let d = -300 + i * 7, k = 0; k <= i; d += 10 + i, k++)
      out.push({ openid: `o-fade-${i}`, day: d, amount: spend(i, k) });
  }
  for (let i = 0; i < 10; i++) {
    out.push({ openid: `o-occ-${i}`, day: -200 - i, amount: 15_000 });
    out.push({ openid: `o-occ-${i}`, day: -100 - i, amount: 12_000 });
    out.push({ openid: `o-one-${i}`, day: -30 - i, amount: 8_000 });
  }
  for (let d = -182; d <= 0; d += 7) out.push({ openid: 'o-champ', day: d, amount: 80_000 });
  return out;
}

/** The active regulars keep buying on their rhythm until `untilDay`; nobody else buys. */
export function regularsUntil(untilDay: number): Purchase[] {
  const out: Purchase[] = [];
  for (let i = 0; i < ACTIVE; i++) {
    let d = -180 - (i % 9);
    while (d <= 0) d += interval(i);
    for (let k = 100; d <= untilDay; d += interval(i), k++)
      out.push({ openid: `o-reg-${i}`, day: d, amount: spend(i, k) });
  }
  return out;
}

let seq = 0;

/** A paid order stored through the real orders service (growth, tiers and hooks included). */
export async function paid(t: TestApp, openid: string, amount: number, paidAt: Date) {
  seq++;
  const body: OrderBody = {
    orderNo: `V${seq}-${openid}`,
    member: { openid },
    channel: 'store',
    storeCode: 'SH001',
    paidAt,
    amount,
    items: [{ sku: 'SKU1', name: '羊绒大衣', category: '外套', quantity: 1, unitPrice: amount }],
  };
  return t.container.services.orders.create(body);
}

/** Stores the purchases, each member's in order, several members at a time. */
export async function store(t: TestApp, purchases: Purchase[], parallel = 6): Promise<void> {
  const byMember = new Map<string, Purchase[]>();
  for (const p of purchases) byMember.set(p.openid, [...(byMember.get(p.openid) ?? []), p]);
  const lists = [...byMember.values()];
  for (let i = 0; i < lists.length; i += parallel) {
    await Promise.all(
      lists.slice(i, i + parallel).map(async (list) => {
        for (const p of list) await paid(t, p.openid, p.amount, daysAfter(R1, p.day));
      }),
    );
  }
}

/** Stores the history at R1 (clock set there); returns the champion's member number. */
export async function craftHistory(t: TestApp, clock: ManualClock): Promise<string> {
  clock.set(R1);
  await store(t, historyUntilR1());
  const champ = await t.container.services.members.findByIdentity({
    kind: 'openid',
    value: 'o-champ',
  });
  return champ!.memberNo;
}
