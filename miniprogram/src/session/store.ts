import type { MemberSummary } from '@circles/shared';
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { configureAuth } from '../api/request';
import { sessionApi } from '../api/session';
import { bindInvite } from './invite';
import { launchScene, loginCode } from './platform';
import { hasConsent } from './privacy';

/** `unknown` until the first check; `guest` when no session could be had without the member. */
export type SessionStatus = 'unknown' | 'guest' | 'member';

export interface SessionState {
  status: SessionStatus;
  member: MemberSummary | null;
}

interface StoredSession {
  token: string;
  expiresAt: string;
  member: MemberSummary;
}

const TOKEN_KEY = 'circles.session';
const listeners = new Set<() => void>();
let state: SessionState = { status: 'unknown', member: null };

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

function stored(): StoredSession | null {
  const value = Taro.getStorageSync(TOKEN_KEY) as StoredSession | '';
  if (typeof value !== 'object' || !value.token) return null;
  // A minute of slack so a request doesn't leave with a token that expires on the way.
  if (Date.parse(value.expiresAt) - Date.now() < 60_000) return null;
  return value;
}

export function sessionToken(): string | null {
  return stored()?.token ?? null;
}

export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** Replaces the member summary after a change the server reported (phone bound, profile). */
export function updateMember(member: MemberSummary): void {
  const current = stored();
  if (current) Taro.setStorageSync(TOKEN_KEY, { ...current, member });
  set({ status: 'member', member });
}

/**
 * Gets a session without asking the member anything (wx.login on WeChat, the remembered
 * sandbox identity on H5). Never before privacy consent. Resolves false when it can't.
 */
export async function login(): Promise<boolean> {
  if (!hasConsent()) return false;
  const code = await loginCode();
  if (!code) return false;
  const scene = launchScene();
  const res = await sessionApi.create(code, scene);
  Taro.setStorageSync(TOKEN_KEY, {
    token: res.token,
    expiresAt: res.expiresAt,
    member: res.member,
  });
  set({ status: 'member', member: res.member });
  if (scene) await bindInvite(scene);
  return true;
}

/** On launch: reuse a live token, else log in silently, else stay a guest. */
export async function restoreSession(): Promise<SessionState> {
  const current = stored();
  if (current && hasConsent()) {
    set({ status: 'member', member: current.member });
    return state;
  }
  try {
    if (!(await login())) set({ status: 'guest', member: null });
  } catch {
    set({ status: 'guest', member: null });
  }
  return state;
}

export function logout(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  set({ status: 'guest', member: null });
}

configureAuth({
  token: sessionToken,
  async relogin() {
    Taro.removeStorageSync(TOKEN_KEY);
    try {
      if (await login()) return true;
    } catch {
      // fall through: the member becomes a guest and the page offers the login button
    }
    set({ status: 'guest', member: null });
    return false;
  },
});
