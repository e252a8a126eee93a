import type { ManualClock } from '@circles/server/src/lib/clock';
import type { TestApp } from './app';
import { bearer, loginAs } from './admin';
import { loginMember, order, signedPost } from './member';

export const DAY = 86_400_000;

/** Playbook test levers over one app: members, circles, perks, subscriptions, ticks. */
export function playbookKit(t: TestApp, clock: ManualClock) {
  // Admin sessions expire by the app's clock: log in again once the test has moved it on.
  let session: { token: string; at: number } | null = null;
  const token = async () => {
    if (!session || clock.now().getTime() - session.at > 3_600_000) {
      session = { token: (await loginAs(t, 'ops')).token, at: clock.now().getTime() };
    }
    return session.token;
  };
  const admin = async () => bearer(await token());
  const s = () => t.container.services;
  const fake = () => s().integrations.sandbox!.weapp;

  return {
    admin,
    /** A member with a paid order of `fen` (tier follows), and one accept per purpose given. */
    async member(openid: string, unionid: string, fen: number, accepts: string[] = []) {
      const { token, member } = await loginMember(t, openid, unionid);
      // Paid by the app's clock, so "bought since the run started" reads the same clock.
      if (fen) await this.buy(openid, fen);
      for (const purpose of accepts) {
        const id = `sandbox_${purpose}`;
        await t.http
          .post('/sandbox/weapp/subscriptions')
          .send({ openid, templateIds: [id] })
          .expect(200);
        await t.http
          .post('/api/mp/subscriptions')
          .set(bearer(token))
          .send({ results: { [id]: 'accept' } })
          .expect(200);
      }
      const doc = (await s().members.byMemberNo(member.memberNo))!;
      return { openid, token, memberNo: member.memberNo, id: doc._id };
    },
    async buy(openid: string, fen: number) {
      const paidAt = clock.now().toISOString();
      await signedPost(t, '/api/integrations/orders', order({ openid }, fen, { paidAt })).expect(
        200,
      );
    },
    async circle(id: string, rule: unknown) {
      await t.http
        .post('/api/admin/circles')
        .set(await admin())
        .send({ id, name: `圈层${id}`, status: 'active', rule })
        .expect(201);
    },
    materialize: () => s().circleMaterializer.run(),
    async perk(code: string) {
      await t.http
        .post('/api/admin/perks')
        .set(await admin())
        .send({
          code,
          name: `权益${code}`,
          kind: 'custom',
          tierCodes: [],
          quota: { period: 'month', limit: 1 },
          validityDays: 30,
        })
        .expect(201);
    },
    playbook: async (id: string, body: Record<string, unknown>) =>
      t.http
        .post('/api/admin/playbooks')
        .set(await admin())
        .send({ id, ...body }),
    move: async (id: string, move: string) =>
      t.http.post(`/api/admin/playbooks/${id}/${move}`).set(await admin()),
    /** What the per-minute job does, then whatever the queue still holds. */
    async tick() {
      await s().playbookScheduler.enrollAll();
      await s().playbookScheduler.tick();
      await s().queue.idle();
    },
    async advance(ms: number) {
      clock.advance(ms);
      await this.tick();
    },
    messages: (openid: string) => fake().sentMessages(openid),
    runsOf: async (memberId: unknown) =>
      (await s().playbookRuns.runsOf(memberId as never)).map((r) => ({
        playbookId: r.playbookId,
        status: r.status,
        step: r.step,
        outcome: r.outcome,
      })),
    perksOf: async (memberId: unknown) =>
      (await s().perks.instancesOf(memberId as never)).map((p) => p.perkCode),
  };
}
