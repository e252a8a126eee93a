import type { AdminRole, AdminSessionAccount } from '@circles/shared';

/** A signed-in back-office session, as POST /api/admin/auth/login returns it. */
export interface Session {
  token: string;
  /** ISO time the token stops working. */
  expiresAt: string;
  account: AdminSessionAccount;
}

/** Why the last session ended: the login page words its notice by this. */
export type SessionEnd = 'expired' | 'signedOut';

const STORAGE_KEY = 'circles.admin.session';

let current: Session | null = null;
let lastEnd: SessionEnd | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be disabled by browser policy; the session then lives in memory only.
    return null;
  }
}

const ROLES: readonly AdminRole[] = ['admin', 'ops', 'analyst', 'consultant-manager'];

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Session>;
  return (
    typeof s.token === 'string' &&
    typeof s.expiresAt === 'string' &&
    typeof s.account?.username === 'string' &&
    ROLES.includes(s.account.role)
  );
}

export function isExpired(session: Session, now = Date.now()): boolean {
  const at = Date.parse(session.expiresAt);
  return !Number.isFinite(at) || at <= now;
}

/**
 * The session kept in sessionStorage: a reload of the tab keeps it, closing the tab (or the
 * browser) ends it, and other tabs never see it.
 */
export function restoreSession(): Session | null {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isSession(parsed) && !isExpired(parsed)) return parsed;
  } catch {
    // A corrupt entry is treated as no session.
  }
  storage()?.removeItem(STORAGE_KEY);
  return null;
}

export function getSession(): Session | null {
  return current;
}

export function getSessionEnd(): SessionEnd | null {
  return lastEnd;
}

/** Replaces the session without touching storage (tests, first render). */
export function primeSession(session: Session | null): void {
  current = session;
  lastEnd = null;
}

export function startSession(session: Session): void {
  current = session;
  lastEnd = null;
  storage()?.setItem(STORAGE_KEY, JSON.stringify(session));
  notify();
}

export function endSession(reason: SessionEnd): void {
  if (!current) return;
  current = null;
  lastEnd = reason;
  storage()?.removeItem(STORAGE_KEY);
  notify();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
