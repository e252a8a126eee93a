// Tab pages live in the main package; everything else is in subpackages so the first download
// stays small (WeChat: main ≤ 2 MB, our budget 600 KB; see scripts/size.mjs).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/perks/index', 'pages/tasks/index', 'pages/mine/index'],
  subPackages: [
    {
      root: 'account',
      pages: ['login/index', 'profile/index', 'privacy/index', 'tiers/index', 'member-code/index'],
    },
    {
      root: 'finance',
      pages: [
        'points/index',
        'wallet/index',
        'redeem/index',
        'topup/index',
        'membership/index',
        'coupons/index',
      ],
    },
    { root: 'engage', pages: ['referral/index', 'events/index', 'tickets/index'] },
  ],
  tabBar: {
    color: '#8C8C8C',
    selectedColor: '#B88A3E',
    backgroundColor: '#FFFFFF',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '会员',
        iconPath: 'assets/tab/member.png',
        selectedIconPath: 'assets/tab/member-active.png',
      },
      {
        pagePath: 'pages/perks/index',
        text: '权益',
        iconPath: 'assets/tab/perks.png',
        selectedIconPath: 'assets/tab/perks-active.png',
      },
      {
        pagePath: 'pages/tasks/index',
        text: '任务',
        iconPath: 'assets/tab/tasks.png',
        selectedIconPath: 'assets/tab/tasks-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-active.png',
      },
    ],
  },
  window: {
    navigationBarTitleText: '会员中心',
    navigationBarBackgroundColor: '#141414',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f3ef',
    backgroundTextStyle: 'dark',
  },
  // Preload the subpackages a tab page leads to, so the first tap doesn't wait for a download.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['finance', 'engage'] },
    'pages/mine/index': { network: 'all', packages: ['account', 'finance'] },
  },
  // Inject only the components a page uses: faster start-up on weapp, ignored by H5.
  lazyCodeLoading: 'requiredComponents',
});
