import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import { AdjustPointsDialog, AdjustWalletDialog } from './AdjustDialogs';

const WALLET_URL = 'POST /api/admin/members/M0001/adjustments/wallet';
const POINTS_URL = 'POST /api/admin/members/M0001/adjustments/points';
const ENTRY = {
  id: 'e'.repeat(24),
  reason: 'adjust',
  reasonText: '人工调整',
  delta: -1_234,
  principalDelta: 0,
  bonusDelta: -1_234,
  balanceAfter: 8_766,
  principalAfter: 8_000,
  bonusAfter: 766,
  note: '补录',
  sourceType: 'admin_adjust',
  sourceId: 'ops01',
  createdAt: '2026-03-02T02:00:00.000Z',
};

let fetchMock: FetchMock;
let applied: jest.Mock;
beforeEach(() => {
  applied = jest.fn();
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    [WALLET_URL]: () => fakeResponse(200, { entry: ENTRY, replayed: false }),
  });
});
afterEach(uninstallFetch);

/** The dialog as the page mounts it: opened by a button, closed when done. */
function Harness({ kind }: { kind: 'points' | 'wallet' }) {
  const [open, setOpen] = useState(false);
  const common = {
    memberNo: 'M0001',
    open,
    onClose: () => setOpen(false),
    onApplied: applied,
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        打开
      </button>
      {kind === 'wallet' ? (
        <AdjustWalletDialog {...common} wallet={{ principal: 8_000, bonus: 2_000 }} />
      ) : (
        <AdjustPointsDialog {...common} balance={300} />
      )}
    </>
  );
}

const dialog = async (title: string) =>
  (await screen.findByText(title)).closest('.ant-modal') as HTMLElement;
const confirmBox = async () =>
  // antd renders the confirm's title twice (visible and for aria-labelledby).
  (await screen.findAllByText('确认本次调整'))[0]!.closest('.ant-modal') as HTMLElement;

async function fillWallet(amount: string, reason: string) {
  fireEvent.click(screen.getByText('打开'));
  const d = await dialog('调整储值');
  fireEvent.click(within(d).getByText('扣减'));
  fireEvent.change(within(d).getByLabelText('金额'), { target: { value: amount } });
  fireEvent.change(within(d).getByLabelText('调整原因'), { target: { value: reason } });
  fireEvent.click(within(d).getByText('下一步'));
  return d;
}

