import type { JssdkSignatureResponse, MiniprogramCard } from '@circles/shared';
import * as ww from '@wecom/jssdk';
import { sidebarApi } from '../api/sidebar';
import { signedUrl, type WeComBridge, WeComError } from './bridge';

const JS_API_LIST = ['getContext', 'getCurExternalContact', 'sendChatMessage'];

/** WeCom's `errMsg` for the failures a consultant can act on. */
function reason(err: unknown): string {
  const msg =
    typeof err === 'object' && err !== null && 'errMsg' in err
      ? String((err as { errMsg: unknown }).errMsg)
      : err instanceof Error
        ? err.message
        : String(err);
  if (msg.includes('without context of external contact')) {
    return '请在与客户的单聊中，从聊天工具栏打开本页面';
  }
  if (msg.includes('no permission') || msg.includes('permission denied')) {
    return '应用没有该接口的权限，请联系管理员在企业微信后台开通';
  }
  return `企业微信接口调用失败：${msg}`;
}

/** `@wecom/jssdk`, registered with server-made signatures for both config and agentConfig. */
export function createRealBridge(href: string): WeComBridge {
  // One server round trip per URL answers both factories (it carries both signatures).
  const signatures = new Map<string, Promise<JssdkSignatureResponse>>();
  const sign = (url: string) => {
    let p = signatures.get(url);
    if (!p) {
      p = sidebarApi.jssdkSignature(url);
      signatures.set(url, p);
      p.catch(() => signatures.delete(url));
    }
    return p;
  };

  let registered: Promise<void> | null = null;
  const register = () => {
    registered ??= (async () => {
      const first = await sign(signedUrl(href));
      ww.register({
        corpId: first.corpId,
        agentId: first.agentId,
        jsApiList: JS_API_LIST,
        getConfigSignature: async (url) => (await sign(signedUrl(url))).config,
        getAgentConfigSignature: async (url) => (await sign(signedUrl(url))).agentConfig,
      });
      try {
        await ww.ensureAgentConfigReady();
      } catch (err) {
        registered = null;
        throw new WeComError(reason(err));
      }
    })();
    return registered;
  };

  return {
    kind: 'wecom',
    async currentContact() {
      await register();
      try {
        const { userId } = await ww.getCurExternalContact();
        return userId;
      } catch (err) {
        throw new WeComError(reason(err));
      }
    },
    async sendMiniprogram(card: MiniprogramCard) {
      await register();
      try {
        await ww.sendChatMessage({ msgtype: 'miniprogram', enterChat: true, miniprogram: card });
      } catch (err) {
        throw new WeComError(reason(err));
      }
    },
  };
}
