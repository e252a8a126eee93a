import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../test/fake-api';
import { orderAfter, payCreated, payOrder, payPlans } from '../../test/pay-fixtures';
import { signIn, signOut } from '../../test/session';
import { ApiError } from '../api/errors';
import { payApi } from '../api/payments';
import { payer as weappPayer } from './payer';
import { payer as h5Payer } from './payer.h5';
import { waitForApplied } from './poll';

const mockPayment = Taro.requestPayment as unknown as jest.Mock;
const ORDER_PATH = '/api/mp/pay/orders/CP20261123000001';

/** Polling without real time: each wait advances a fake clock. */
function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    wait: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}

describe('pay flow', () => {
  beforeEach(() => {
    signIn();
    mockPayment.mockReset();
  });
  afterEach(() => signOut());

  it('creates orders by plan code only, with the member token', async () => {
    const calls = fakeApi({
      'POST /api/mp/wallet/topups': { status: 201, body: payCreated() },
      'POST /api/mp/memberships/orders': { status: 201, body: payCreated() },
    });
    await payApi.topUp('topup-1000');
    await payApi.membership('black-month');

    expect(calls.map((c) => [c.method, c.path, c.data])).toEqual([
      ['POST', '/api/mp/wallet/topups', { planCode: 'topup-1000' }],
      ['POST', '/api/mp/memberships/orders', { planCode: 'black-month' }],
    ]);
    expect(calls[0]!.header.authorization).toBe('Bearer test-token');
  });

  it('polls the order every second until the server has applied it', async () => {
    const calls = fakeApi({ [`GET ${ORDER_PATH}`]: orderAfter(2) });
    const clock = fakeClock();

    const result = await waitForApplied(payOrder(), clock);

    expect(result.settled).toBe(true);
    expect(result.order.applied).toBe(true);
    expect(calls).toHaveLength(3);
    expect(clock.waits).toEqual([1000, 1000]);
  });

  it('keeps polling through a failed poll and stops at a closed order', async () => {
    let n = 0;
    fakeApi({
      [`GET ${ORDER_PATH}`]: () =>
        ++n === 1
          ? apiError(503, 'DATABASE_UNAVAILABLE')
          : { body: payOrder({ status: 'closed' }) },
    });
    const result = await waitForApplied(payOrder(), fakeClock());

    expect(n).toBe(2);
    expect(result).toEqual({ order: payOrder({ status: 'closed' }), settled: true });
  });

  it('gives up after about 20 s with the last answer, unsettled rather than failed', async () => {
    const calls = fakeApi({ [`GET ${ORDER_PATH}`]: orderAfter(1000) });
    const clock = fakeClock();

    const result = await waitForApplied(payOrder(), clock);

    expect(result.settled).toBe(false);
    expect(result.order.status).toBe('pending');
    expect(calls).toHaveLength(21);
    expect(clock.now()).toBe(20_000);
  });

  describe('weapp payer', () => {
    it('passes the signed params to wx.requestPayment and never asks the sandbox', async () => {
      mockPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' });
      const confirm = jest.fn();

      await expect(weappPayer.pay(payCreated(), confirm)).resolves.toBe('paid');
      expect(mockPayment).toHaveBeenCalledWith({
        timeStamp: '1795000000',
        nonceStr: 'n0nce',
        package: 'prepay_id=wx-prepay-1',
        signType: 'RSA',
        paySign: 'c2lnbmVk',
      });
      expect(confirm).not.toHaveBeenCalled();
    });

    it('treats "requestPayment:fail cancel" as a cancel and other failures as errors', async () => {
      mockPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
      await expect(weappPayer.pay(payCreated(), jest.fn())).resolves.toBe('cancelled');

      mockPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail (detail message)' });
      const failed = weappPayer.pay(payCreated(), jest.fn());
      await expect(failed).rejects.toBeInstanceOf(ApiError);
      await expect(failed).rejects.toMatchObject({
        code: 'PAY_FAILED',
        message: '支付失败，请重试',
      });
    });

    it('pays whenever the server enables pay (sandbox or not)', () => {
      expect(weappPayer.unavailable(payPlans({ sandbox: true }))).toBeNull();
      expect(weappPayer.unavailable(payPlans({ payEnabled: false }))).toBe('线上支付暂未开放');
    });
  });

  describe('H5 sandbox payer', () => {
    it('asks for confirmation, then pays through the sandbox payer without the member token', async () => {
      const calls = fakeApi({
        'POST /sandbox/wxpay/pay': {
          body: { outTradeNo: 'CP20261123000001', tradeState: 'SUCCESS' },
        },
      });
      const confirm = jest.fn(async () => true);

      await expect(h5Payer.pay(payCreated(), confirm)).resolves.toBe('paid');
      expect(confirm).toHaveBeenCalledWith(payOrder());
      expect(calls).toHaveLength(1);
      expect(calls[0]!.data).toEqual({ outTradeNo: 'CP20261123000001' });
      expect(calls[0]!.header.authorization).toBeUndefined();
      expect(mockPayment).not.toHaveBeenCalled();
    });

    it('sends nothing when the member cancels the sandbox sheet', async () => {
      const calls = fakeApi({});
      await expect(h5Payer.pay(payCreated(), async () => false)).resolves.toBe('cancelled');
      expect(calls).toHaveLength(0);
    });

    it('cannot pay in a browser outside sandbox mode', () => {
      expect(h5Payer.unavailable(payPlans({ sandbox: true }))).toBeNull();
      expect(h5Payer.unavailable(payPlans({ sandbox: false }))).toBe('请在微信小程序内完成支付');
    });
  });
});
