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
  refunded: 20_000,
  createdAt: '2026-11-23T08:00:00.000Z',
  paidAt: '2026-11-23T08:01:00.000Z',
  memberNo: 'M00000001',
  transactionId: '4200000001',
};
const REFUND = `POST /api/admin/pay/orders/${ORDER.outTradeNo}/refunds`;

const CARD = {
  ...ORDER,
  outTradeNo: 'P202611230002',
  kind: 'membership',
  planCode: 'black_year',
  description: '黑卡年卡',
  amount: 19_999,
  refunded: 0,
};

let fetchMock: FetchMock;
function route(refund: () => Response) {
  routeFetch(fetchMock, {
    'GET /api/admin/pay/orders': () =>
      fakeResponse(200, { items: [ORDER, CARD], total: 2, page: 1, pageSize: 20 }),
    [REFUND]: refund,
  });
}
beforeEach(() => {
  fetchMock = installFetch();
  route(() =>
    fakeResponse(
      409,
      errorBody('WALLET_INSUFFICIENT', '储值余额已使用，可退本金不足', { refundable: 0 }),
    ),
  );
});
afterEach(uninstallFetch);

function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

async function openRefund(outTradeNo: string) {
  const row = (await screen.findByText(outTradeNo)).closest('tr') as HTMLElement;
  fireEvent.click(within(row).getByText(/^退\s?款$/, { selector: 'button span' }));
  return within(await modal());
}

describe('pay orders', () => {
  it('lists amounts in 元 with two decimals', async () => {
    renderWithPanel(<PaymentsPage />, 'ops');
    const row = (await screen.findByText(ORDER.outTradeNo)).closest('tr') as HTMLElement;
    expect(within(row).getByText('¥1,000.00')).toBeTruthy();
    expect(within(row).getByText('¥200.00')).toBeTruthy();
  });

  it('says how much a top-up refund gives back and that its bonus is forfeited', async () => {
    renderWithPanel(<PaymentsPage />, 'ops');
    const dialog = await openRefund(ORDER.outTradeNo);
    expect(dialog.getByText('¥1,000.00')).toBeTruthy();
    expect(dialog.getByText('¥200.00')).toBeTruthy();
    expect(dialog.getByText('最多退款 ¥800.00：只退这笔充值尚未用掉的储值本金')).toBeTruthy();
    expect(dialog.getByText(/剩余的赠送金额将一并作废/)).toBeTruthy();
  });

  it('says a card refund is pro rata and ends the membership', async () => {
    renderWithPanel(<PaymentsPage />, 'ops');
    const dialog = await openRefund(CARD.outTradeNo);
    expect(dialog.getByText('¥199.99')).toBeTruthy();
    expect(dialog.getByText('最多退款 ¥199.99：按付费会员未使用的天数折算')).toBeTruthy();
    expect(dialog.getByText(/会员资格将立即结束/)).toBeTruthy();
  });

  it('reports the refunded principal and forfeited bonus in 元', async () => {
    route(() =>
      fakeResponse(201, {
        outRefundNo: `RF${ORDER.outTradeNo}`,
        outTradeNo: ORDER.outTradeNo,
        amount: 80_000,
        walletPrincipal: 80_000,
        walletBonusForfeited: 10_000,
        status: 'SUCCESS',
        reason: '会员退卡',
        createdAt: '2026-11-24T08:00:00.000Z',
      }),
    );
    renderWithPanel(<PaymentsPage />, 'ops');
    const dialog = await openRefund(ORDER.outTradeNo);
    fireEvent.change(dialog.getByPlaceholderText('如 会员申请退卡'), {
      target: { value: '会员退卡' },
    });
    fireEvent.click(screen.getByText('确认退款'));
    expect(
      await screen.findByText(
        '已提交退款 ¥800.00（已到账）；扣回储值本金 ¥800.00，作废赠送 ¥100.00',
      ),
    ).toBeTruthy();
  });

  it('needs a reason before a refund and shows why the server refused it', async () => {
    renderWithPanel(<PaymentsPage />, 'ops');
    const dialog = await openRefund(ORDER.outTradeNo);
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
    expect(await screen.findByText(ORDER.outTradeNo)).toBeTruthy();
    expect(screen.queryByText(/^退\s?款$/, { selector: 'button span' })).toBeNull();
  });
});
