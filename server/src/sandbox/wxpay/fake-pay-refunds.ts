import { randomId } from '../common/ids';
import { type FakeRequest, type FakeResponse, jsonObject } from '../common/loopback-server';
import { fail, signed } from './fake-pay-api';
import { beijingTime, type FakePayState, type FakeRefund } from './fake-pay-state';

const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

function wire(r: FakeRefund) {
  const { notify_url: _n, settleAt: _a, settleTo: _t, ...rest } = r;
  return rest;
}

const REFUSALS = {
  429: ['FREQUENCY_LIMITED', '频率限制'],
  403: ['NOT_ENOUGH', '基本账户余额不足，请充值后重新发起'],
  500: ['SYSTEM_ERROR', '系统超时'],
} as const;

/** `POST /v3/refund/domestic/refunds`: answers PROCESSING; the fake settles it right after. */
export function createRefund(
  s: FakePayState,
  req: FakeRequest,
  onRefund: (no: string) => void,
): FakeResponse {
  s.refundRequests++;
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
  const plan = s.refundPlan.shift() ?? {};
  if (plan.reject && !plan.created) {
    const [code, message] = REFUSALS[plan.reject];
    // Not accepted: the same request later (same out_refund_no) is a new first attempt.
    if (plan.settle || plan.processingForMs) s.refundPlan.unshift({ ...plan, reject: undefined });
    return fail(s, plan.reject, code, message);
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
  r.settleTo = plan.settle ?? 'SUCCESS';
  if (plan.processingForMs) r.settleAt = s.clock.now() + plan.processingForMs;
  s.refunds.set(outRefundNo, r);
  if (!plan.processingForMs) queueMicrotask(() => onRefund(outRefundNo));
  if (plan.reject) {
    const [code, message] = REFUSALS[plan.reject];
    return fail(s, plan.reject, code, message); // accepted, but the answer says otherwise
  }
  return signed(s, 200, wire(r));
}

/**
 * `POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund` (发起异常退款,
 * https://pay.weixin.qq.com/docs/merchant/apis/refund/refunds/create-abnormal-refund.html):
 * only for an ABNORMAL refund; the out_refund_no must match. USER_BANK_CARD needs encrypted
 * bank_account and real_name, which the fake does not decrypt, so it is refused
 * (_stricter than documented_).
 */
export function applyAbnormalRefund(
  s: FakePayState,
  req: FakeRequest,
  refundId: string,
  onRefund: (no: string) => void,
): FakeResponse {
  const b = jsonObject(req.body);
  const r = [...s.refunds.values()].find((x) => x.refund_id === refundId);
  if (!r) return fail(s, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  if (b?.out_refund_no !== r.out_refund_no) return fail(s, 400, 'PARAM_ERROR', '退款单号不符');
  if (b?.type !== 'MERCHANT_BANK_CARD') {
    return fail(s, 400, 'PARAM_ERROR', '仅支持 MERCHANT_BANK_CARD（沙箱不解密银行卡信息）');
  }
  if (r.status !== 'ABNORMAL') return fail(s, 400, 'INVALID_REQUEST', '退款单状态不是退款异常');
  r.status = 'PROCESSING';
  r.settleTo = 'SUCCESS';
  queueMicrotask(() => onRefund(r.out_refund_no));
  return signed(s, 200, wire(r));
}

export function queryRefund(
  s: FakePayState,
  outRefundNo: string,
  onRefund: (no: string) => void,
): FakeResponse {
  const r = s.refunds.get(outRefundNo);
  if (!r) return fail(s, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  // A refund kept PROCESSING for a while settles once its time has come.
  if (r.status === 'PROCESSING' && r.settleAt !== undefined && s.clock.now() >= r.settleAt) {
    r.settleAt = undefined;
    onRefund(outRefundNo);
  }
  return signed(s, 200, wire(r));
}
