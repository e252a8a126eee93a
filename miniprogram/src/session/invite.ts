import Taro from '@tarojs/taro';
import { referralApi } from '../api/referral';

const TRIED_KEY = 'circles.invite.tried';

/**
 * Binds the member to the inviter whose code it arrived with (a shared card or the inviter's
 * mini-program code). Tried once per code on this device: the server refuses existing members,
 * self-invites and repeats, and none of that is the member's concern, so refusals stay silent.
 */
export async function bindInvite(code: string): Promise<void> {
  const tried = (Taro.getStorageSync(TRIED_KEY) as string[] | '') || [];
  if (tried.includes(code)) return;
  Taro.setStorageSync(TRIED_KEY, [...tried, code].slice(-20));
  try {
    await referralApi.bind(code);
  } catch {
    // REFERRAL_* refusals and network failures: the invite simply does not count.
  }
}
