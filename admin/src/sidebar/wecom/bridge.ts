import type { MiniprogramCard } from '@circles/shared';

/**
 * What the sidebar needs from the WeCom client. The real one wraps `@wecom/jssdk`; in sandbox
 * mode a stand-in reports the contact chosen in the URL. Each is loaded on demand, so a page
 * in WeCom never downloads the stand-in and a sandbox page never downloads the SDK.
 */
export interface WeComBridge {
  readonly kind: 'wecom' | 'sandbox';
  /** The external_userid of the chat the sidebar is open in; null when there is none (sandbox). */
  currentContact(): Promise<string | null>;
  /** Sends a mini-program card into the current chat. */
  sendMiniprogram(card: MiniprogramCard): Promise<void>;
}

/** A JS-SDK call that WeCom refused; `message` is already worded for the consultant. */
export class WeComError extends Error {
  override readonly name = 'WeComError';
}

/** `href` is the page's address (location.href); it is what the JS-SDK signature covers. */
export async function loadBridge(sandbox: boolean, href: string): Promise<WeComBridge> {
  if (sandbox) {
    const { createSandboxBridge } = await import('./sandboxBridge');
    return createSandboxBridge(href);
  }
  const { createRealBridge } = await import('./realBridge');
  return createRealBridge(href);
}

/** The URL the JS-SDK signs: the page's href without its fragment. */
export function signedUrl(href: string): string {
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}
