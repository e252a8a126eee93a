import { randomUUID } from 'node:crypto';
import { encryptGcm } from '../../integrations/wxpay/gcm';
import {
  MAX_SKEW_SECONDS,
  nonce,
  parseAuthorization,
  requestMessage,
  responseMessage,
  rsaSign,
  rsaVerify,
  unixSeconds,
} from '../../integrations/wxpay/signing';
import { randomId } from '../common/ids';
import { type FakeRequest, type FakeResponse, jsonObject } from '../common/loopback-server';
import { beijingTime, type FakePayState } from './fake-pay-state';
import { applyAbnormalRefund, createRefund, queryRefund } from './fake-pay-refunds';

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const DEFAULT_EXPIRY_MS = 7 * 86_400_000;

/** Every answer carries the platform's signature headers, like the real API. */
export function signed(state: FakePayState, status: number, body?: object): FakeResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  const { serial, privateKey } = state.signer();
  const ts = unixSeconds(state.clock.now());
  const n = nonce();
  return {
    status,
    body: text,
    contentType: 'application/json; charset=utf-8',
    headers: {
      'Wechatpay-Serial': serial,
      'Wechatpay-Timestamp': ts,
      'Wechatpay-Nonce': n,
      'Wechatpay-Signature': rsaSign(privateKey, responseMessage(ts, n, text)),
      'Request-ID': randomUUID(),
    },
  };
}

export const fail = (s: FakePayState, status: number, code: string, message: string) =>
  signed(s, status, { code, message });

