/** The signed parameters `wx.requestPayment` needs (returned by prepay). */
export interface PaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface PrepayInput {
  outTradeNo: string;
  description: string;
  /** Fen. */
  total: number;
  openid: string;
  notifyUrl: string;
  /** When the order stops being payable. */
  expiresAt?: Date;
  attach?: string;
}

export type TradeState =
  | 'SUCCESS'
  | 'REFUND'
  | 'NOTPAY'
  | 'CLOSED'
  | 'REVOKED'
  | 'USERPAYING'
  | 'PAYERROR';

/** A transaction as WeChat Pay reports it (query answers and decrypted notifications). */
export interface PayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: TradeState;
  trade_state_desc?: string;
  success_time?: string;
  attach?: string;
  payer?: { openid: string };
  amount: { total: number; payer_total?: number; currency: string };
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface PayRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  status: RefundStatus;
  amount: {
    total: number;
    refund: number;
    payer_total?: number;
    payer_refund?: number;
    currency: string;
  };
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  /** Fen refunded now, and the order's original total. */
  refund: number;
  total: number;
  reason?: string;
  notifyUrl?: string;
}

/** A verified, decrypted notification. */
export type PayNotification =
  | { id: string; eventType: 'TRANSACTION.SUCCESS'; transaction: PayTransaction }
  | {
      id: string;
      eventType: 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
      refund: RefundNotice;
    };

export interface RefundNotice {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: RefundStatus;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number };
}

export interface NotificationRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/** WeChat Pay API v3 as the app uses it; the real one and the sandbox differ only in base URL. */
export interface PayGateway {
  readonly appid: string;
  readonly mchid: string;
  prepay(input: PrepayInput): Promise<PaymentParams & { prepayId: string }>;
  /** `null` when WeChat Pay has no such order (ORDER_NOT_EXIST). */
  query(outTradeNo: string): Promise<PayTransaction | null>;
  close(outTradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<PayRefund>;
  queryRefund(outRefundNo: string): Promise<PayRefund | null>;
  /** Releases an ABNORMAL refund to the merchant's bank account (发起异常退款). */
  applyAbnormalRefund(refundId: string, outRefundNo: string): Promise<PayRefund>;
  /** Verifies the signature over the raw body, the timestamp and the GCM tag, then parses. */
  parseNotification(req: NotificationRequest): Promise<PayNotification>;
}

export type PayErrorCode =
  | 'SIGNATURE_INVALID'
  | 'SERIAL_UNKNOWN'
  | 'TIMESTAMP_SKEWED'
  | 'DECRYPT_FAILED'
  | 'BODY_INVALID'
  | 'RESPONSE_SIGNATURE_INVALID'
  | 'UPSTREAM';

/** A failed call or a rejected notification; `code` is ours, `wxCode` is WeChat Pay's. */
export class PayError extends Error {
  constructor(
    readonly code: PayErrorCode,
    message: string,
    readonly status?: number,
    readonly wxCode?: string,
  ) {
    super(message);
    this.name = 'PayError';
  }
}
