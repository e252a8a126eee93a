import { ManualClock } from '@circles/server/src/lib/clock';
import type { OutboxEntry } from '@circles/server/src/platform';
import { startTestApp, type TestApp } from './helpers/app';
import { loginMember, order, signedPost } from './helpers/member';

jest.setTimeout(60_000);

/**
 * Domain events survive a crash at any point between an order's write and its effects, and
 * are repaired without any client retry: the outbox sweeper relays what is still in the order,
 * the queue retries deliveries that did not finish. Effects never apply twice.
 */
describe('order events through the durable outbox', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  const crashOnce = (stage: 'beforeRelay' | 'beforeDeliver') => {
    const faults = t.container.services.domainEvents.faults;
    faults[stage] = async (_entries: OutboxEntry[]) => {
      faults[stage] = undefined;
      throw new Error(`simulated crash ${stage}`);
    };
  };
  const memberOf = async (openid: string) => {
    const { member } = await loginMember(t, openid);
    const doc = await t.container.services.members.byMemberNo(member.memberNo);
    return { ref: { memberNo: member.memberNo as string }, id: doc!._id };
  };
  const balance = (id: Parameters<typeof t.container.services.points.balance>[0]) =>
    t.container.services.points.balance(id).then((b) => b.balance);

  it('keeps order.paid in the order when the process dies before relaying it', async () => {
    const { ref, id } = await memberOf('o-outbox-1');
    const o = order(ref, 50_000);
    crashOnce('beforeRelay');
    await signedPost(t, '/api/integrations/orders', o).expect(500);
    expect(await balance(id)).toBe(0);
    const raw = await t.container.db
      .connection!.collection('orders')
      .findOne({ orderNo: o.orderNo });
    expect(raw?.outbox).toEqual([expect.objectContaining({ name: 'order.paid' })]);

    // Nobody retries. Inside the grace period the sweeper leaves it to the writer…
    expect(await t.container.services.domainEvents.sweep()).toBe(0);
    clock.advance(60_000);
    // …after it, the sweeper relays and delivers: points once, outbox emptied.
    expect(await t.container.services.domainEvents.sweep()).toBe(1);
    expect(await balance(id)).toBe(500);
    expect(await t.container.services.domainEvents.sweep()).toBe(0);
    // A late replay by the POS changes nothing.
    await signedPost(t, '/api/integrations/orders', o).expect(200);
    expect(await balance(id)).toBe(500);
    const after = await t.container.db
      .connection!.collection('orders')
      .findOne({ orderNo: o.orderNo });
    expect(after?.outbox ?? []).toEqual([]);
  });

  it('delivers from the queue when the process dies after the fan-out', async () => {
    const { ref, id } = await memberOf('o-outbox-2');
    const o = order(ref, 30_000);
    crashOnce('beforeDeliver');
    await signedPost(t, '/api/integrations/orders', o).expect(500);
    expect(await balance(id)).toBe(0);
    const queue = t.container.services.queue;
    const waiting = await queue.Item.find({
      key: { $regex: `^order\\.paid:${o.orderNo}\\|` },
    }).lean();
    expect(waiting.map((w) => w.status)).toEqual(waiting.map(() => 'pending'));
    expect(waiting.map((w) => w.key.split('|')[1]).sort()).toEqual(
      [...t.container.services.domainEvents.subscribersOf('order.paid')].sort(),
    );
    // The queue's own poll picks them up (kicked here instead of waiting a second).
    for (const w of waiting) queue.kick(w.kind);
    await queue.idle();
    expect(await balance(id)).toBe(300);
    await signedPost(t, '/api/integrations/orders', o).expect(200);
    expect(await balance(id)).toBe(300);
  });

  it('relays a refund written with its event even when the process dies right after', async () => {
    const { ref, id } = await memberOf('o-outbox-3');
    const o = order(ref, 40_000);
    await signedPost(t, '/api/integrations/orders', o).expect(200);
    expect(await balance(id)).toBe(400);
    crashOnce('beforeRelay');
    const refund = { refundNo: 'R-OUTBOX', amount: 10_000, reason: '退货' };
    await signedPost(t, `/api/integrations/orders/${o.orderNo}/refunds`, refund).expect(500);
    expect(await balance(id)).toBe(400);
    clock.advance(60_000);
    expect(await t.container.services.domainEvents.sweep()).toBe(1);
    expect(await balance(id)).toBe(300);
    // The POS retry answers the same refund and reverses nothing more.
    const again = await signedPost(t, `/api/integrations/orders/${o.orderNo}/refunds`, refund);
    expect(again.status).toBe(200);
    expect(again.body.refunded).toBe(10_000);
    expect(await balance(id)).toBe(300);
  });

  it('publishes tier.changed with the tier change itself and delivers it once', async () => {
    const { id } = await memberOf('o-outbox-4');
    const seen: string[] = [];
    const events = t.container.services.domainEvents;
    events.subscribe('tier.changed', 'test.tier-counter', async (p) => {
      seen.push(`${p.from}->${p.to}:${p.reason}`);
    });
    const until = new Date(clock.now().getTime() + 30 * 86_400_000);
    crashOnce('beforeRelay');
    await expect(
      t.container.services.tiers.override(id, 'gold', until, '客诉补偿', 'ops'),
    ).rejects.toThrow('simulated crash');
    expect(seen).toEqual([]);
    clock.advance(60_000);
    expect(await events.sweep()).toBe(1);
    expect(seen).toEqual(['normal->gold:manual']);
    // The history record is written from the event, so the crash left no change without one.
    const history = await t.container.services.tiers.history(id);
    expect(history).toEqual([
      expect.objectContaining({ from: 'normal', to: 'gold', reason: 'manual' }),
    ]);
    expect(await events.sweep()).toBe(0);
    expect(seen).toHaveLength(1);
    expect(await t.container.services.tiers.history(id)).toHaveLength(1);
  });

  it('publishes member.merged when a OneID merge is applied', async () => {
    const seen: string[] = [];
    t.container.services.domainEvents.subscribe(
      'member.merged',
      'test.merge-counter',
      async (p) => {
        seen.push(String(p.loserId));
      },
    );
    const { members, merges } = t.container.services;
    const a = await members.require((await memberOf('o-outbox-5')).id);
    const b = await members.require((await memberOf('o-outbox-6')).id);
    const survivor = await merges.merge(a, b, '同一手机号', 'ops');
    const loser = String(survivor._id) === String(a._id) ? b : a;
    expect(seen).toEqual([String(loser._id)]);
  });
});

describe('debounced queue work', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  it('"run now" after a debounced trigger moves the waiting item earlier, never later', async () => {
    const queue = t.container.services.queue;
    const runs: Date[] = [];
    queue.handle('test.debounced', async () => {
      runs.push(clock.now());
    });
    await queue.schedule('test.debounced', 'test.debounced', 120_000); // e.g. after an order
    await queue.schedule('test.debounced', 'test.debounced', 300_000); // a later trigger: no change
    const waiting = () => queue.Item.findOne({ key: 'test.debounced' }).lean();
    expect((await waiting())!.runAfter.getTime()).toBe(clock.now().getTime() + 120_000);
    await queue.schedule('test.debounced', 'test.debounced', 0); // 立即重算
    expect((await waiting())!.runAfter.getTime()).toBe(clock.now().getTime());
    await queue.idle();
    expect(runs).toHaveLength(1);
  });
});
