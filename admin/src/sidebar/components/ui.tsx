import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';

export function Section(props: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="sb-section" aria-label={props.title}>
      <header className="sb-section-head">
        <h2>{props.title}</h2>
        {props.extra}
      </header>
      {props.children}
    </section>
  );
}

/** Grey bars where content is about to appear (no spinner jumping around the narrow page). */
export function Skeleton({ lines = 3, label = '加载中' }: { lines?: number; label?: string }) {
  return (
    <div className="sb-skeleton" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
        <div key={i} className="sb-skeleton-line" style={{ width: `${92 - i * 17}%` }} />
      ))}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="sb-empty">{children}</p>;
}

export function ErrorBox(props: { message: string; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div className="sb-error" role="alert">
      <p>{props.message}</p>
      {props.onRetry && (
        <Button variant="link" onClick={props.onRetry}>
          {props.retryLabel ?? '重试'}
        </Button>
      )}
    </div>
  );
}

type ButtonProps = {
  children: ReactNode;
  onClick?: () => void;
  variant?: 'primary' | 'default' | 'link';
  busy?: boolean;
  disabled?: boolean;
  type?: 'button' | 'submit';
  title?: string;
};

export function Button({ variant = 'default', type = 'button', busy, ...p }: ButtonProps) {
  return (
    <button
      type={type}
      className={`sb-btn sb-btn-${variant}`}
      onClick={p.onClick}
      disabled={p.disabled || busy}
      aria-busy={busy || undefined}
      title={p.title}
    >
      {busy ? '处理中…' : p.children}
    </button>
  );
}

export type Notice = { kind: 'ok' | 'error'; text: string };
export type Notify = (kind: Notice['kind'], text: string) => void;

/** One short-lived message at the bottom of the page (success or failure of an action). */
export function useNotice(): [Notice | null, Notify] {
  const [notice, setNotice] = useState<Notice | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const notify = useCallback<Notify>((kind, text) => {
    clearTimeout(timer.current);
    setNotice({ kind, text });
    timer.current = setTimeout(() => setNotice(null), kind === 'error' ? 6000 : 2500);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [notice, notify];
}

export function NoticeBar({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return (
    <div
      className={`sb-notice sb-notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
    >
      {notice.text}
    </div>
  );
}

/** Runs an async action once at a time, reporting success or failure through `notify`. */
export function useAction(notify: Notify) {
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (
      key: string,
      action: () => Promise<string | undefined>,
      onError: (e: unknown) => string,
    ) => {
      setBusy(key);
      try {
        const done = await action();
        if (done) notify('ok', done);
        return true;
      } catch (err) {
        notify('error', onError(err));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [notify],
  );
  return { busy, run };
}
