// Subscribe messages (订阅消息) at the natural moments: right after a perk claim, an event
// sign-up or a top-up succeeds, offer the templates of that moment. Each accept lets the
// server send one message with that template, so the server is told what the member chose.
import type { SubscribeMoment } from '@circles/shared';
import Taro from '@tarojs/taro';
import { type SubscribeResult, subscriptionsApi } from '../api/messages';
import { platformKind, sandboxSubscribe } from '../session/platform';

const PROMPT: Record<SubscribeMoment, string> = {
  perk_claim: '权益到账、积分即将过期时通过微信通知您',
  event_signup: '活动开始前通过微信提醒您',
  topup: '储值权益到账、积分即将过期时通过微信通知您',
};

const RESULTS: readonly string[] = ['accept', 'reject', 'ban', 'filter'];
// Older WeChat clients take at most 3 ids per ask.
const MAX_IDS = 3;
const ASKED_KEY = 'circles.subscribe.asked';
/** Don't ask again at the same moment sooner than this (several claims in a row). */
const QUIET_MS = 10 * 60_000;

/** Only the asked ids with a known answer (the answer also carries `errMsg`). */
function pick(res: Record<string, unknown>, ids: string[]): Record<string, SubscribeResult> {
  const out: Record<string, SubscribeResult> = {};
  for (const id of ids) {
    const v = res[id];
    if (typeof v === 'string' && RESULTS.includes(v)) out[id] = v as SubscribeResult;
  }
  return out;
}

function recentlyAsked(moment: SubscribeMoment, now: number): boolean {
  const asked = (Taro.getStorageSync(ASKED_KEY) || {}) as Partial<Record<SubscribeMoment, number>>;
  if (now - (asked[moment] ?? 0) < QUIET_MS) return true;
  Taro.setStorageSync(ASKED_KEY, { ...asked, [moment]: now });
  return false;
}

/**
 * WeChat opens the subscribe sheet only from a tap (or a payment callback), and the moment
 * comes after a network round trip, so a modal asks first: its confirm is the tap, and the
 * sheet is requested right inside the modal's callback, not after an await.
 */
function askWeChat(ids: string[], moment: SubscribeMoment) {
  return new Promise<Record<string, SubscribeResult> | null>((resolve) => {
    if (typeof Taro.requestSubscribeMessage !== 'function') return resolve(null);
    void Taro.showModal({
      title: '开启消息提醒',
      content: PROMPT[moment],
      confirmText: '开启',
      cancelText: '暂不',
      success: (r) => {
        if (!r.confirm) return resolve(null);
        // Taro's type wants alipay's entityIds too; WeChat takes tmplIds only.
        const option = {
          tmplIds: ids,
          success: (res: Record<string, unknown>) => resolve(pick(res, ids)),
          fail: () => resolve(null),
        } as unknown as Taro.requestSubscribeMessage.Option;
        void Taro.requestSubscribeMessage(option).catch(() => resolve(null));
      },
      fail: () => resolve(null),
    });
  });
}

/** The browser (H5) build has no subscribe sheet: in sandbox mode the fake platform accepts. */
async function askSandbox(ids: string[], sandbox: boolean) {
  if (!sandbox || !(await sandboxSubscribe(ids))) return null;
  return Object.fromEntries(ids.map((id) => [id, 'accept' as const]));
}

/** Asks and reports; resolves to what was reported (null when nothing was asked). */
export async function askSubscriptions(
  moment: SubscribeMoment,
  now = Date.now(),
): Promise<Record<string, SubscribeResult> | null> {
  const { templates, sandbox } = await subscriptionsApi.templates(moment);
  const ids = templates.map((t) => t.templateId).slice(0, MAX_IDS);
  if (ids.length === 0) return null;
  let results: Record<string, SubscribeResult> | null;
  if (platformKind === 'h5') results = await askSandbox(ids, sandbox);
  else results = recentlyAsked(moment, now) ? null : await askWeChat(ids, moment);
  if (!results || Object.keys(results).length === 0) return null;
  await subscriptionsApi.report(results);
  return results;
}

/**
 * Call after the action succeeded. Fire and forget: it never delays or fails the flow that
 * called it (a missed subscription only means no reminder later).
 */
export function offerSubscriptions(moment: SubscribeMoment): void {
  void askSubscriptions(moment).catch(() => undefined);
}
