import { oauthStateMatches, oauthUrl, withoutOAuthParams } from './oauth';
import { clearSession, currentToken, loadSession, saveSession } from './sessionStore';

const KEY = 'circles.sidebar.session';
const session = (expiresAt: string) => ({
  token: 't-1',
  expiresAt,
  code: 'c-1',
  consultant: { userId: 'zhangsan', name: '张三', store: null },
});

afterEach(() => {
  clearSession();
  sessionStorage.clear();
});

describe('WeCom OAuth helpers', () => {
  it('builds the snsapi_base authorize URL with an encoded redirect and the fixed fragment', () => {
    const url = oauthUrl('ww1', '1000002', 'https://shop.example/sidebar/?a=1&b=2', 'st');
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1&redirect_uri=https%3A%2F%2Fshop.example%2Fsidebar%2F%3Fa%3D1%26b%3D2&response_type=code&scope=snsapi_base&state=st&agentid=1000002#wechat_redirect',
    );
  });

  it('strips the OAuth answer and the fragment but keeps the page’s own parameters', () => {
    expect(withoutOAuthParams('https://x.test/sidebar/?corpId=ww1&code=abc&state=s#frag')).toBe(
      'https://x.test/sidebar/?corpId=ww1',
    );
  });

  it('accepts a state only once, and any state when this tab never asked', () => {
    expect(oauthStateMatches('anything')).toBe(true);
    sessionStorage.setItem('circles.sidebar.oauthState', 'abc');
    expect(oauthStateMatches('abc')).toBe(true);
    sessionStorage.setItem('circles.sidebar.oauthState', 'abc');
    expect(oauthStateMatches('other')).toBe(false);
  });
});

describe('consultant session store', () => {
  it('keeps a valid session for the tab and hands out its token', () => {
    saveSession(session(new Date(Date.now() + 3600_000).toISOString()));
    expect(currentToken()).toBe('t-1');
    expect(JSON.parse(sessionStorage.getItem(KEY)!).token).toBe('t-1');
  });

  it('drops a session about to expire (within a minute)', () => {
    const now = Date.now();
    saveSession(session(new Date(now + 30_000).toISOString()));
    expect(loadSession(now)).toBeNull();
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('drops a stored entry that is not a session', () => {
    sessionStorage.setItem(KEY, '{"token":1}');
    expect(loadSession()).toBeNull();
    expect(sessionStorage.getItem(KEY)).toBeNull();
    sessionStorage.setItem(KEY, 'not json');
    expect(loadSession()).toBeNull();
  });
});
