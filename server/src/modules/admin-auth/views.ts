import type { AdminAccount, AdminSessionAccount } from '@circles/shared';
import type { AdminAccountDoc } from './admin-account.model';

/** The account as the API shows it (and as audit snapshots record it): never the hash. */
export function accountView(d: AdminAccountDoc): AdminAccount {
  return {
    id: d._id.toHexString(),
    username: d.username,
    displayName: d.displayName,
    role: d.role,
    disabled: d.disabled,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    lastLoginAt: d.lastLoginAt ? d.lastLoginAt.toISOString() : null,
  };
}

export function sessionView(d: AdminAccountDoc): AdminSessionAccount {
  return {
    id: d._id.toHexString(),
    username: d.username,
    displayName: d.displayName,
    role: d.role,
  };
}

/** Usernames are stored lower-case; login and lookups normalise the same way. */
export const normaliseUsername = (u: string) => u.trim().toLowerCase();
