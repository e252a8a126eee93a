import type { ConsultantView } from '@circles/shared';
import { sidebarApi } from '../api/sidebar';
import { errorMessage } from '../errors';
import { loadBridge, type WeComBridge, WeComError } from '../wecom/bridge';
import { newOAuthState, oauthStateMatches, oauthUrl, withoutOAuthParams } from './oauth';
import { type ConsultantSession, loadSession, saveSession } from './sessionStore';

export type BootResult =
  | { kind: 'ready'; consultant: ConsultantView; externalUserId: string; bridge: WeComBridge }
  /** Sandbox without a chosen consultant or contact: the page shows a picker. */
  | { kind: 'pick'; sandboxUser: string | null; consultant: ConsultantView | null }
  /** Off to WeCom's OAuth2 page. */
  | { kind: 'redirect'; url: string }
  | { kind: 'error'; message: string };

// Codes are single use: a second boot of the same page (React StrictMode, a quick retry)
// must share the first exchange rather than burn the code again.
const exchanges = new Map<string, Promise<ConsultantSession>>();

function exchange(code: string): Promise<ConsultantSession> {
  let pending = exchanges.get(code);
  if (!pending) {
    pending = sidebarApi.session(code).then((s) => {
      const session = { ...s, code };
      saveSession(session);
      return session;
    });
    pending.catch(() => exchanges.delete(code));
    exchanges.set(code, pending);
  }
  return pending;
}

type Signed = { session: ConsultantSession } | Exclude<BootResult, { kind: 'ready' }>;

/** Who the consultant is: a stored session, the OAuth code in the URL, or (sandbox) the fake's code. */
async function signIn(href: string, sandbox: boolean): Promise<Signed> {
  const params = new URL(href).searchParams;
  const code = params.get('code');
  const stored = loadSession();
  if (code) {
    // A reload keeps `?code=` in the URL but the code is single use: reuse its session.
    if (stored?.code === code) return { session: stored };
    if (!oauthStateMatches(params.get('state'))) {
      return { kind: 'error', message: '登录请求校验失败，请关闭后重新打开侧边栏' };
    }
    return { session: await exchange(code) };
  }
  if (sandbox) {
    const user = params.get('sandboxUser')?.trim();
    if (!user) return { kind: 'pick', sandboxUser: null, consultant: null };
    if (stored?.consultant.userId === user) return { session: stored };
    return { session: await exchange((await sidebarApi.sandboxOAuthCode(user)).code) };
  }
  if (stored) return { session: stored };
  // The app's sidebar URL in the WeCom console carries these (…/sidebar/?corpId=…&agentId=…).
  const corpId = params.get('corpId');
  const agentId = params.get('agentId');
  if (!corpId || !agentId) {
    return {
      kind: 'error',
      message: '侧边栏地址缺少 corpId 或 agentId 参数，请联系管理员检查企业微信应用配置',
    };
  }
  return {
    kind: 'redirect',
    url: oauthUrl(corpId, agentId, withoutOAuthParams(href), newOAuthState()),
  };
}

/** Health → consultant session → WeCom bridge → current contact. Never throws. */
export async function boot(href: string): Promise<BootResult> {
  try {
    const health = await sidebarApi.health();
    const sandbox = health.sandbox === true;
    const signed = await signIn(href, sandbox);
    if (!('session' in signed)) return signed;
    const { consultant } = signed.session;
    const bridge = await loadBridge(sandbox, href);
    const externalUserId = await bridge.currentContact();
    if (!externalUserId) {
      if (sandbox) return { kind: 'pick', sandboxUser: consultant.userId, consultant };
      return { kind: 'error', message: '未获取到当前客户，请从与客户的单聊工具栏打开' };
    }
    return { kind: 'ready', consultant, externalUserId, bridge };
  } catch (err) {
    if (err instanceof WeComError) return { kind: 'error', message: err.message };
    return { kind: 'error', message: errorMessage(err, 'login') };
  }
}
