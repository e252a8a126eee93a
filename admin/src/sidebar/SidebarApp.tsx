import { useCallback, useEffect, useState } from 'react';
import { withoutOAuthParams } from './auth/oauth';
import { type BootResult, boot } from './auth/boot';
import { clearSession } from './auth/sessionStore';
import { CustomerPage } from './components/CustomerPage';
import { SandboxPicker } from './components/SandboxPicker';
import { ErrorBox, Skeleton } from './components/ui';

export interface SidebarAppProps {
  /** The page address (tests pass one; in the browser it is location.href). */
  href?: string;
  /** Leaves the page (OAuth redirect, sandbox picker); tests observe it. */
  navigate?: (url: string) => void;
}

const go = (url: string) => window.location.assign(url);

/**
 * The consultant's chat-toolbar page: sign in through WeCom OAuth, register the JS-SDK, find
 * the customer of the open chat and show their card.
 */
export function SidebarApp({ href = window.location.href, navigate = go }: SidebarAppProps) {
  const [result, setResult] = useState<BootResult | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the boot on retry
  useEffect(() => {
    let live = true;
    setResult(null);
    void boot(href).then((r) => {
      if (!live) return;
      if (r.kind === 'redirect') navigate(r.url);
      setResult(r);
    });
    return () => {
      live = false;
    };
  }, [href, navigate, attempt]);

  // WeCom may keep the sidebar page alive while the consultant switches chats; when it comes
  // back into view, ask again which customer is open and follow the switch.
  useEffect(() => {
    if (result?.kind !== 'ready') return;
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      result.bridge.currentContact().then(
        (id) => {
          if (id && id !== result.externalUserId) setResult({ ...result, externalUserId: id });
        },
        () => undefined, // the open page stays as it is; a real failure shows on the next action
      );
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [result]);

  const signInAgain = useCallback(() => {
    clearSession();
    // Without the used OAuth code the page asks WeCom (or the sandbox) for a fresh one.
    navigate(withoutOAuthParams(href));
  }, [href, navigate]);

  return (
    <main className="sidebar">
      {result === null && <Skeleton lines={5} label="正在连接企业微信" />}
      {result?.kind === 'redirect' && <p className="sb-empty">正在跳转企业微信授权…</p>}
      {result?.kind === 'error' && (
        <ErrorBox message={result.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {result?.kind === 'pick' && (
        <SandboxPicker sandboxUser={result.sandboxUser} href={href} navigate={navigate} />
      )}
      {result?.kind === 'ready' && (
        <CustomerPage
          key={result.externalUserId}
          externalUserId={result.externalUserId}
          consultant={result.consultant}
          bridge={result.bridge}
          onSignInAgain={signInAgain}
        />
      )}
    </main>
  );
}
