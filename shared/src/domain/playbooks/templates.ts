import type { PlaybookDefinitionInput } from './definition';

export interface PlaybookTemplate {
  id: string;
  definition: PlaybookDefinitionInput;
}

/**
 * Built-in SOPs the seed installs (as drafts) and ops can copy. Circle ids and perk codes are
 * the demo brand's; a copy lets ops point them at their own.
 */
export const PLAYBOOK_TEMPLATES: readonly PlaybookTemplate[] = [
  {
    id: 'wakeup-three',
    definition: {
      name: '唤醒三板斧',
      description:
        '高净值会员 30 天未消费：导购 1v1 送试用礼 → 新品优先购 → 邀约品牌活动，会员下单即停止',
      trigger: { type: 'circle_entered', circleId: 'dormant-vip', includeCurrent: true },
      goal: 'purchase',
      priority: 1,
      steps: [
        {
          type: 'consultant_task',
          title: '第一板斧：1v1 问候并送老友回归礼',
          script: [
            '{name}您好，好久不见！新季到店了，给您预留了一份老友回归礼，方便时来店里试穿～',
            '如果最近不方便到店，也可以告诉我尺码，我先帮您留货。',
          ],
          outcomes: ['已联系', '未回复', '不感兴趣'],
          timeoutDays: 3,
        },
        { type: 'grant_perk', perkCode: 'vip_wakeup_gift' },
        {
          type: 'subscribe_message',
          purpose: 'perk_granted',
          data: { perk: '老友回归礼', note: '导购已为您预留，到店出示会员码领取' },
        },
        { type: 'wait', days: 7 },
        { type: 'branch', condition: { kind: 'purchased_since_start' }, yes: 99, no: 5 },
        { type: 'grant_perk', perkCode: 'koc_trial' },
        {
          type: 'subscribe_message',
          purpose: 'perk_granted',
          data: { perk: '新品优先购', note: '新品上市前 3 天为您开放优先购买' },
        },
        { type: 'wait', days: 7 },
        { type: 'branch', condition: { kind: 'purchased_since_start' }, yes: 99, no: 9 },
        {
          type: 'consultant_task',
          title: '第三板斧：邀约品牌活动',
          script: ['{name}您好，本月有一场会员专属的新品鉴赏会，给您留了位置，想邀请您来～'],
          outcomes: ['已报名', '考虑中', '不感兴趣'],
          timeoutDays: 5,
        },
      ],
    },
  },
  {
    id: 'rising-onboarding',
    definition: {
      name: '新晋高潜成长引导',
      description: '会员进入新晋高潜：推送品牌故事，导购轻触达并推荐一个轻任务',
      trigger: { type: 'circle_entered', circleId: 'rising-stars', includeCurrent: false },
      goal: 'none',
      priority: 4,
      steps: [
        {
          type: 'subscribe_message',
          purpose: 'care_message',
          data: { title: '品牌故事', content: '了解我们的面料与工艺，完善资料再领积分' },
        },
        { type: 'wait_until', weekday: 6, hour: 10 },
        {
          type: 'consultant_task',
          title: '新晋高潜：欢迎并推荐完善资料任务',
          script: ['{name}您好，我是您的专属导购，有穿搭问题随时找我～完善资料还能领积分哦'],
          outcomes: ['已联系', '未回复'],
          timeoutDays: 3,
        },
      ],
    },
  },
  {
    id: 'birthday-care',
    definition: {
      name: '生日关怀',
      description: '复购活跃会员生日当月：送生日积分、发关怀消息，导购 1v1 送上生日祝福',
      trigger: { type: 'birthday_month', circleId: 'repeat-active' },
      goal: 'none',
      priority: 3,
      steps: [
        { type: 'grant_points', points: 200 },
        {
          type: 'subscribe_message',
          purpose: 'care_message',
          data: { title: '生日快乐', content: '生日积分 200 已到账，本月到店还有生日惊喜' },
        },
        {
          type: 'consultant_task',
          title: '生日关怀：1v1 送上生日祝福',
          script: ['{name}生日快乐！给您准备了生日积分和一份到店小惊喜，本月随时来店里找我～'],
          outcomes: ['已祝福', '未回复'],
          timeoutDays: 5,
        },
      ],
    },
  },
  {
    id: 'points-expiring',
    definition: {
      name: '积分到期提醒',
      description: '复购活跃会员有积分 7 天内到期：发到期提醒，导购 1v1 推荐可兑换的好礼',
      trigger: { type: 'points_expiring', circleId: 'repeat-active', withinDays: 7 },
      goal: 'none',
      priority: 6,
      steps: [
        {
          type: 'subscribe_message',
          purpose: 'points_expiring',
          data: {
            points: '{points}',
            expiresAt: '{expiresAt}',
            note: '积分商城好礼可兑，过期后将无法使用',
          },
        },
        { type: 'wait', days: 2 },
        {
          type: 'consultant_task',
          title: '积分到期：1v1 推荐积分兑换',
          script: [
            '{name}您好，您有 {points} 积分将于 {expiresAt} 到期，积分商城的好礼可以直接兑换，需要我帮您挑一份吗？',
          ],
          outcomes: ['已兑换', '未回复', '不需要'],
          timeoutDays: 3,
        },
      ],
    },
  },
  {
    id: 'event-no-show',
    definition: {
      name: '活动未到场回访',
      description: '报名活动却未到场的复购活跃会员：导购 1v1 关心原因，送上下一场的优先报名',
      trigger: { type: 'event_no_show', circleId: 'repeat-active' },
      goal: 'none',
      priority: 5,
      steps: [
        { type: 'wait_until', weekday: 2, hour: 10 },
        {
          type: 'consultant_task',
          title: '活动未到场：1v1 回访',
          script: [
            '{name}您好，上次的「{event}」没见到您，是时间不方便吗？下一场我先帮您留个位置～',
          ],
          outcomes: ['已回访', '未回复', '不感兴趣'],
          timeoutDays: 3,
        },
        {
          type: 'subscribe_message',
          purpose: 'care_message',
          data: { title: '下一场活动邀请', content: '为您预留了下一场会员活动的优先报名名额' },
        },
      ],
    },
  },
];
