import type { SidebarSessionResponse } from '@circles/shared';

/** A consultant session, plus the OAuth code that produced it (codes are single use). */
export interface ConsultantSession extends SidebarSessionResponse {
  code: string;
}

const STORAGE_KEY = 'circles.sidebar.session';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be disabled by policy; the session then lasts as long as the page.
    return null;
  }
}

let memory: ConsultantSession | null = null;

function isSession(value: unknown): value is ConsultantSession {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<ConsultantSession>;
  return (
    typeof s.token === 'string' &&
    typeof s.expiresAt === 'string' &&
    typeof s.code === 'string' &&
    typeof s.consultant?.userId === 'string'
  );
}

function expired(s: ConsultantSession, now: number): boolean {
  const at = Date.parse(s.expiresAt);
  // A minute of margin so a request never leaves with a token about to lapse.
  return !Number.isFinite(at) || at - 60_000 <= now;
}

/** The stored session when it is still valid; the tab keeps it across reloads, not beyond. */
export function loadSession(now = Date.now()): ConsultantSession | null {
  if (memory && !expired(memory, now)) return memory;
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isSession(parsed) && !expired(parsed, now)) {
      memory = parsed;
      return parsed;
    }
  } catch {
    // A corrupt entry is dropped below.
  }
  storage()?.removeItem(STORAGE_KEY);
  return null;
}

export function saveSession(session: ConsultantSession): void {
  memory = session;
  storage()?.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  memory = null;
  storage()?.removeItem(STORAGE_KEY);
}

export function currentToken(): string | null {
  return loadSession()?.token ?? null;
}
