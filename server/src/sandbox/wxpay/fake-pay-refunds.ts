import { randomId } from '../common/ids';
import { type FakeRequest, type FakeResponse, jsonObject } from '../common/loopback-server';
import { fail, signed } from './fake-pay-api';
import { beijingTime, type FakePayState, type FakeRefund } from './fake-pay-state';

const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

function wire(r: FakeRefund) {
  const { notify_url: _n, ...rest } = r;
  return rest;
}

/** `POST /v3/refund/domestic/refunds`: answers PROCESSING; the fake settles it right after. */
export function createRefund(
  s: FakePayState,
  req: FakeRequest,
  onRefund: (no: string) => void,
): FakeResponse {
  const b = jsonObject(req.body);
  const amount = b?.amount as { refund?: unknown; total?: unknown } | undefined;
  const outRefundNo = String(b?.out_refund_no ?? '');
  if (!OUT_REFUND_NO.test(outRefundNo))
    return fail(s, 400, 'PARAM_ERROR', 'out_refund_no 格式错误');
  const order = s.orders.get(String(b?.out_trade_no ?? ''));
  if (!order) return fail(s, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
  const refund = amount?.refund;
  if (!Number.isInteger(refund) || (refund as number) <= 0) {
    return fail(s, 400, 'PARAM_ERROR', 'amount.refund 必须为正整数（分）');
  }
  if (amount?.total !== order.amount.total)
    return fail(s, 400, 'PARAM_ERROR', '订单金额与原订单不符');
  const existing = s.refunds.get(outRefundNo);
  if (existing) {
    if (existing.out_trade_no !== order.out_trade_no || existing.amount.refund !== refund) {
      return fail(s, 400, 'INVALID_REQUEST', '退款单号重复');
    }
    return signed(s, 200, wire(existing));
  }
  if (order.trade_state !== 'SUCCESS' && order.trade_state !== 'REFUND') {
    return fail(s, 400, 'INVALID_REQUEST', '订单未支付，不能退款');
  }
  if (order.refunded + (refund as number) > order.amount.total) {
    return fail(s, 400, 'INVALID_REQUEST', '退款金额超过订单可退金额');
  }
  order.refunded += refund as number;
  order.trade_state = 'REFUND';
  order.trade_state_desc = '转入退款';
  const r: FakeRefund = {
    refund_id: `50${randomId(28, '0123456789')}`,
    out_refund_no: outRefundNo,
    transaction_id: order.transaction_id ?? '',
    out_trade_no: order.out_trade_no,
    status: 'PROCESSING',
    create_time: beijingTime(s.clock.now()),
    amount: {
      total: order.amount.total,
      refund: refund as number,
      payer_total: order.amount.total,
      payer_refund: refund as number,
      currency: 'CNY',
    },
    ...(typeof b?.notify_url === 'string' ? { notify_url: b.notify_url } : {}),
  };
  s.refunds.set(outRefundNo, r);
  const answer = signed(s, 200, wire(r));
  queueMicrotask(() => onRefund(outRefundNo));
  return answer;
}

export function queryRefund(s: FakePayState, outRefundNo: string): FakeResponse {
  const r = s.refunds.get(outRefundNo);
  if (!r) return fail(s, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  return signed(s, 200, wire(r));
}