/** Verifies the merchant's Authorization header: scheme, mchid, serial, clock skew, signature. */
function authenticate(s: FakePayState, req: FakeRequest): FakeResponse | undefined {
  const auth = parseAuthorization(req.headers.authorization);
  if (!auth) return fail(s, 401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
  if (auth.mchid !== s.mchid) return fail(s, 401, 'SIGN_ERROR', '商户号与签名不一致');
  if (auth.serial_no !== s.merchant.serial) return fail(s, 401, 'SIGN_ERROR', '商户证书序列号错误');
  if (Math.abs(s.clock.now() / 1000 - Number(auth.timestamp)) > MAX_SKEW_SECONDS) {
    return fail(s, 401, 'SIGN_ERROR', '签名时间戳已过期');
  }
  const query = req.query.toString();
  const target = query ? `${req.path}?${query}` : req.path;
  const body = req.method === 'GET' ? '' : req.body.toString('utf8');
  const msg = requestMessage(req.method, target, auth.timestamp, auth.nonce_str, body);
  if (!rsaVerify(s.merchant.publicKey, msg, auth.signature)) {
    return fail(s, 401, 'SIGN_ERROR', '签名错误');
  }
  return undefined;
}

function jsapi(s: FakePayState, req: FakeRequest): FakeResponse {
  const b = jsonObject(req.body);
  const amount = b?.amount as { total?: unknown; currency?: unknown } | undefined;
  const payer = b?.payer as { openid?: unknown } | undefined;
  if (!b || b.appid !== s.appid) return fail(s, 400, 'PARAM_ERROR', 'appid 与商户号不匹配');
  if (b.mchid !== s.mchid) return fail(s, 400, 'PARAM_ERROR', 'mchid 错误');
  const outTradeNo = String(b.out_trade_no ?? '');
  if (!OUT_TRADE_NO.test(outTradeNo)) return fail(s, 400, 'PARAM_ERROR', 'out_trade_no 格式错误');
  if (typeof b.description !== 'string' || !b.description) {
    return fail(s, 400, 'PARAM_ERROR', '缺少 description');
  }
  if (typeof b.notify_url !== 'string' || !/^https?:\/\//.test(b.notify_url)) {
    return fail(s, 400, 'PARAM_ERROR', 'notify_url 格式错误');
  }
  if (!Number.isInteger(amount?.total) || (amount?.total as number) <= 0) {
    return fail(s, 400, 'PARAM_ERROR', 'amount.total 必须为正整数（分）');
  }
  if (typeof payer?.openid !== 'string' || !payer.openid) {
    return fail(s, 400, 'PARAM_ERROR', '缺少 payer.openid');
  }
  const existing = s.orders.get(outTradeNo);
  if (existing) {
    const same = existing.amount.total === amount?.total && existing.payer?.openid === payer.openid;
    if (!same) return fail(s, 400, 'INVALID_REQUEST', '201 商户订单号重复');
    if (existing.trade_state === 'SUCCESS') return fail(s, 400, 'ORDERPAID', '该订单已支付');
    if (existing.trade_state === 'CLOSED') return fail(s, 400, 'ORDERCLOSED', '该订单已关闭');
    return signed(s, 200, { prepay_id: existing.prepay_id });
  }
  const expiresAt =
    typeof b.time_expire === 'string'
      ? Date.parse(b.time_expire)
      : s.clock.now() + DEFAULT_EXPIRY_MS;
  if (Number.isNaN(expiresAt)) return fail(s, 400, 'PARAM_ERROR', 'time_expire 格式错误');
  const prepayId = `wx${beijingTime(s.clock.now()).replace(/\D/g, '').slice(0, 14)}${randomId(18)}`;
  s.orders.set(outTradeNo, {
    appid: s.appid,
    mchid: s.mchid,
    out_trade_no: outTradeNo,
    trade_type: 'JSAPI',
    trade_state: 'NOTPAY',
    trade_state_desc: '订单未支付',
    payer: { openid: payer.openid },
    amount: { total: amount?.total as number, currency: 'CNY' },
    ...(typeof b.attach === 'string' ? { attach: b.attach } : {}),
    description: b.description,
    notify_url: b.notify_url,
    prepay_id: prepayId,
    expiresAt,
    refunded: 0,
  });
  return signed(s, 200, { prepay_id: prepayId });
}

function query(s: FakePayState, req: FakeRequest, outTradeNo: string): FakeResponse {
  if (req.query.get('mchid') !== s.mchid) return fail(s, 400, 'PARAM_ERROR', 'mchid 错误');
  const o = s.orders.get(outTradeNo);
  if (!o) return fail(s, 404, 'ORDER_NOT_EXIST', '订单不存在');
  return signed(s, 200, s.view(o));
}

function close(s: FakePayState, req: FakeRequest, outTradeNo: string): FakeResponse {
  if (jsonObject(req.body)?.mchid !== s.mchid) return fail(s, 400, 'PARAM_ERROR', 'mchid 错误');
  const o = s.orders.get(outTradeNo);
  if (!o) return fail(s, 404, 'ORDER_NOT_EXIST', '订单不存在');
  if (o.trade_state === 'SUCCESS' || o.trade_state === 'REFUND') {
    return fail(s, 400, 'ORDERPAID', '该订单已支付');
  }
  o.trade_state = 'CLOSED';
  o.trade_state_desc = '订单已关闭';
  return signed(s, 204);
}

function certificates(s: FakePayState): FakeResponse {
  s.certificateDownloads++;
  if (s.mode === 'publicKey') {
    // New merchants have no platform certificates (微信支付公钥 mode).
    return fail(s, 404, 'RESOURCE_NOT_EXISTS', 'no platform certificate (public-key merchant)');
  }
  const c = s.platform.certificate;
  const now = s.clock.now();
  return signed(s, 200, {
    data: [
      {
        serial_no: c.serial,
        effective_time: beijingTime(now - 86_400_000),
        expire_time: beijingTime(now + 5 * 365 * 86_400_000),
        encrypt_certificate: {
          algorithm: 'AEAD_AES_256_GCM',
          ...encryptGcm(c.pem, s.apiV3Key, 'certificate'),
        },
      },
    ],
  });
}

/** Routes one request of the fake api.mch.weixin.qq.com. */
export function handlePayRequest(
  s: FakePayState,
  req: FakeRequest,
  onRefund: (no: string) => void,
): FakeResponse {
  const serialHeader = req.headers['wechatpay-serial'];
  s.requestSerial = Array.isArray(serialHeader) ? serialHeader[0] : serialHeader;
  const injected = s.errors.take(req.path);
  if (injected)
    return fail(s, injected, injected === 429 ? 'FREQUENCY_LIMITED' : 'SYSTEM_ERROR', '系统繁忙');
  const denied = authenticate(s, req);
  if (denied) return denied;
  const { method, path } = req;
  if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return jsapi(s, req);
  if (method === 'GET' && path === '/v3/certificates') return certificates(s);
  const byNo = path.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/);
  if (byNo?.[1] && method === 'GET' && !byNo[2]) return query(s, req, decodeURIComponent(byNo[1]));
  if (byNo?.[1] && method === 'POST' && byNo[2]) return close(s, req, decodeURIComponent(byNo[1]));
  if (method === 'POST' && path === '/v3/refund/domestic/refunds')
    return createRefund(s, req, onRefund);
  const refund = path.match(/^\/v3\/refund\/domestic\/refunds\/([^/]+)$/);
  if (refund?.[1] && method === 'GET') {
    return queryRefund(s, decodeURIComponent(refund[1]), onRefund);
  }
  const abnormal = path.match(/^\/v3\/refund\/domestic\/refunds\/([^/]+)\/apply-abnormal-refund$/);
  if (abnormal?.[1] && method === 'POST') {
    return applyAbnormalRefund(s, req, decodeURIComponent(abnormal[1]), onRefund);
  }
  return fail(s, 404, 'NOT_FOUND', `no such API: ${method} ${path}`);
}
