import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
import { orderAfter, payCreated, payOrder, payPlans } from '../../../test/pay-fixtures';
import { signIn, signOut } from '../../../test/session';
import MembershipPage from '.';

const mockPayment = Taro.requestPayment as unknown as jest.Mock;
const cardOrder = payOrder({
  kind: 'membership',
  planCode: 'black-month',
  description: '黑卡 · 月卡',
  amount: 3_900,
});
const active = {
  active: true,
  planCode: 'black-month',
  planName: '黑卡 · 月卡',
  validUntil: '2026-12-24T15:59:59.999Z',
};

describe('membership page (黑卡会员)', () => {
  beforeEach(() => {
    signIn();
    mockPayment.mockReset();
  });
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('lists the plans with their benefits for a member without a card', async () => {
    fakeApi({ 'GET /api/mp/pay/plans': { body: payPlans() } });
    render(<MembershipPage />);

    const plan = await screen.findByTestId('membership-plan');
    expect(plan.textContent).toContain('黑卡 · 月卡');
    expect(plan.textContent).toContain('· 全场包邮');
    expect(plan.textContent).toContain('31 天');
    expect(screen.getByTestId('membership-status').textContent).toContain('尚未开通');
    expect(screen.getByRole('button', { name: '立即开通 ¥39.00' })).toBeTruthy();
  });

  it('shows the current card, its end date and a renew button', async () => {
    fakeApi({ 'GET /api/mp/pay/plans': { body: payPlans({ membership: active }) } });
    render(<MembershipPage />);

    expect((await screen.findByTestId('membership-status')).textContent).toBe(
      'BLACK CARD黑卡 · 月卡有效期至 2026-12-24',
    );
    expect(screen.getByRole('button', { name: '续费 ¥39.00' })).toBeTruthy();
    fireEvent.click(screen.getByText('查看我的黑卡权益 ›'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/perks/index' });
  });

  it('buys a card, then shows it with its end date and a way to its perks', async () => {
    mockPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
    let paid = false;
    const calls = fakeApi({
      'GET /api/mp/pay/plans': () => ({
        body: payPlans({ membership: paid ? active : payPlans().membership }),
      }),
      'POST /api/mp/memberships/orders': { status: 201, body: payCreated(cardOrder) },
      'GET /api/mp/pay/orders/CP20261123000001': () => {
        paid = true;
        return orderAfter(0, cardOrder)();
      },
    });
    render(<MembershipPage />);
    fireEvent.click(await screen.findByRole('button', { name: '立即开通 ¥39.00' }));

    const result = await screen.findByTestId('pay-result');
    expect(result.textContent).toContain('黑卡 · 月卡 开通成功');
    await screen.findByText('有效期至 2026-12-24', { selector: '.pay-result__line' });
    expect(calls.find((c) => c.method === 'POST')?.data).toEqual({ planCode: 'black-month' });
    fireEvent.click(screen.getByRole('button', { name: '查看黑卡权益' }));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/perks/index' });
  });
});
