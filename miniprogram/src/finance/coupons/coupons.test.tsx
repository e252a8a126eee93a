import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../../test/fake-api';
import { signIn, signOut } from '../../../test/session';
import type { MemberCoupon } from '../../api/perks';
import CouponsPage from '.';

const coupon = (over: Partial<MemberCoupon>): MemberCoupon => ({
  perkCode: 'skin_cash',
  perkName: '护肤满减券',
  kind: 'coupon',
  memberNo: 'M20250001',
  redemptionCode: 'SKIN000001',
  status: 'claimed',
  source: 'claim',
  claimedAt: '2026-12-01T02:00:00.000Z',
  expiresAt: '2026-12-31T15:59:59.999Z',
  usedAt: null,
  coupon: {
    type: 'cash',
    value: 3_000,
    thresholdFen: 20_000,
    maxOffFen: null,
    categories: ['护肤'],
  },
  description: '',
  termsText: '满¥200.00减¥30.00 · 限护肤',
  sourceText: '会员领取',
  ...over,
});

const ITEMS = [
  coupon({}),
  coupon({
    perkCode: 'coffee',
    perkName: '咖啡兑换券',
    redemptionCode: 'COFFEE0001',
    coupon: null,
    termsText: null,
    description: '门店任意咖啡一杯',
    sourceText: '积分兑换',
  }),
  coupon({
    redemptionCode: 'SKIN000002',
    status: 'used',
    usedAt: '2026-12-02T06:30:00.000Z',
  }),
  coupon({
    redemptionCode: 'SKIN000003',
    status: 'expired',
    expiresAt: '2026-11-30T15:59:59.999Z',
  }),
];

describe('券包 page', () => {
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('lists usable coupons with their terms and source, counting each status', async () => {
    signIn();
    fakeApi({ 'GET /api/mp/coupons': { body: { items: ITEMS } } });
    render(<CouponsPage />);
    const rows = await screen.findAllByTestId('coupon-row');
    expect(rows.map((r) => r.getAttribute('data-code'))).toEqual(['SKIN000001', 'COFFEE0001']);
    expect(within(rows[0]!).getByText('满¥200.00减¥30.00 · 限护肤')).toBeTruthy();
    expect(within(rows[0]!).getByText('会员领取 · 有效期至 2026-12-31')).toBeTruthy();
    expect(within(rows[1]!).getByText('门店任意咖啡一杯')).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      '可用 2',
      '已使用 1',
      '已过期 1',
    ]);
  });

  it('shows a usable coupon as a QR code to scan at the till, and used ones without one', async () => {
    signIn();
    fakeApi({ 'GET /api/mp/coupons': { body: { items: ITEMS } } });
    render(<CouponsPage />);
    fireEvent.click((await screen.findAllByTestId('coupon-row'))[0]!);
    const sheet = screen.getByRole('dialog', { name: '护肤满减券' });
    expect(within(sheet).getByLabelText('二维码 SKIN000001')).toBeTruthy();
    expect(within(sheet).getByText('到店结账时出示此码核销')).toBeTruthy();
    fireEvent.click(within(sheet).getByText('知道了'));

    fireEvent.click(screen.getByRole('tab', { name: '已使用 1' }));
    const used = screen.getAllByTestId('coupon-row');
    expect(used.map((r) => r.getAttribute('data-code'))).toEqual(['SKIN000002']);
    // 14:30 Beijing time, whatever the machine's zone.
    expect(within(used[0]!).getByText('会员领取 · 已于 12-02 14:30 使用')).toBeTruthy();
    fireEvent.click(used[0]!);
    const usedSheet = screen.getByRole('dialog', { name: '护肤满减券' });
    expect(within(usedSheet).queryByLabelText(/^二维码/)).toBeNull();
    expect(within(usedSheet).getByText('券码 SKIN000002')).toBeTruthy();
  });

  it('says what to do when nothing is usable, and offers a retry on errors', async () => {
    signIn();
    fakeApi({ 'GET /api/mp/coupons': { body: { items: [ITEMS[2]] } } });
    render(<CouponsPage />);
    expect(await screen.findByText('暂无可用的券')).toBeTruthy();
    fireEvent.click(screen.getByText('去领权益'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/perks/index' });
    cleanup();
    fakeApi({ 'GET /api/mp/coupons': apiError(500, 'INTERNAL') });
    render(<CouponsPage />);
    expect(await screen.findByText('重新加载')).toBeTruthy();
  });
});
