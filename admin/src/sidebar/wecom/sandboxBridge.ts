import type { MiniprogramCard } from '@circles/shared';
import { sidebarApi } from '../api/sidebar';
import { signedUrl, type WeComBridge, WeComError } from './bridge';

/** Cards "sent" in sandbox mode, newest last: demos and e2e tests read them here. */
export interface SandboxWindow {
  __circlesSandboxSent?: MiniprogramCard[];
}

/**
 * Plays the WeCom client in a plain browser: the current contact is `?sandboxContact=`, and a
 * sent card is recorded on the window. It still asks the server for the JS-SDK signatures, as
 * the real client does, so the sandbox exercises the same route.
 */
export function createSandboxBridge(href: string): WeComBridge {
  const contact = new URL(href).searchParams.get('sandboxContact')?.trim() || null;
  let checked: Promise<void> | null = null;
  const register = () => {
    checked ??= sidebarApi.jssdkSignature(signedUrl(href)).then((s) => {
      if (!s.config.signature || !s.agentConfig.signature) {
        throw new WeComError('服务端未返回 JS-SDK 签名');
      }
    });
    return checked;
  };
  return {
    kind: 'sandbox',
    async currentContact() {
      if (!contact) return null;
      await register();
      return contact;
    },
    async sendMiniprogram(card) {
      await register();
      if (!card.page.split('?')[0]!.endsWith('.html')) {
        // WeCom refuses such cards; the stand-in refuses them too so the bug shows here.
        throw new WeComError('小程序页面路径须以 .html 结尾');
      }
      // sendChatMessage (https://developer.work.weixin.qq.com/document/path/98539): the cover
      // imgUrl "必须带 http 或 https 协议头", else `sendChatMessage:fail invalid imgUrl`.
      if (!/^https?:\/\/[^/]/i.test(card.imgUrl)) {
        throw new WeComError('封面图片地址无效（invalid imgUrl），须为 http(s) 完整地址');
      }
      const w = window as Window & SandboxWindow;
      w.__circlesSandboxSent = [...(w.__circlesSandboxSent ?? []), card];
    },
  };
}
