import { cleanup, render, screen } from '@testing-library/react';
import { apiError, fakeApi } from '../../../test/fake-api';
import { walletSummary } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import WalletPage from '.';

describe('wallet page (我的储值)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('shows the balance split into principal and bonus, the top-up offers and history', async () => {
    fakeApi({ 'GET /api/mp/wallet': { body: walletSummary() } });
    render(<WalletPage />);

    expect((await screen.findByTestId('wallet-balance')).textContent).toBe('¥1,100.00');
    expect(screen.getByText('本金 ¥1,000.00 · 赠送 ¥100.00')).toBeTruthy();
    expect(screen.getByText('充1000送100')).toBeTruthy();
    const row = screen.getByTestId('wallet-row');
    expect(row.textContent).toContain('储值充值');
    expect(row.textContent).toContain('含赠送 ¥100.00');
    expect(row.querySelector('.delta')?.textContent).toBe('+¥1,100.00');
  });

  it('offers a retry when the wallet cannot be loaded', async () => {
    fakeApi({ 'GET /api/mp/wallet': apiError(503, 'DATABASE_UNAVAILABLE') });
    render(<WalletPage />);

    expect((await screen.findByRole('alert')).textContent).toContain('服务繁忙，请稍后重试');
    expect(screen.getByRole('button', { name: '重新加载' })).toBeTruthy();
  });
});
