import { cleanup, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test/fake-api';
import { signIn, signOut } from '../../../test/session';
// The jest stand-in for @tarojs/taro exposes the share handler a page registered.
import { shareHandler } from '../../../test/taro-mock';
import ReferralPage from '.';

const referral = {
  code: 'INV8K2',
  shareCard: { title: '林小满邀你加入圈层会员', path: '/pages/index/index?inviter=INV8K2' },
  qrCode: 'data:image/png;base64,iVBORw0KGgo=',
  invitedBy: null,
  invitees: [
    {
      nickname: '陈一',
      memberNoMasked: 'M2025****02',
      state: 'qualified',
      voidReason: null,
      boundAt: '2025-05-01T02:00:00.000Z',
      qualifyAt: '2025-05-10T02:00:00.000Z',
      rewardPoints: 200,
    },
    {
      nickname: '王二',
      memberNoMasked: 'M2025****03',
      state: 'pending',
      voidReason: null,
      boundAt: '2025-06-01T02:00:00.000Z',
      qualifyAt: '2025-06-08T02:00:00.000Z',
      rewardPoints: 200,
    },
  ],
};

describe('referral page (邀请有礼)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('shows my invite code and mini-program code, and invitees with their states', async () => {
    fakeApi({ 'GET /api/mp/referral': { body: referral } });
    render(<ReferralPage />);

    expect((await screen.findByTestId('invite-code')).textContent).toBe('邀请码 INV8K2');
    expect(screen.getByLabelText('邀请小程序码').getAttribute('src')).toBe(referral.qrCode);
    const rows = screen.getAllByTestId('invitee');
    expect(rows[0]!.textContent).toContain('已奖励');
    expect(rows[1]!.textContent).toContain('待确认');
    expect(rows[1]!.textContent).toContain('2025-06-08 确认奖励');
    // Only qualified invitees count as points already earned.
    expect(screen.getByText('已获 200 积分')).toBeTruthy();
    expect(screen.getByRole('button', { name: '分享给微信好友' })).toBeTruthy();
  });

  it('shares to chat with the invite path from the server', async () => {
    fakeApi({ 'GET /api/mp/referral': { body: referral } });
    render(<ReferralPage />);
    await screen.findByTestId('invite-code');

    expect(shareHandler.current?.()).toEqual({
      title: '林小满邀你加入圈层会员',
      path: '/pages/index/index?inviter=INV8K2',
    });
  });

  it('adds the leading slash a share path needs when the server leaves it out', async () => {
    const card = { title: '邀请', path: 'pages/index/index?scene=INV8K2' };
    fakeApi({ 'GET /api/mp/referral': { body: { ...referral, shareCard: card } } });
    render(<ReferralPage />);
    await screen.findByTestId('invite-code');

    expect(shareHandler.current?.()).toEqual({
      title: '邀请',
      path: '/pages/index/index?scene=INV8K2',
    });
  });

  it('still invites with the share button when the mini-program code could not be made', async () => {
    for (const qrCode of ['', null]) {
      fakeApi({ 'GET /api/mp/referral': { body: { ...referral, qrCode } } });
      render(<ReferralPage />);
      await screen.findByTestId('qr-unavailable');
      expect(screen.queryByLabelText('邀请小程序码')).toBeNull();
      expect(screen.getByRole('button', { name: '分享给微信好友' })).toBeTruthy();
      cleanup();
    }
  });

  it('shows an empty invite list with a nudge to share', async () => {
    fakeApi({ 'GET /api/mp/referral': { body: { ...referral, invitees: [] } } });
    render(<ReferralPage />);

    await screen.findByText('还没有邀请记录');
  });
});
