import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
import { orderAfter, payCreated, payPlans } from '../../../test/pay-fixtures';
import { signIn, signOut } from '../../../test/session';
import TopUpPage from '.';

const mockPayment = Taro.requestPayment as unknown as jest.Mock;
const mockToast = Taro.showToast as unknown as jest.Mock;
const ORDER = 'GET /api/mp/pay/orders/CP20261123000001';

function routes(order: Parameters<typeof fakeApi>[0][string]) {
  return fakeApi({
    'GET /api/mp/pay/plans': { body: payPlans() },
    'POST /api/mp/wallet/topups': { status: 201, body: payCreated() },
    [ORDER]: order,
  });
}

async function pick1000AndPay() {
  render(<TopUpPage />);
  fireEvent.click((await screen.findAllByTestId('topup-plan'))[1]!);
  fireEvent.click(screen.getByRole('button', { name: '立即支付 ¥1,000.00' }));
}

describe('top-up page (储值充值, weapp payer)', () => {
  beforeEach(() => {
    signIn();
    mockPayment.mockReset();
    mockToast.mockClear();
  });
  afterEach(() => {
    cleanup();
    signOut();
    jest.useRealTimers();
  });

  it('shows each plan with its bonus and what the member will receive', async () => {
    routes(orderAfter(0));
    render(<TopUpPage />);

    const plans = await screen.findAllByTestId('topup-plan');
    expect(plans.map((p) => p.textContent)).toEqual(['¥500.00', '¥1,000.00送¥100.00']);
    expect(screen.getByTestId('topup-credit').textContent).toBe('到账 ¥500.00');
    fireEvent.click(plans[1]!);
    expect(screen.getByTestId('topup-credit').textContent).toBe('到账 ¥1,100.00（含赠送 ¥100.00）');
  });

  it('pays with wx.requestPayment, waits for the credit, then shows what arrived', async () => {
    mockPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
    const calls = routes(orderAfter(0));
    await pick1000AndPay();

    const result = await screen.findByTestId('pay-result');
    expect(result.textContent).toContain('储值成功');
    expect(result.textContent).toContain('到账 ¥1,100.00（含赠送 ¥100.00）');
    expect(mockPayment).toHaveBeenCalledTimes(1);
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.data)).toEqual([
      { planCode: 'topup-1000' },
    ]);
    // The wallet page below is told to reload: "查看余额" goes back to it.
    fireEvent.click(screen.getByRole('button', { name: '查看余额' }));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/finance/wallet/index' });
  });

  it('returns to the plans quietly when the member cancels the payment sheet', async () => {
    mockPayment.mockRejectedValue({ errMsg: 'requestPayment:fail cancel' });
    const calls = routes(orderAfter(0));
    await pick1000AndPay();

    await screen.findByRole('button', { name: '立即支付 ¥1,000.00' });
    await act(async () => {});
    expect(screen.queryByTestId('pay-result')).toBeNull();
    expect(mockToast).not.toHaveBeenCalled();
    expect(calls.some((c) => c.path.startsWith('/api/mp/pay/orders/'))).toBe(false);
  });

  it('shows an error toast when the payment itself fails', async () => {
    mockPayment.mockRejectedValue({ errMsg: 'requestPayment:fail system error' });
    routes(orderAfter(0));
    await pick1000AndPay();

    await act(async () => {});
    expect(mockToast).toHaveBeenCalledWith(expect.objectContaining({ title: '支付失败，请重试' }));
    expect(screen.queryByTestId('pay-result')).toBeNull();
  });

  it('says the result is still being confirmed after 20 s, and refreshes on request', async () => {
    jest.useFakeTimers();
    mockPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
    const order = orderAfter(21);
    const calls = routes(order);
    await pick1000AndPay();

    await act(() => jest.advanceTimersByTimeAsync(21_000));
    const waiting = screen.getByTestId('pay-result');
    expect(waiting.textContent).toContain('支付结果确认中');
    expect(mockToast).not.toHaveBeenCalled();
    const polls = calls.filter((c) => c.method === 'GET' && c.path.includes('/pay/orders/'));
    expect(polls).toHaveLength(21);

    fireEvent.click(screen.getByRole('button', { name: '刷新' }));
    await act(() => jest.advanceTimersByTimeAsync(0));
    expect(screen.getByTestId('pay-result').textContent).toContain('储值成功');
  });
});
