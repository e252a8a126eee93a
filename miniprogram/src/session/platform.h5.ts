// Browser side of logging in, used only by the H5 build (Taro resolves `platform.h5.ts` for
// TARO_ENV=h5, so none of this reaches the weapp bundle). There is no wx.login in a browser:
// in sandbox mode the server's fake WeChat platform mints the code for a chosen openid.
import Taro from '@tarojs/taro';
import { request } from '../api/request';

export const platformKind: 'weapp' | 'h5' = 'h5';
const OPENID_KEY = 'circles.sandbox.openid';

export function sandboxOpenid(): string | null {
  return (Taro.getStorageSync(OPENID_KEY) as string) || null;
}

export function setSandboxOpenid(openid: string | null): void {
  if (openid) Taro.setStorageSync(OPENID_KEY, openid);
  else Taro.removeStorageSync(OPENID_KEY);
}

/** A code for the remembered sandbox identity; null until someone picks one on the login page. */
export async function loginCode(): Promise<string | null> {
  const openid = sandboxOpenid();
  if (!openid) return null;
  const { code } = await request<{ code: string }>('/sandbox/weapp/login-code', {
    method: 'POST',
    body: { openid },
    auth: false,
  });
  return code;
}

// Read once when the app starts: by the time the member logs in, the URL is the login page's.
const LAUNCH_SEARCH = typeof window === 'undefined' ? '' : window.location.search;

export function launchScene(): string | undefined {
  const params = new URLSearchParams(LAUNCH_SEARCH);
  return params.get('scene') ?? params.get('inviter') ?? undefined;
}

/** Stands in for the phone-number button: the fake platform issues a phone code. */
export async function sandboxPhoneCode(phone: string): Promise<string> {
  const openid = sandboxOpenid();
  if (!openid) throw new Error('no sandbox identity');
  const { code } = await request<{ code: string }>('/sandbox/weapp/phone-code', {
    method: 'POST',
    body: { openid, phone },
    auth: false,
  });
  return code;
}

/** Whether the server runs with the fake WeChat platform (the login picker needs it). */
export async function sandboxAvailable(): Promise<boolean> {
  try {
    const health = await request<{ sandbox?: boolean }>('/healthz', { auth: false });
    return health.sandbox === true;
  } catch {
    return false;
  }
}

/**
 * Stands in for the member accepting wx.requestSubscribeMessage (a browser has none): the fake
 * platform records the accepts for the sandbox identity. False when there is none.
 */
export async function sandboxSubscribe(templateIds: string[]): Promise<boolean> {
  const openid = sandboxOpenid();
  if (!openid || templateIds.length === 0) return false;
  await request('/sandbox/weapp/subscriptions', {
    method: 'POST',
    body: { openid, templateIds },
    auth: false,
  });
  return true;
}
