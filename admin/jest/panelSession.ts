import type { AdminRole } from '@circles/shared';
import type { Session } from '../src/panel/auth/session';

/** A signed-in panel session for component tests (the token is never checked by fakes). */
export function panelSession(
  role: AdminRole = 'ops',
  username = `${role.replace('-', '')}01`,
): Session {
  return {
    token: `test-token-${username}`,
    expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
    account: { id: `id-${username}`, username, displayName: `测试${username}`, role },
  };
}
