/** The page's own address with the OAuth answer (code, state) taken out. */
export function withoutOAuthParams(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  url.hash = '';
  return url.toString();
}

/**
 * WeCom OAuth2 (snsapi_base) for a self-built app: WeCom sends the consultant back to
 * `redirectUri` with `?code=&state=`. The fragment must be exactly `#wechat_redirect`.
 */
export function oauthUrl(corpId: string, agentId: string, redirectUri: string, state: string) {
  const q = [
    `appid=${encodeURIComponent(corpId)}`,
    `redirect_uri=${encodeURIComponent(redirectUri)}`,
    'response_type=code',
    'scope=snsapi_base',
    `state=${encodeURIComponent(state)}`,
    `agentid=${encodeURIComponent(agentId)}`,
  ].join('&');
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${q}#wechat_redirect`;
}

const STATE_KEY = 'circles.sidebar.oauthState';

/** A fresh random state, remembered for the tab so the answer can be matched to the request. */
export function newOAuthState(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const state = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    sessionStorage.setItem(STATE_KEY, state);
  } catch {
    // Without storage the state can't be checked; the code is still single use.
  }
  return state;
}

/** False only when this tab started an OAuth round trip and the answer carries another state. */
export function oauthStateMatches(state: string | null): boolean {
  let expected: string | null = null;
  try {
    expected = sessionStorage.getItem(STATE_KEY);
    sessionStorage.removeItem(STATE_KEY);
  } catch {
    return true;
  }
  return expected === null || expected === state;
}
