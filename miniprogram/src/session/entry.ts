// How the member arrived: the query of the current entry (cold start, or a hot start from a
// friend's card or a scanned code while the mini-program was still in the background).
// getLaunchOptionsSync only knows the cold start, so a hot start is read from the app's onShow
// options and from getEnterOptionsSync
// (https://developers.weixin.qq.com/miniprogram/dev/api/base/app/life-cycle/wx.getEnterOptionsSync.html).
import Taro from '@tarojs/taro';

type Query = Record<string, string | undefined>;

let shown: Query | undefined;

/** Referral scene in a query: a mini-program code puts it in `scene` (URI-encoded), a card in `inviter`. */
export function sceneFromQuery(query: Query | undefined): string | undefined {
  const raw = query?.scene ?? query?.inviter;
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // not encoded after all
  }
}

/** Remembers the query from the app's onShow (every start and every return to the foreground). */
export function rememberEntry(query: Query | undefined): void {
  shown = query;
}

/** The scene of the latest entry: onShow first, then the enter options, then the launch. */
export function entryScene(): string | undefined {
  const enter = Taro.getEnterOptionsSync?.().query as Query | undefined;
  const launch = Taro.getLaunchOptionsSync?.().query as Query | undefined;
  return sceneFromQuery(shown) ?? sceneFromQuery(enter) ?? sceneFromQuery(launch);
}
