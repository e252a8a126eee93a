// WeChat side of paying (the H5 build resolves payer.h5.ts instead, like session/platform.ts),
// so no sandbox payer reaches the weapp bundle.
import Taro from '@tarojs/taro';
import { ApiError } from '../api/errors';
import type { Payer } from './types';

function errMsgOf(err: unknown): string {
  if (err && typeof err === 'object' && 'errMsg' in err) return String(err.errMsg);
  return err instanceof Error ? err.message : '';
}

export const payer: Payer = {
  async pay({ payment }) {
    try {
      // appId is implied by the running mini-program; wx.requestPayment takes the rest as signed.
      await Taro.requestPayment({
        timeStamp: payment.timeStamp,
        nonceStr: payment.nonceStr,
        package: payment.package,
        signType: payment.signType,
        paySign: payment.paySign,
      });
      return 'paid';
    } catch (err) {
      // 'requestPayment:fail cancel' is the member closing the sheet, not a failure.
      if (/cancel/i.test(errMsgOf(err))) return 'cancelled';
      throw new ApiError('PAY_FAILED', '支付失败，请重试', 0);
    }
  },
  unavailable(plans) {
    return plans.payEnabled ? null : '线上支付暂未开放';
  },
};
