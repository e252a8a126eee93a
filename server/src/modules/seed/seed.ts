import { baseTier, orderBody } from '@circles/shared';
import { Schema, Types } from 'mongoose';
import type { Container } from '../../container';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { IdentityDoc } from '../members';
import { inChunks } from '../../lib/bulk';
import { BulkOrderWriter } from '../import';
import { canonicalHash, type PreparedOrder } from '../import';
import { seedDemoCircles } from '../circles';
import { seedPlaybookTemplates } from '../playbooks';
import { seedDemoEngagement } from '../engagement';
import { seedDemoPerks } from '../perks';
import { generateDemoData } from './generate';

export interface SeedOptions {
  members?: number;
  /** Years of order history up to now. */
  years?: number;
  /** PRNG seed: the same seed gives the same brand. */
  seed?: number;
}

export interface SeedSummary {
  seeded: boolean;
  /** Why nothing was done (non-empty database, or seeded already). */
  reason?: string;
  members: number;
  orders: number;
  refunds: number;
  /** Paid minus refunded, fen. */
  revenue: number;
  /** Members per tier code, highest rank first. */
  tiers: Array<{ code: string; name: string; members: number }>;
  /** Share of revenue brought by the top 12% of members. */
  top12Share: number;
  seconds: number;
}

const BATCH = 4000;
const REFUND_PARALLEL = 4;

const markerSchema = new Schema<{ _id: string; status: string; at: Date }>(
  { _id: String, status: String, at: Date },
  { collection: 'seed_runs', versionKey: false },
);

function nothing(reason: string): SeedSummary {
  return {
    seeded: false,
    reason,
    members: 0,
    orders: 0,
    refunds: 0,
    revenue: 0,
    tiers: [],
    top12Share: 0,
    seconds: 0,
  };
}

/**
 * Creates a believable demo brand (members, two years of orders, refunds, tiers) through the
 * same bulk path as the order import. Only on an empty database, and only once: a marker
 * document claims the seed, so two instances starting together can't both seed.
 */
export async function seedDemoBrand(c: Container, opts: SeedOptions = {}): Promise<SeedSummary> {
  const t0 = Date.now();
  const existing = await c.services.members.query.estimatedCount();
  if (existing > 0 || (await c.services.orders.estimatedCount()) > 0) {
    return nothing(
      `the database already has data (${existing} members); demo data only goes into an empty one`,
    );
  }
  const Marker = c.conn.models.SeedRun ?? c.conn.model('SeedRun', markerSchema);
  try {
    await Marker.create({ _id: 'demo-brand', status: 'running', at: c.clock.now() });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return nothing('demo data was seeded (or is being seeded) already');
  }

  const data = generateDemoData({
    members: opts.members ?? 10_000,
    seed: opts.seed ?? 20_240_101,
    now: c.clock.now(),
    years: opts.years ?? 2,
  });
  const writer = new BulkOrderWriter(c);
  const ladder = await c.services.tiers.ladder();

  // Members, as they signed up in the mini-program: openid identity first, then the document.
  const { creates } = await writer.resolver.resolve(
    data.people.map((p) => ({ ref: { openid: p.openid }, source: 'weapp' })),
  );
  const byId = new Map(creates.map((n) => [String(n._id), n]));
  const ids = new Map<string, Types.ObjectId>();
  for (const p of data.people) {
    const id = writer.cache.identities.get(`openid:${p.openid}`)!;
    ids.set(p.openid, id);
    const n = byId.get(String(id));
    if (n) Object.assign(n, { nickname: p.nickname, createdAt: p.joinedAt });
  }
  await writer.resolver.createMembers(creates, baseTier(ladder.tiers).code);

  // Their other identities: unionids, and phones bound the way /api/mp/phone binds them.
  const newIdentity = writer.store.Identity.make;
  const extra = data.people.flatMap((p) => {
    const memberId = ids.get(p.openid)!;
    const rows: IdentityDoc[] = [];
    const row = (kind: IdentityDoc['kind'], value: string) =>
      newIdentity({ _id: new Types.ObjectId(), kind, value, memberId, createdAt: p.joinedAt });
    if (p.unionid) rows.push(row('unionid', p.unionid));
    if (p.phone) rows.push(row('phone', c.phoneCrypto.lookupHash(p.phone)));
    return rows;
  });
  await writer.store.Identity.insertNew(extra);
  const withPhone = data.people.filter((p) => p.phone);
  await inChunks(
    withPhone,
    async (chunk) => {
      for (const p of chunk) await c.services.members.setPhone(ids.get(p.openid)!, p.phone!);
      return [];
    },
    50,
    REFUND_PARALLEL,
  );

  // Two years of orders through the import's bulk path, oldest first.
  for (let i = 0; i < data.orders.length; i += BATCH) {
    const batch: PreparedOrder[] = data.orders.slice(i, i + BATCH).map((o) => {
      const body = orderBody.parse(o);
      return { body, bodyHash: canonicalHash(body), line: 0 };
    });
    const res = await writer.apply(batch);
    if (res.rejected.length) throw new Error(`demo order rejected: ${res.rejected[0]!.reason}`);
  }
  // Refunds go through RefundsService one by one: growth reversal, totals and tiers as in the API.
  await inChunks(
    data.refunds,
    async (chunk) => {
      for (const r of chunk) {
        await c.services.refunds.refund(r.orderNo, {
          refundNo: r.refundNo,
          amount: r.amount,
          reason: r.reason,
        });
      }
      return [];
    },
    25,
    REFUND_PARALLEL,
  );

  // Tier perks with some claims and uses, so perk metrics have data.
  await seedDemoPerks(c);
  // Member tasks and upcoming community events.
  await seedDemoEngagement(c);
  // A small points redemption catalogue (coupon, gift, perk).
  await c.services.pointsCatalog.seedDemo();
  // Circles with matched perks; members join them after the first value run.
  await seedDemoCircles(c);
  // The built-in playbooks as drafts, for ops to review and activate.
  await seedPlaybookTemplates(c);

  await Marker.updateOne({ _id: 'demo-brand' }, { $set: { status: 'done', at: c.clock.now() } });
  return {
    ...(await summarize(c)),
    seeded: true,
    refunds: data.refunds.length,
    seconds: (Date.now() - t0) / 1000,
  };
}

