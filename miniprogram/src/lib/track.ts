import type { circleRoutes, BodyOf } from '@circles/shared';
import Taro from '@tarojs/taro';
import { request } from '../api/request';
import { hasConsent } from '../session/privacy';

type TrackEvent = BodyOf<typeof circleRoutes.track>['events'][number];

const OPT_OUT_KEY = 'circles.track.optout';
const MAX_BATCH = 50;
const FLUSH_MS = 5_000;

let queue: TrackEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

/** Members may turn interest tracking off in their profile (个性化推荐). */
export function trackingEnabled(): boolean {
  return hasConsent() && !Taro.getStorageSync(OPT_OUT_KEY);
}

export function setTrackingEnabled(on: boolean): void {
  if (on) Taro.removeStorageSync(OPT_OUT_KEY);
  else {
    Taro.setStorageSync(OPT_OUT_KEY, '1');
    queue = [];
  }
}

/**
 * Member-center tracking (小程序埋点): page views, impressions and taps, batched (at most 50
 * per call, every 5 s or when a page hides). Tracking never gets in a member's way: failures
 * are dropped, and nothing is collected without privacy consent or after opting out.
 */
export function track(e: Omit<TrackEvent, 'at'>): void {
  if (!trackingEnabled()) return;
  queue.push({ ...e, at: new Date() });
  if (queue.length >= MAX_BATCH) void flush();
  else timer ??= setTimeout(() => void flush(), FLUSH_MS);
}

export async function flush(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const events = queue.splice(0, MAX_BATCH);
  if (events.length === 0) return;
  try {
    await request('/api/mp/track', { method: 'POST', body: { events } });
  } catch {
    // Interest scores are a best effort; a lost batch only makes one signal weaker.
  }
  if (queue.length > 0) await flush();
}
