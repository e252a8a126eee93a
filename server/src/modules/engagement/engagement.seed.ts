import { type EventBody, eventBody, type TaskDefBody, taskDefBody } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';

const DAY = 86_400_000;

const reward = (points: number, growth = 0) => ({ points, growth, perkCode: null });

/** The demo brand's member tasks (harder ones for the upper circles). */
const TASKS: Array<Partial<TaskDefBody> & Pick<TaskDefBody, 'code' | 'name' | 'kind'>> = [
  {
    code: 'daily_signin',
    name: '每日签到',
    kind: 'signin',
    target: 1,
    period: 'daily',
    reward: reward(5),
    streakBonus: { every: 7, points: 50 },
  },
  {
    code: 'share_weekly',
    name: '分享好物 3 次',
    kind: 'share',
    target: 3,
    period: 'weekly',
    reward: reward(30),
  },
  {
    code: 'first_review',
    name: '发布一篇测评',
    kind: 'review',
    target: 1,
    period: 'once',
    reward: reward(100, 20),
  },
  {
    code: 'complete_profile',
    name: '完善个人资料',
    kind: 'profile',
    target: 1,
    period: 'once',
    reward: reward(50),
  },
  {
    code: 'invite_monthly',
    name: '邀请 1 位好友首购',
    kind: 'invite',
    target: 1,
    period: 'monthly',
    reward: reward(200),
  },
  {
    code: 'attend_event',
    name: '参加一次社群活动',
    kind: 'event',
    target: 1,
    period: 'monthly',
    reward: reward(80, 30),
  },
  {
    code: 'first_coat',
    name: '首次购买外套',
    kind: 'category_purchase',
    category: '外套',
    reward: reward(100),
  },
  {
    code: 'spend_monthly',
    name: '当月消费满 3000 元',
    kind: 'spend',
    target: 300_000,
    period: 'monthly',
    reward: reward(300),
    eligibleTiers: ['gold', 'diamond', 'black'],
  },
];

/** Seeds the demo tasks and two upcoming community events; rerunnable (existing codes skip). */
export async function seedDemoEngagement(c: Container): Promise<{ tasks: number; events: number }> {
  let tasks = 0;
  for (const t of TASKS) {
    try {
      await c.services.tasks.defs.create(taskDefBody.parse({ target: 1, period: 'once', ...t }));
      tasks++;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'TASK_CODE_TAKEN')) throw err;
    }
  }
  if ((await c.services.events.list()).length > 0) return { tasks, events: 0 };
  const now = c.clock.now().getTime();
  const events: EventBody[] = [
    eventBody.parse({
      title: '冬季新品品鉴会',
      kind: 'tasting',
      startAt: new Date(now + 14 * DAY),
      endAt: new Date(now + 14 * DAY + 3 * 3_600_000),
      place: '上海静安嘉里中心 L2 品牌旗舰店',
      capacity: 40,
      tierQuotas: [{ tierCode: 'gold', seats: 20 }],
      eligibleTiers: ['silver', 'gold', 'diamond', 'black'],
      signupDeadline: new Date(now + 12 * DAY),
      reward: { points: 100, growth: 50 },
    }),
    eventBody.parse({
      title: '会员日直播：羊绒护理课',
      kind: 'live',
      startAt: new Date(now + 7 * DAY),
      endAt: new Date(now + 7 * DAY + 3_600_000),
      liveUrl: 'https://live.example.com/circles/cashmere',
      capacity: 500,
      signupDeadline: new Date(now + 7 * DAY),
      reward: { points: 20, growth: 0 },
    }),
  ];
  for (const e of events) await c.services.events.create(e);
  return { tasks, events: events.length };
}