/** Members per tier, orders, revenue and how concentrated it is. */
export async function summarize(c: Container): Promise<SeedSummary> {
  const { tiers } = await c.services.tiers.ladder();
  const counts = await c.services.members.query.countByTier();
  const spend = (await c.services.members.query.activeSpends()).sort((a, b) => b - a);
  const revenue = spend.reduce((s, v) => s + v, 0);
  const top = spend.slice(0, Math.round(spend.length * 0.12)).reduce((s, v) => s + v, 0);
  return {
    seeded: false,
    members: spend.length,
    orders: await c.services.orders.estimatedCount(),
    refunds: 0,
    revenue,
    tiers: [...tiers]
      .reverse()
      .map((t) => ({ code: t.code, name: t.name, members: counts.get(t.code) ?? 0 })),
    top12Share: revenue > 0 ? top / revenue : 0,
    seconds: 0,
  };
}

/**
 * What `npm start` calls: SEED_DEMO=on seeds an empty database, auto only in sandbox mode,
 * off never. Returns null when the policy says no.
 */
export async function seedIfEmpty(
  c: Container,
  opts: SeedOptions = {},
): Promise<SeedSummary | null> {
  const { seedDemo, sandbox } = c.config;
  // auto never seeds production, sandbox mode or not: demo data has no place in a real database.
  const auto = sandbox && c.config.env !== 'production';
  if (seedDemo === 'off' || (seedDemo === 'auto' && !auto)) return null;
  const s = await seedDemoBrand(c, opts);
  if (s.seeded)
    c.logger.info(
      { ...s, tiers: Object.fromEntries(s.tiers.map((t) => [t.code, t.members])) },
      'demo brand seeded',
    );
  else c.logger.info({ reason: s.reason }, 'demo seed skipped');
  return s;
}

/** A few lines for people: what the demo brand looks like. */
export function formatSummary(s: SeedSummary): string {
  if (!s.seeded) return `Demo seed skipped: ${s.reason}`;
  const yuan = (fen: number) => `¥${Math.round(fen / 100).toLocaleString('en-US')}`;
  return [
    `Seeded the demo brand in ${s.seconds.toFixed(1)} s`,
    `  members  ${s.members.toLocaleString('en-US')}`,
    ...s.tiers.map((t) => `    ${String(t.members).padStart(6)}  ${t.name} (${t.code})`),
    `  orders   ${s.orders.toLocaleString('en-US')} (${s.refunds} refunds)`,
    `  revenue  ${yuan(s.revenue)} — top 12% of members bring ${(s.top12Share * 100).toFixed(0)}%`,
  ].join('\n');
}