describe('adjust wallet dialog', () => {
  it('asks for confirmation, then sends the 元 amount as integer fen with the key of this opening', async () => {
    renderWithPanel(<Harness kind="wallet" />, 'ops');
    await fillWallet('12.34', '补录');
    const c = await confirmBox();
    expect(within(c).getByText('为会员 M0001 扣减储值赠送金 ¥12.34')).toBeTruthy();
    expect(within(c).getByText('原因：补录')).toBeTruthy();
    // Nothing is applied before the confirm.
    expect(callsTo(fetchMock, WALLET_URL)).toHaveLength(0);
    fireEvent.click(within(c).getByText('确认调整'));
    await waitFor(() => expect(applied).toHaveBeenCalledTimes(1));
    const [call] = callsTo(fetchMock, WALLET_URL);
    expect(call?.body).toEqual({
      bucket: 'bonus',
      delta: -1_234,
      reason: '补录',
      idempotencyKey: expect.stringMatching(/^m360-wallet-[0-9a-f]{32}$/),
    });
    expect(await screen.findByText('已调整，已记入审计日志')).toBeTruthy();
  });

  it('applies nothing when the confirm is dismissed', async () => {
    renderWithPanel(<Harness kind="wallet" />, 'ops');
    await fillWallet('5', '补录');
    fireEvent.click(within(await confirmBox()).getByText('返回修改'));
    await waitFor(() => expect(screen.queryAllByText('确认本次调整')).toHaveLength(0));
    expect(callsTo(fetchMock, WALLET_URL)).toHaveLength(0);
    expect(applied).not.toHaveBeenCalled();
  });

  it('requires a reason and a plain 元 amount before the confirm', async () => {
    renderWithPanel(<Harness kind="wallet" />, 'ops');
    await fillWallet('1.234', '  ');
    expect(await screen.findByText('请输入金额，最多两位小数')).toBeTruthy();
    expect(screen.getByText('请填写调整原因（将记入审计日志）')).toBeTruthy();
    expect(screen.queryAllByText('确认本次调整')).toHaveLength(0);
    expect(callsTo(fetchMock, WALLET_URL)).toHaveLength(0);
  });

  it('retries with the same key, and a new opening gets a new one', async () => {
    let failFirst = true;
    routeFetch(fetchMock, {
      [WALLET_URL]: () => {
        if (!failFirst) return fakeResponse(200, { entry: ENTRY, replayed: true });
        failFirst = false;
        return fakeResponse(503, errorBody('WALLET_BUSY', '储值账户繁忙，请稍后重试'));
      },
    });
    renderWithPanel(<Harness kind="wallet" />, 'ops');
    const d = await fillWallet('12.34', '补录');
    fireEvent.click(within(await confirmBox()).getByText('确认调整'));
    expect(await screen.findByText('储值账户繁忙，请稍后重试')).toBeTruthy();
    fireEvent.click(within(d).getByText('下一步'));
    fireEvent.click(within(await confirmBox()).getByText('确认调整'));
    expect(await screen.findByText('该调整此前已执行，本次未重复入账')).toBeTruthy();
    const keys = callsTo(fetchMock, WALLET_URL).map(
      (c) => (c.body as { idempotencyKey: string }).idempotencyKey,
    );
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await waitFor(() => expect(applied).toHaveBeenCalledTimes(1));
    await fillWallet('1', '再补');
    fireEvent.click(within(await confirmBox()).getByText('确认调整'));
    await waitFor(() => expect(callsTo(fetchMock, WALLET_URL)).toHaveLength(3));
    const third = callsTo(fetchMock, WALLET_URL)[2]?.body as { idempotencyKey: string };
    expect(third.idempotencyKey).not.toBe(keys[0]);
  });

  it('shows a refused deduction next to the amount, with the server message', async () => {
    routeFetch(fetchMock, {
      [WALLET_URL]: () =>
        fakeResponse(
          409,
          errorBody('WALLET_INSUFFICIENT', '赠送金余额不足（可用 2000 分，需扣减 9999 分）', {
            fields: [
              { path: 'body.delta', message: '赠送金余额不足（可用 2000 分，需扣减 9999 分）' },
            ],
          }),
        ),
    });
    renderWithPanel(<Harness kind="wallet" />, 'ops');
    const d = await fillWallet('99.99', '扣回');
    fireEvent.click(within(await confirmBox()).getByText('确认调整'));
    await waitFor(() =>
      expect(within(d).getByText('赠送金余额不足（可用 2000 分，需扣减 9999 分）')).toBeTruthy(),
    );
    expect(applied).not.toHaveBeenCalled();
  });
});

describe('adjust points dialog', () => {
  it('sends a deduction as a negative whole number after the confirm', async () => {
    routeFetch(fetchMock, {
      [POINTS_URL]: () =>
        fakeResponse(200, {
          entry: {
            id: 'f'.repeat(24),
            delta: -120,
            balanceAfter: 180,
            reason: 'adjust',
            reasonText: '人工调整',
            note: '扣回',
            expiresOn: null,
            createdAt: '2026-03-02T02:00:00.000Z',
          },
          replayed: false,
        }),
    });
    renderWithPanel(<Harness kind="points" />, 'ops');
    fireEvent.click(screen.getByText('打开'));
    const d = await dialog('调整积分');
    expect(within(d).getByText('当前可用积分 300')).toBeTruthy();
    fireEvent.click(within(d).getByText('扣减'));
    fireEvent.change(within(d).getByLabelText('积分数量'), { target: { value: '120' } });
    fireEvent.change(within(d).getByLabelText('调整原因'), { target: { value: '扣回' } });
    fireEvent.click(within(d).getByText('下一步'));
    const c = await confirmBox();
    expect(within(c).getByText('为会员 M0001 扣减 120 积分')).toBeTruthy();
    fireEvent.click(within(c).getByText('确认调整'));
    await waitFor(() => expect(applied).toHaveBeenCalled());
    expect(callsTo(fetchMock, POINTS_URL)[0]?.body).toMatchObject({ delta: -120, reason: '扣回' });
  });
});
