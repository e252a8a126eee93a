import { testConfig } from '@circles/server/src/config';
import { createContainer } from '@circles/server/src/container';
import { ManualClock } from '@circles/server/src/lib/clock';
import { DAY, playbookKit } from './helpers/playbooks';
import { startWeComApp, type WeComTestApp } from './wecom.fixture';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const care = (n: number) => ({
  type: 'subscribe_message',
  purpose: 'care_message',
  data: { title: `关怀 ${n}`, content: '天气转凉，注意保暖' },
});

/** Frequency caps, quiet hours, priorities, and crashes at every step across two instances. */
describe('playbooks: caps, quiet hours, priority and crash safety', () => {
  let t: WeComTestApp;
  // Thursday 2026-12-03 22:00 in Beijing: inside the default quiet hours (21:00–09:00).
  const clock = new ManualClock(new Date('2026-12-03T14:00:00Z'));
  let kit: ReturnType<typeof playbookKit>;

  beforeAll(async () => {
    t = await startWeComApp({ clock });
    kit = playbookKit(t, clock);
  });
  afterAll(() => t.close());

  const define = async (id: string, circleId: string, steps: unknown[], priority = 5) => {
    const definition = {
      name: `剧本${id}`,
      trigger: { type: 'one_off', circleId },
      steps,
      goal: 'none',
      priority,
    };
    expect((await kit.playbook(id, { definition })).status).toBe(201);
    expect((await kit.move(id, 'activate')).status).toBe(200);
  };

  it('waits out the quiet hours, then never exceeds 2 touches in 7 days', async () => {
    const bob = await kit.member('o-pb-bob', 'u-pb-bob', 150_000, [
      'care_message',
      'care_message',
      'care_message',
    ]);
    await kit.circle('pb-silver', { field: 'tier', op: 'eq', value: 'silver' });
    await kit.materialize();
    await define('caps', 'pb-silver', [care(1), care(2), care(3)]);
    await kit.tick();
    expect(kit.messages(bob.openid)).toHaveLength(0); // 22:00 Beijing: quiet
    await kit.advance(10 * HOUR); // 08:00: still quiet
    expect(kit.messages(bob.openid)).toHaveLength(0);
    await kit.advance(HOUR); // 09:00
    expect(kit.messages(bob.openid)).toHaveLength(2); // the third waits for the cap
    const first = clock.now().getTime();
    await kit.advance(7 * DAY - 60_000);
    expect(kit.messages(bob.openid)).toHaveLength(2);
    await kit.advance(2 * 60_000);
    expect(kit.messages(bob.openid)).toHaveLength(3);
    // The third touch came only once the first two left the 7-day window.
    expect(clock.now().getTime() - first).toBeGreaterThan(7 * DAY);
    expect((await kit.runsOf(bob.id))[0]).toMatchObject({ status: 'done', outcome: 'completed' });
  });

  it('does not enter a member into a lower-priority playbook while a higher one runs', async () => {
    const carol = await kit.member('o-pb-carol', 'u-pb-carol', 600_000);
    await kit.circle('pb-gold', { field: 'tier', op: 'eq', value: 'gold' });
    await kit.materialize();
    await define('high', 'pb-gold', [{ type: 'wait', days: 10 }], 1);
    await kit.tick();
    await define('low', 'pb-gold', [{ type: 'grant_points', points: 10 }], 9);
    await kit.tick();
    expect((await kit.runsOf(carol.id)).map((r) => r.playbookId)).toEqual(['high']);
  });

  it('a crash after any step and a rerun on another instance: each grant and message once', async () => {
    const dave = await kit.member('o-pb-dave', 'u-pb-dave', 90_000, [
      'perk_granted',
      'perk_granted',
    ]);
    await kit.circle('pb-dave', { field: 'tier', op: 'eq', value: 'normal' });
    await kit.perk('pb_gift');
    await kit.materialize();
    // A second instance of the server on the same database (its own executor and leases).
    const other = await createContainer(testConfig({ mongodbUri: t.container.db.uri }), { clock });
    try {
      const visited = new Set<number>();
      const crashOnFirstVisit = async (run: { step: number }) => {
        if (visited.has(run.step)) return;
        visited.add(run.step);
        throw new Error(`crash after step ${run.step}`);
      };
      t.container.services.playbookExecutor.faults.afterEffect = crashOnFirstVisit;
      other.services.playbookExecutor.faults.afterEffect = crashOnFirstVisit;
      const before = (await t.container.services.points.balance(dave.id)).balance;
      await define('crashy', 'pb-dave', [
        { type: 'grant_points', points: 100 },
        { type: 'grant_perk', perkCode: 'pb_gift' },
        {
          type: 'subscribe_message',
          purpose: 'perk_granted',
          data: { perk: '到店礼', note: '到店领取' },
        },
        { type: 'grant_points', points: 5 },
      ]);
      await t.container.services.playbookScheduler.enrollAll();
      const instances = [t.container, other];
      for (let i = 0; i < 12 && (await kit.runsOf(dave.id))[0]?.status !== 'done'; i++) {
        clock.advance(61_000); // the dead instance's lease runs out
        await instances[i % 2]!.services.playbookScheduler.tick().catch((e: Error) => {
          expect(e.message).toMatch(/^crash after step/);
        });
      }
      expect(visited).toEqual(new Set([0, 1, 2, 3]));
      expect((await kit.runsOf(dave.id))[0]).toMatchObject({
        status: 'done',
        outcome: 'completed',
      });
      const after = (await t.container.services.points.balance(dave.id)).balance;
      expect(after - before).toBe(105); // 100 + 5, once each
      expect((await kit.perksOf(dave.id)).filter((c) => c === 'pb_gift')).toHaveLength(1);
      const sent = [
        ...kit.messages(dave.openid),
        ...other.services.integrations.sandbox!.weapp.sentMessages(dave.openid),
      ];
      expect(sent).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
