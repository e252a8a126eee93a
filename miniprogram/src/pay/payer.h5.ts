// Browser side of paying, used only by the H5 build (Taro resolves this file for TARO_ENV=h5).
// A browser has no wx.requestPayment: in sandbox mode the member confirms on our own sheet and
// the server's fake WeChat Pay "pays" the order, then notifies the server like WeChat Pay does.
import { request } from '../api/request';
import type { Payer } from './types';

export const payer: Payer = {
  async pay({ order }, confirm) {
    if (!(await confirm(order))) return 'cancelled';
    await request<{ outTradeNo: string; tradeState: string }>('/sandbox/wxpay/pay', {
      method: 'POST',
      body: { outTradeNo: order.outTradeNo },
      auth: false,
    });
    return 'paid';
  },
  unavailable(plans) {
    if (!plans.payEnabled) return '线上支付暂未开放';
    return plans.sandbox ? null : '请在微信小程序内完成支付';
  },
};
