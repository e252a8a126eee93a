import type { MemberSummary } from '@circles/shared';
import type { ReactNode } from 'react';
import { go, ROUTES } from '../../lib/routes';
import { useSession } from '../../session/store';
import { EmptyState, Skeleton } from '../ui';

/**
 * Renders `children` for a logged-in member; a skeleton while the launch login runs and a
 * login prompt for a guest, so no page calls a member API without a session.
 */
export function MemberGate({
  children,
  hint = '登录后即可查看',
}: {
  children: (member: MemberSummary) => ReactNode;
  hint?: string;
}) {
  const session = useSession();
  if (session.status === 'unknown') return <Skeleton rows={4} />;
  if (session.status === 'guest' || !session.member) {
    return (
      <EmptyState
        title="您还未登录"
        hint={hint}
        action={{ label: '登录 / 注册', onClick: () => go(ROUTES.login) }}
      />
    );
  }
  return <>{children(session.member)}</>;
}
