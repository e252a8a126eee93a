import type { OrderBody } from '@circles/shared';
import { DEMO_STORES, demoNickname, demoPhone, WEIGHTED_PRODUCTS } from './catalog';
import { normalQuantile, Rng } from './random';

export interface DemoPerson {
  i: number;
  nickname: string;
  openid: string;
  unionid?: string;
  phone?: string;
  joinedAt: Date;
}

export interface DemoRefund {
  orderNo: string;
  refundNo: string;
  amount: number;
  reason: string;
}

export interface DemoData {
  people: DemoPerson[];
  /** Chronological. */
  orders: OrderBody[];
  refunds: DemoRefund[];
}

const DAY = 86_400_000;
const NON_BUYERS = 0.15;
/** Log-normal annual spend (yuan) of buyers: median and spread tuned so ~12% of members bring ~68% of revenue. */
const SPEND_MEDIAN = 1_400;
const SPEND_SIGMA = 1.45;

const CHANNELS = [
  ['store', 55],
  ['miniprogram', 25],
  ['tmall', 8],
  ['jd', 4],
  ['douyin', 4],
  ['wecom', 4],
] as const;

const REFUND_REASONS = ['尺码不合适', '颜色与预期不符', '七天无理由退货', '质量问题', '重复下单'];

/**
 * A believable brand's history: members with a log-normal appetite assigned by quantile (so
 * even a small brand has its few top customers), join dates over the period, some who stop
 * buying, basket size growing with appetite, store and online channels, a few refunds.
 * Deterministic for a seed; pure (no I/O).
 */
export function generateDemoData(opts: {
  members: number;
  seed: number;
  now: Date;
  years: number;
}): DemoData {
  const rng = new Rng(opts.seed);
  const r = () => rng.next();
  const now = opts.now.getTime();
  const span = opts.years * 365 * DAY;
  const ranks = rng.shuffle(Array.from({ length: opts.members }, (_, i) => i));
  const stores = DEMO_STORES.map((s) => [s, s.weight] as const);
  const people: DemoPerson[] = [];
  const drafts: Array<Omit<OrderBody, 'orderNo'>> = [];
  const refunds: Array<{ draft: number; amount: number; reason: string }> = [];

  for (let i = 0; i < opts.members; i++) {
    const q = (ranks[i]! + 0.5) / opts.members;
    // Newer members are more common than old ones (the brand grows).
    const joinedAt = new Date(now - span * (1 - Math.sqrt(r())));
    const person: DemoPerson = {
      i,
      nickname: demoNickname(r),
      openid: `demo-openid-${i}`,
      unionid: rng.chance(0.15) ? `demo-unionid-${i}` : undefined,
      phone: rng.chance(0.45) ? demoPhone(i) : undefined,
      joinedAt,
    };
    people.push(person);
    if (q < NON_BUYERS) continue;
    const z = normalQuantile((q - NON_BUYERS) / (1 - NON_BUYERS));
    const perYear = SPEND_MEDIAN * Math.exp(SPEND_SIGMA * z);
    const churnedAt = rng.chance(0.2) ? joinedAt.getTime() + (now - joinedAt.getTime()) * r() : now;
    const active = Math.max(DAY, churnedAt - joinedAt.getTime());
    const total = perYear * (active / (365 * DAY));
    const basket = Math.min(9_000, Math.max(450, 800 * (perYear / 2_000) ** 0.3));
    // Stochastic rounding keeps the expected spend: a light buyer may not have bought yet.
    const count = Math.floor((total / basket) * (0.7 + 0.6 * r()) + r());
    for (let k = 0; k < count; k++) {
      const paidAt = new Date(joinedAt.getTime() + active * r());
      const target = basket * Math.exp(0.35 * rng.normal()) * 100;
      const items: OrderBody['items'] = [];
      let sum = 0;
      while (sum < target * 0.85 && items.length < 12) {
        const p = rng.weighted(WEIGHTED_PRODUCTS);
        const quantity = p.price < 60_000 && rng.chance(0.15) ? 2 : 1;
        items.push({
          sku: p.sku,
          name: p.name,
          category: p.category,
          quantity,
          unitPrice: p.price,
        });
        sum += p.price * quantity;
      }
      const discounted = rng.chance(0.2);
      const amount = discounted ? Math.round((sum * (0.8 + 0.15 * r())) / 100) * 100 : sum;
      const channel = rng.weighted(CHANNELS);
      const store = channel === 'store' ? rng.weighted(stores) : undefined;
      const consultant =
        channel === 'wecom' || (store && rng.chance(0.4))
          ? `demo-ca-${(store ?? rng.weighted(stores)).code}-${rng.int(1, 6)}`
          : undefined;
      const member =
        person.phone && channel === 'store' ? { phone: person.phone } : { openid: person.openid };
      drafts.push({
        member,
        channel,
        ...(store ? { storeCode: store.code } : {}),
        ...(consultant ? { consultantUserId: consultant } : {}),
        paidAt,
        amount,
        items,
      });
      if (rng.chance(0.04)) {
        const full = rng.chance(0.6) || items.length === 1;
        const part = Math.min(amount, items[items.length - 1]!.unitPrice);
        refunds.push({
          draft: drafts.length - 1,
          amount: full ? amount : part,
          reason: rng.pick(REFUND_REASONS),
        });
      }
    }
  }
  const order = drafts
    .map((_, k) => k)
    .sort((a, b) => drafts[a]!.paidAt.getTime() - drafts[b]!.paidAt.getTime());
  const numberOf = new Map<number, string>();
  const orders = order.map((k, seq) => {
    const d = drafts[k]!;
    const day = d.paidAt.toISOString().slice(2, 10).replaceAll('-', '');
    const orderNo = `DM${day}${String(seq + 1).padStart(6, '0')}`;
    numberOf.set(k, orderNo);
    return { orderNo, ...d };
  });
  return {
    people,
    orders,
    refunds: refunds.map((x) => {
      const orderNo = numberOf.get(x.draft)!;
      return { orderNo, refundNo: `RF${orderNo.slice(2)}`, amount: x.amount, reason: x.reason };
    }),
  };
}
