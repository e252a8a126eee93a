import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import WalletRulesPanel from './WalletRulesPanel';

const RULE = {
  id: 'd'.repeat(24),
  threshold: 100_000,
  bonus: 10_000,
  label: '充1000送100',
  active: true,
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/wallet/rules': () => fakeResponse(200, { rules: [RULE] }),
    'POST /api/admin/wallet/rules': () =>
      fakeResponse(201, { ...RULE, id: 'e'.repeat(24), label: '充500送30.5' }),
    [`PUT /api/admin/wallet/rules/${RULE.id}`]: ({ body }) =>
      fakeResponse(200, { ...RULE, ...(body as object) }),
  });
});
afterEach(uninstallFetch);

describe('wallet rules', () => {
  it('lists the rules with amounts in 元', async () => {
    renderWithPanel(<WalletRulesPanel />, 'ops');
    const row = (await screen.findByText('充1000送100')).closest('tr') as HTMLElement;
    expect(within(row).getByText('¥1,000.00')).toBeTruthy();
    expect(within(row).getByText('¥100.00')).toBeTruthy();
    expect(screen.getByText('充值门槛（元）')).toBeTruthy();
    expect(screen.getByText('赠送金额（元）')).toBeTruthy();
  });

  it('refuses zero, negative and sub-fen amounts in Chinese', async () => {
    renderWithPanel(<WalletRulesPanel />, 'ops');
    expect(await screen.findByText('充1000送100')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('充值门槛'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('赠送金额'), { target: { value: '1.234' } });
    fireEvent.click(screen.getByText('添加规则'));
    expect(await screen.findByText('充值门槛须大于 0')).toBeTruthy();
    expect(screen.getByText('请输入赠送金额，最多两位小数')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('充值门槛'), { target: { value: '-1' } });
    fireEvent.click(screen.getByText('添加规则'));
    expect(await screen.findByText('充值门槛不能为负数')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/wallet/rules')).toHaveLength(0);
  });

  it('sends yuan as integer fen, exactly', async () => {
    renderWithPanel(<WalletRulesPanel />, 'ops');
    expect(await screen.findByText('充1000送100')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('充值门槛'), { target: { value: '19.99' } });
    fireEvent.change(screen.getByLabelText('赠送金额'), { target: { value: '0.3' } });
    fireEvent.click(screen.getByText('添加规则'));
    await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/wallet/rules')).toHaveLength(1));
    expect(callsTo(fetchMock, 'POST /api/admin/wallet/rules')[0]?.body).toEqual({
      threshold: 1_999,
      bonus: 30,
    });
  });

  it('lets an analyst see the rules but not add or switch them', async () => {
    renderWithPanel(<WalletRulesPanel />, 'analyst');
    expect(await screen.findByText('充1000送100')).toBeTruthy();
    expect(screen.queryByText('添加规则')).toBeNull();
    const toggle = screen.getByLabelText('启用 充1000送100') as HTMLButtonElement;
    expect(toggle.disabled).toBe(true);
  });
});
