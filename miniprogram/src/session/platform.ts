// WeChat side of logging in (the H5 build resolves platform.h5.ts instead, see Taro's
// multi-platform files): wx.login for the session code, the entry query for referral scenes.
import Taro from '@tarojs/taro';
import { entryScene } from './entry';

export const platformKind: 'weapp' | 'h5' = 'weapp';

/** Always possible in WeChat: wx.login needs no user interaction. */
export async function loginCode(): Promise<string | null> {
  const { code } = await Taro.login();
  return code || null;
}

/** Referral scene of the latest entry (cold or hot start), see `entry.ts`. */
export function launchScene(): string | undefined {
  return entryScene();
}

// The H5 build's sandbox login (platform.h5.ts) has these too; on WeChat they do nothing, so
// pages can call them unconditionally and no sandbox code reaches the weapp bundle.
export function sandboxOpenid(): string | null {
  return null;
}

export function setSandboxOpenid(_openid: string | null): void {}

export async function sandboxPhoneCode(_phone: string): Promise<string> {
  throw new Error('sandbox phone codes exist only in the H5 build');
}

export async function sandboxAvailable(): Promise<boolean> {
  return false;
}

export async function sandboxSubscribe(_templateIds: string[]): Promise<boolean> {
  return false;
}
