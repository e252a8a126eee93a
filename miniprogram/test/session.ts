// Puts a logged-in member into the session store, as the launch login would.
import type { MemberSummary } from '@circles/shared';
import Taro from '@tarojs/taro';
import { giveConsent } from '../src/session/privacy';
import { logout, updateMember } from '../src/session/store';

export const silverMember: MemberSummary = {
  memberNo: 'M20250001',
  nickname: '林小满',
  avatarUrl: null,
  phoneBound: true,
  tier: { code: 'silver', name: '银卡', rank: 1, color: '#9EAAB8' },
};

export function signIn(member: MemberSummary = silverMember): void {
  giveConsent();
  Taro.setStorageSync('circles.session', {
    token: 'test-token',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    member,
  });
  updateMember(member);
}

export function signOut(): void {
  Taro.clearStorageSync();
  logout();
}
