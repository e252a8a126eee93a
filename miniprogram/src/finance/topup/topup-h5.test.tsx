import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
import { walletSummary } from '../../../test/fixtures';
import { orderAfter, payCreated, payPlans } from '../../../test/pay-fixtures';
import { signIn, signOut } from '../../../test/session';
import WalletPage from '../wallet';
import TopUpPage from '.';

// The H5 build resolves payer.h5.ts and sandbox-sheet.h5.tsx (Taro multi-platform files);
// jest resolves the weapp files, so this suite swaps in the H5 ones.
jest.mock('../../pay/payer', () => jest.requireActual('../../pay/payer.h5'));
jest.mock('../../pay/sandbox-sheet', () => jest.requireActual('../../pay/sandbox-sheet.h5'));

const mockPayment = Taro.requestPayment as unknown as jest.Mock;

describe('top-up page (H5 sandbox payer)', () => {
  beforeEach(() => {
    signIn();
    mockPayment.mockReset();
  });
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('confirms on the sandbox sheet, pays through the fake, and the wallet below reloads', async () => {
    let credited = false;
    const calls = fakeApi({
      'GET /api/mp/pay/plans': { body: payPlans({ sandbox: true }) },
      'POST /api/mp/wallet/topups': { status: 201, body: payCreated() },
      'POST /sandbox/wxpay/pay': () => {
        credited = true;
        return { body: { outTradeNo: 'CP20261123000001', tradeState: 'SUCCESS' } };
      },
      'GET /api/mp/pay/orders/CP20261123000001': orderAfter(0),
      'GET /api/mp/wallet': () =>
        credited
          ? { body: walletSummary() }
          : { body: walletSummary({ balance: 0, principal: 0, bonus: 0 }) },
    });
    // The wallet page stays mounted under the top-up page, as in the page stack.
    render(
      <>
        <WalletPage />
        <TopUpPage />
      </>,
    );
    expect((await screen.findByTestId('wallet-balance')).textContent).toBe('¥0.00');

    fireEvent.click((await screen.findAllByTestId('topup-plan'))[1]!);
    fireEvent.click(screen.getByRole('button', { name: '立即支付 ¥1,000.00' }));
    const sheet = await screen.findByRole('dialog', { name: '模拟支付' });
    expect(sheet.textContent).toContain('这是沙箱支付，不会产生真实扣款');
    expect(calls.some((c) => c.path === '/sandbox/wxpay/pay')).toBe(false);
    fireEvent.click(within(sheet).getByRole('button', { name: '确认支付 ¥1,000.00' }));

    expect((await screen.findByTestId('pay-result')).textContent).toContain(
      '到账 ¥1,100.00（含赠送 ¥100.00）',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(mockPayment).not.toHaveBeenCalled();
    await screen.findByText('¥1,100.00');
    expect(calls.filter((c) => c.path === '/api/mp/wallet')).toHaveLength(2);
  });

  it('cancelling the sandbox sheet pays nothing and shows the plans again', async () => {
    const calls = fakeApi({
      'GET /api/mp/pay/plans': { body: payPlans({ sandbox: true }) },
      'POST /api/mp/wallet/topups': { status: 201, body: payCreated() },
    });
    render(<TopUpPage />);
    fireEvent.click(await screen.findByRole('button', { name: '立即支付 ¥500.00' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByText('取消'));

    await screen.findByRole('button', { name: '立即支付 ¥500.00' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.map((c) => c.path)).toEqual(['/api/mp/pay/plans', '/api/mp/wallet/topups']);
  });

  it('disables paying in a browser when the server is not in sandbox mode', async () => {
    fakeApi({ 'GET /api/mp/pay/plans': { body: payPlans({ sandbox: false }) } });
    render(<TopUpPage />);

    await screen.findByText('请在微信小程序内完成支付');
    expect(
      screen.getByRole('button', { name: '立即支付 ¥500.00' }).getAttribute('aria-disabled'),
    ).toBe('true');
  });
});
