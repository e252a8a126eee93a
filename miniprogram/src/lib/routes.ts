import Taro from '@tarojs/taro';

// Every page path in one place (app.config.ts lists the same pages).
export const ROUTES = {
  home: '/pages/index/index',
  perks: '/pages/perks/index',
  tasks: '/pages/tasks/index',
  mine: '/pages/mine/index',
  login: '/account/login/index',
  profile: '/account/profile/index',
  privacy: '/account/privacy/index',
  tierGuide: '/account/tiers/index',
  memberCode: '/account/member-code/index',
  points: '/finance/points/index',
  redeem: '/finance/redeem/index',
  wallet: '/finance/wallet/index',
  topup: '/finance/topup/index',
  membership: '/finance/membership/index',
  coupons: '/finance/coupons/index',
  referral: '/engage/referral/index',
  events: '/engage/events/index',
  tickets: '/engage/tickets/index',
} as const;

const TABS: readonly string[] = [ROUTES.home, ROUTES.perks, ROUTES.tasks, ROUTES.mine];

/** Opens a page: tab pages need switchTab, every other page navigateTo. */
export function go(url: string): void {
  if (TABS.includes(url)) void Taro.switchTab({ url });
  else void Taro.navigateTo({ url });
}
