import Taro from '@tarojs/taro';

// Bump the version when the privacy notice changes materially: everyone is asked again.
const CONSENT_KEY = 'circles.privacy.v1';

/** True once the member agreed to the privacy notice; nothing is sent to the server before. */
export function hasConsent(): boolean {
  return Boolean(Taro.getStorageSync(CONSENT_KEY));
}

export function giveConsent(): void {
  Taro.setStorageSync(CONSENT_KEY, new Date().toISOString());
}

export function withdrawConsent(): void {
  Taro.removeStorageSync(CONSENT_KEY);
}
