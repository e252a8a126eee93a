import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import PaymentsPage from '../PaymentsPage';

const ORDER = {
  outTradeNo: 'P202611230001',
  kind: 'topup',
  planCode: 'topup_1000',
  description: '储值 1000 元',
  amount: 100_000,
  status: 'paid',
  applied: true,
  refunded: 0,
  createdAt: '2026-11-23T08:00:00.000Z',
  paidAt: '2026-11-23T08:01:00.000Z',
  memberNo: 'M00000001',
  transactionId: '4200000001',
};
const REFUND = `POST /api/admin/pay/orders/${ORDER.outTradeNo}/refunds`;

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/pay/orders': () =>
      fakeResponse(200, { items: [ORDER], total: 1, page: 1, pageSize: 20 }),
    [REFUND]: () =>
      fakeResponse(
        409,
        errorBody('WALLET_INSUFFICIENT', '储值余额已使用，可退本金不足', { refundable: 0 }),
      ),
  });
});
afterEach(uninstallFetch);

function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

describe('pay orders', () => {
  it('needs a reason before a refund and shows why the server refused it', async () => {
    renderWithPanel(<PaymentsPage />, 'ops');
    fireEvent.click(await screen.findByText(/^退\s?款$/, { selector: 'button span' }));
    const dialog = within(await modal());
    fireEvent.click(screen.getByText('确认退款'));
    expect(await dialog.findByText('请填写退款原因')).toBeTruthy();
    expect(callsTo(fetchMock, REFUND)).toHaveLength(0);

    fireEvent.change(dialog.getByPlaceholderText('如 会员申请退卡'), {
      target: { value: '会员退卡' },
    });
    fireEvent.click(screen.getByText('确认退款'));
    expect(await dialog.findByText('储值余额已使用，可退本金不足')).toBeTruthy();
    expect(callsTo(fetchMock, REFUND).map((c) => c.body)).toEqual([{ reason: '会员退卡' }]);
  });

  it('offers an analyst no refund button', async () => {
    renderWithPanel(<PaymentsPage />, 'analyst');
    expect(await screen.findByText('P202611230001')).toBeTruthy();
    expect(screen.queryByText(/^退\s?款$/, { selector: 'button span' })).toBeNull();
  });
});
