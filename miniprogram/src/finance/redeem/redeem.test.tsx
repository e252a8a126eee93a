import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../../test/fake-api';
import { pointsSummary } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import RedeemPage from '.';

const items = [
  {
    itemCode: 'mug',
    name: '品牌马克杯',
    description: '',
    kind: 'gift',
    cost: 800,
    stock: 5,
    perkCode: null,
    imageUrl: null,
    active: true,
  },
  {
    itemCode: 'scarf',
    name: '羊绒围巾',
    description: '',
    kind: 'gift',
    cost: 5000,
    stock: null,
    perkCode: null,
    imageUrl: null,
    active: true,
  },
];

describe('redeem page (积分商城)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('redeems an affordable item after confirmation and shows the pickup code', async () => {
    const calls = fakeApi({
      'GET /api/mp/points/items': { body: { items } },
      'GET /api/mp/points': { body: pointsSummary() },
      'POST /api/mp/points/redeem': {
        body: {
          redemptionId: 'r1',
          itemCode: 'mug',
          itemName: '品牌马克杯',
          kind: 'gift',
          cost: 800,
          balance: 400,
          code: 'GF12345678',
          perk: null,
          at: '2025-06-01T02:00:00.000Z',
        },
      },
    });
    render(<RedeemPage />);

    const rows = await screen.findAllByTestId('redeem-item');
    expect(within(rows[1]!).getByRole('button', { name: '积分不足' })).toBeTruthy();
    await waitFor(() =>
      expect(within(rows[0]!).getByRole('button', { name: '兑换' })).toBeTruthy(),
    );
    fireEvent.click(within(rows[0]!).getByRole('button', { name: '兑换' }));

    const dialog = await screen.findByRole('dialog', { name: '兑换成功' });
    expect(within(dialog).getByLabelText('二维码 GF12345678')).toBeTruthy();
    expect(within(dialog).getByText('到店出示此码领取礼品')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.data).toMatchObject({ itemCode: 'mug' });
    expect(
      String((post.data as { idempotencyKey: string }).idempotencyKey).length,
    ).toBeGreaterThanOrEqual(8);
  });

  it('retries a failed redemption with the same idempotency key', async () => {
    const keys: string[] = [];
    fakeApi({
      'GET /api/mp/points/items': { body: { items } },
      'GET /api/mp/points': { body: pointsSummary() },
      'POST /api/mp/points/redeem': (call) => {
        keys.push((call.data as { idempotencyKey: string }).idempotencyKey);
        return apiError(503, 'DATABASE_UNAVAILABLE');
      },
    });
    render(<RedeemPage />);
    const [mug] = await screen.findAllByTestId('redeem-item');
    await waitFor(() => expect(within(mug!).getByRole('button', { name: '兑换' })).toBeTruthy());

    fireEvent.click(within(mug!).getByRole('button', { name: '兑换' }));
    await waitFor(() => expect(keys).toHaveLength(1));
    await waitFor(() =>
      expect(
        within(mug!).getByRole('button', { name: '兑换' }).getAttribute('aria-disabled'),
      ).toBeNull(),
    );
    fireEvent.click(within(mug!).getByRole('button', { name: '兑换' }));
    await waitFor(() => expect(keys).toHaveLength(2));

    expect(keys[1]).toBe(keys[0]);
    expect(Taro.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '服务繁忙，请稍后重试' }),
    );
  });

  it('does nothing when the member cancels the confirmation', async () => {
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    const calls = fakeApi({
      'GET /api/mp/points/items': { body: { items } },
      'GET /api/mp/points': { body: pointsSummary() },
    });
    render(<RedeemPage />);
    const [mug] = await screen.findAllByTestId('redeem-item');
    await waitFor(() => expect(within(mug!).getByRole('button', { name: '兑换' })).toBeTruthy());

    fireEvent.click(within(mug!).getByRole('button', { name: '兑换' }));
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled());

    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('does nothing when 积分不足 is tapped: no confirmation, no redemption', async () => {
    const calls = fakeApi({
      'GET /api/mp/points/items': { body: { items } },
      'GET /api/mp/points': { body: pointsSummary() },
    });
    render(<RedeemPage />);
    const rows = await screen.findAllByTestId('redeem-item');
    const short = await within(rows[1]!).findByRole('button', { name: '积分不足' });
    expect(short.getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(short);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
