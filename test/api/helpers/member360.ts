import { DEFAULT_TIERS } from '@circles/shared';
import { ManualClock } from '@circles/server/src/lib/clock';
import type { Types } from 'mongoose';
import { bearer, loginAs, type TestAdmin } from './admin';
import { startTestApp, type TestApp } from './app';
import { memberIdOf } from './engagement';
import { loginMember, order, signedPost } from './member';

const DAY = 86_400_000;
export const T0 = new Date('2026-03-02T02:00:00Z');
export const ago = (days: number) => new Date(T0.getTime() - days * DAY);

export interface TimelineRow {
  id: string;
  kind: string;
  at: string;
  title: string;
  code: string | null;
  text: string | null;
  points: number | null;
  fen: number | null;
}

export const fieldsOf = (res: {
  body: { error: { details?: { fields?: Array<{ path: string }> } } };
}) => (res.body.error.details?.fields ?? []).map((f) => f.path);

/** The member 360 suites' app, member, staff and the calls they make. */
function world(
  t: TestApp,
  memberNo: string,
  memberId: Types.ObjectId,
  staff: { ops: TestAdmin; analyst: TestAdmin; admin: TestAdmin },
) {
  const { ops, admin } = staff;
  const post = (path: string, body: Record<string, unknown>, who: TestAdmin) =>
    t.http.post(`/api/admin/members/${memberNo}${path}`).set(bearer(who.token)).send(body);
  return {
    t,
    memberNo,
    memberId,
    ...staff,
    get: (path: string, who: TestAdmin = ops) =>
      t.http.get(`/api/admin/members/${memberNo}${path}`).set(bearer(who.token)),
    adjustPoints: (body: Record<string, unknown>, who: TestAdmin = ops) =>
      post('/adjustments/points', body, who),
    adjustWallet: (body: Record<string, unknown>, who: TestAdmin = ops) =>
      post('/adjustments/wallet', body, who),
    walletOf: () => t.container.services.wallet.view(memberId),
    auditOf: async (action: string) => {
      const res = await t.http
        .get(`/api/admin/audit-logs?action=${action}&targetId=${memberNo}`)
        .set(bearer(admin.token))
        .expect(200);
      return res.body.items as Array<{
        actor: { name: string };
        before: Record<string, unknown>;
        after: Record<string, unknown>;
      }>;
    },
  };
}
export type Member360World = ReturnType<typeof world>;

/**
 * A member with three orders (one with two items, one at a store the directory lacks), a
 * wallet top-up, a claimed perk, an event sign-up, a consultant relation, three notes at one
 * instant and an open follow-up, on a manual clock ending at T0.
 */
export async function startMember360World(): Promise<Member360World> {
  const clock = new ManualClock(ago(10));
  const t = await startTestApp({}, { clock });
  const memberNo: string = (await loginMember(t, 'o-m360-a')).member.memberNo;
  const memberId = await memberIdOf(t, memberNo);
  // Staff sessions are short-lived: whoever acts logs in at the (moved) clock's time.
  const opsNow = () => loginAs(t, 'ops');
  const memberNow = async () => (await loginMember(t, 'o-m360-a')).token;
  const s = t.container.services;

  // Three orders, a day apart; the middle one has two items and a store the directory lacks.
  const orderAt = async (days: number, amount: number, extra: Record<string, unknown>) => {
    clock.set(ago(days));
    await signedPost(
      t,
      '/api/integrations/orders',
      order({ openid: 'o-m360-a' }, amount, { paidAt: ago(days).toISOString(), ...extra }),
    ).expect(200);
  };
  await orderAt(5, 20_000, { orderNo: 'M360-A1', storeCode: 'SH01' });
  await orderAt(4, 30_000, {
    orderNo: 'M360-A2',
    storeCode: 'ZZ99',
    items: [
      { sku: 'SKU-T', name: '真丝衬衫', category: '上装', quantity: 2, unitPrice: 10_000 },
      { sku: 'SKU-S', name: '丝巾', category: '配饰', quantity: 1, unitPrice: 10_000 },
    ],
  });
  await orderAt(3, 15_000, { orderNo: 'M360-A3', storeCode: 'BJ01' });

  clock.set(ago(2));
  await s.wallet.topUp({
    memberId,
    principal: 10_000,
    bonus: 500,
    sourceType: 'test',
    sourceId: 'm360-topup',
    idempotencyKey: 'm360-topup-1',
  });
  await t.http
    .post('/api/admin/perks')
    .set(bearer((await opsNow()).token))
    .send({
      code: 'm360_ship',
      name: '包邮券',
      description: '到店出示核销码',
      kind: 'free_shipping',
      tierCodes: DEFAULT_TIERS.map((x) => x.code),
      quota: { period: 'month', limit: 1 },
      validityDays: 30,
    })
    .expect(201);
  await t.http
    .post('/api/mp/perks/m360_ship/claim')
    .set(bearer(await memberNow()))
    .expect(200);

  clock.set(ago(1));
  const event = await t.http
    .post('/api/admin/events')
    .set(bearer((await opsNow()).token))
    .send({
      title: '春季新品品鉴会',
      kind: 'tasting',
      startAt: new Date(T0.getTime() + 10 * DAY).toISOString(),
      endAt: new Date(T0.getTime() + 10 * DAY + 3 * 3_600_000).toISOString(),
      place: '上海静安嘉里中心 L2',
      capacity: 50,
      signupDeadline: new Date(T0.getTime() + 9 * DAY).toISOString(),
      reward: { points: 100, growth: 10 },
    })
    .expect(201);
  await t.http
    .post(`/api/mp/events/${event.body.id}/signup`)
    .set(bearer(await memberNow()))
    .expect(200);

  // A consultant serves the member in WeCom and writes a note; a follow-up is open.
  clock.set(T0);
  await s.relations.added({
    consultantUserId: 'zhangsan',
    externalUserId: 'wm-m360-a',
    channel: null,
    at: T0,
  });
  await s.relations.linkMember('wm-m360-a', memberId);
  await s.followUps.addNote({
    externalUserId: 'wm-m360-a',
    memberId,
    consultantUserId: 'zhangsan',
    consultantName: '张三',
    text: '偏好羊绒，周末到店',
  });
  // Two more notes at the same instant: the timeline has to page through ties.
  for (const text of ['试穿了新款风衣', '生日在四月']) {
    await s.followUps.addNote({
      externalUserId: 'wm-m360-a',
      memberId,
      consultantUserId: 'lisi',
      consultantName: '李四',
      text,
    });
  }
  await s.followUps.create({
    memberId,
    consultantUserId: 'zhangsan',
    kind: 'manual',
    title: '回访新品试穿',
    playbook: [],
    sourceKey: 'm360-followup-1',
  });
  const [ops, analyst, admin] = [
    await loginAs(t, 'ops'),
    await loginAs(t, 'analyst'),
    await loginAs(t, 'admin'),
  ];
  return world(t, memberNo, memberId, { ops, analyst, admin });
}
