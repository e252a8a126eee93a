/**
 * The member center's pages (miniprogram/src/app.config.ts, subpackages expanded): what the
 * sandbox treats as the released version, so subscribe messages and QR codes may open any of
 * them and nothing else (41030). A test keeps this list equal to the app config.
 */
export const SANDBOX_RELEASED_PAGES: readonly string[] = [
  'pages/index/index',
  'pages/perks/index',
  'pages/tasks/index',
  'pages/mine/index',
  'account/login/index',
  'account/profile/index',
  'account/privacy/index',
  'account/tiers/index',
  'account/member-code/index',
  'finance/points/index',
  'finance/wallet/index',
  'finance/redeem/index',
  'finance/topup/index',
  'finance/membership/index',
  'finance/coupons/index',
  'engage/referral/index',
  'engage/events/index',
  'engage/tickets/index',
];
