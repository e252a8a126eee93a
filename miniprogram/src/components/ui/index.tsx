import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ActionButton } from './action-button';
import { memberMessage } from '../../api/errors';
import './index.scss';

export { ActionButton, type ActionButtonProps } from './action-button';

/** Grey shimmering bars in the shape of the content that is loading. */
export function Skeleton({ rows = 3, label = '加载中' }: { rows?: number; label?: string }) {
  return (
    <View className="ui-skeleton" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <View
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity.
          key={i}
          className="ui-skeleton__row"
          style={{ width: `${92 - ((i * 17) % 40)}%` }}
        />
      ))}
    </View>
  );
}

export function EmptyState({
  title,
  hint,
  action,
}: {
  title: string;
  hint?: string;
  action?: { label: string; onClick: () => void };
}) {
  return (
    <View className="ui-empty">
      <View className="ui-empty__mark" />
      <Text className="ui-empty__title">{title}</Text>
      {hint ? <Text className="ui-empty__hint">{hint}</Text> : null}
      {action ? (
        <ActionButton
          className="ui-button ui-button--ghost ui-empty__action"
          onClick={action.onClick}
        >
          {action.label}
        </ActionButton>
      ) : null}
    </View>
  );
}

/** A section that failed to load: what went wrong and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <View className="ui-empty" role="alert">
      <Text className="ui-empty__title">{memberMessage(error)}</Text>
      <ActionButton className="ui-button ui-button--ghost ui-empty__action" onClick={onRetry}>
        重新加载
      </ActionButton>
    </View>
  );
}

export function Section({
  title,
  extra,
  onExtra,
  children,
}: {
  title: string;
  extra?: string;
  onExtra?: () => void;
  children: ReactNode;
}) {
  return (
    <View className="ui-section">
      <View className="ui-section__head">
        <Text className="ui-section__title">{title}</Text>
        {extra ? (
          <Text className="ui-section__extra" onClick={onExtra}>
            {onExtra ? `${extra} ›` : extra}
          </Text>
        ) : null}
      </View>
      {children}
    </View>
  );
}

export function ProgressBar({ value, color }: { value: number; color?: string }) {
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return (
    <View
      className="ui-progress"
      role="progressbar"
      aria-valuenow={Math.round(pct)}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <View className="ui-progress__bar" style={{ width: `${pct}%`, background: color }} />
    </View>
  );
}

/** A page-wide loading, error or content switch for one remote section. */
export function Loadable<T>({
  remote,
  rows,
  children,
}: {
  remote: { data: T | undefined; error: unknown; loading: boolean; reload(): Promise<void> };
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  if (remote.data !== undefined) return <>{children(remote.data)}</>;
  if (remote.error) return <ErrorState error={remote.error} onRetry={() => void remote.reload()} />;
  return <Skeleton rows={rows} />;
}
