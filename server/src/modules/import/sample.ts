import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DEMO_STORES, demoPhone, WEIGHTED_PRODUCTS } from '../seed';
import { Rng } from '../seed';
import { csvField } from '../../lib/csv';
import { COLUMNS } from './rows';

export interface SampleOptions {
  /** CSV data lines (order lines) to write. */
  lines: number;
  members: number;
  seed?: number;
  /** Orders are spread over the `days` before `now`. */
  now?: Date;
  days?: number;
  /** Prefix for order numbers and openids (different files → different orders/people). */
  prefix?: string;
}

export interface SampleStats {
  lines: number;
  orders: number;
  members: number;
  revenue: number;
}

const DAY = 86_400_000;

/** Cumulative weights for O(log n) weighted picks over a fixed list. */
function picker<T>(list: ReadonlyArray<readonly [T, number]>) {
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of list) {
    total += w;
    cum.push(total);
  }
  return (u: number): T => {
    const x = u * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]![0];
  };
}

/**
 * Writes a realistic order CSV (the import format) for benchmarks and tests: members with a
 * log-normal appetite (a few buy often and in big baskets), a mix of phone / openid / unionid
 * references, chronological orders, store and online channels. Deterministic for a seed.
 */
export async function writeSampleOrdersCsv(file: string, o: SampleOptions): Promise<SampleStats> {
  const rng = new Rng(o.seed ?? 1);
  const prefix = o.prefix ?? 'S';
  // Phones are per prefix too, so two sample files are two sets of people.
  const phoneBase = [...prefix].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 97, 7) * 1_000_000;
  const now = (o.now ?? new Date()).getTime();
  const span = (o.days ?? 730) * DAY;
  // ~2.9 lines per order on average with the basket sizes below.
  const targetOrders = Math.max(1, Math.round(o.lines / 2.9));
  const weights = Array.from({ length: o.members }, () => Math.exp(1.3 * rng.normal()));
  const sumW = weights.reduce((s, w) => s + w, 0);
  const k = Math.max(0, (targetOrders - o.members / 2) / sumW);
  const sequence: number[] = [];
  weights.forEach((w, i) => {
    const n = Math.min(400, 1 + Math.floor(w * k));
    for (let j = 0; j < n; j++) sequence.push(i);
  });
  rng.shuffle(sequence);
  const product = picker(WEIGHTED_PRODUCTS);
  const store = picker(DEMO_STORES.map((s) => [s.code, s.weight] as const));
  const channels = [
    ['store', 60],
    ['miniprogram', 20],
    ['tmall', 10],
    ['jd', 5],
    ['douyin', 5],
  ] as const;

  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r));
  await write(`${COLUMNS.join(',')}\n`);
  const stats: SampleStats = { lines: 0, orders: 0, members: 0, revenue: 0 };
  const seen = new Uint8Array(o.members);
  let chunk: string[] = [];
  const total = Math.max(sequence.length, targetOrders);
  for (let n = 0; stats.lines < o.lines; n++) {
    const m = n < sequence.length ? sequence[n]! : rng.int(0, o.members - 1);
    if (!seen[m]) stats.members++;
    seen[m] = 1;
    const w = weights[m]!;
    const size = Math.min(
      o.lines - stats.lines,
      1 + rng.geometric(Math.max(0.25, Math.min(0.85, 0.5 / Math.sqrt(w)))),
    );
    const items = Array.from({ length: size }, () => {
      const p = product(rng.next());
      return { ...p, quantity: rng.chance(0.1) ? 2 : 1 };
    });
    const gross = items.reduce((s, it) => s + it.price * it.quantity, 0);
    const amount = rng.chance(0.15) ? Math.round((gross * 0.9) / 100) * 100 : gross;
    const channel = rng.weighted(channels);
    const at = new Date(now - span + Math.floor(((n + rng.next()) / total) * span));
    const ref = m % 10 < 4 ? 'phone' : m % 10 < 9 ? 'openid' : 'unionid';
    const head = [
      `${prefix}${String(n + 1).padStart(8, '0')}`,
      '',
      ref === 'phone' ? demoPhone(phoneBase + m) : '',
      ref === 'unionid' ? `${prefix}-union-${m}` : '',
      ref === 'openid' ? `${prefix}-openid-${m}` : '',
      channel,
      channel === 'store' ? store(rng.next()) : '',
      channel === 'store' && rng.chance(0.4) ? `${prefix}-ca-${rng.int(1, 60)}` : '',
      at.toISOString(),
      amount,
    ];
    for (const it of items) {
      const row = [...head, it.sku, it.name, it.category, it.quantity, it.price];
      chunk.push(row.map(csvField).join(','));
    }
    stats.lines += size;
    stats.orders++;
    stats.revenue += amount;
    if (chunk.length >= 5000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) await write(`${chunk.join('\n')}\n`);
  out.end();
  await finished(out);
  return stats;
}
