import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { logout } from '../api/auth';
import { type Area, canWrite } from './roles';
import {
  endSession,
  getSession,
  getSessionEnd,
  primeSession,
  restoreSession,
  type Session,
  type SessionEnd,
  startSession,
  subscribeSession,
} from './sessionStore';

export type { Session } from './sessionStore';

interface SessionContextValue {
  session: Session | null;
  signIn: (session: Session) => void;
  /** Ends the session here and, best effort, on the server. */
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

// setTimeout's delay is a signed 32-bit number; a longer one would fire at once.
const MAX_TIMER_MS = 2_147_483_647;

export function SessionProvider({
  initial,
  children,
}: {
  /** Given: start with this session (tests). Omitted: restore the tab's stored session. */
  initial?: Session | null;
  children: ReactNode;
}) {
  useState(() => primeSession(initial === undefined ? restoreSession() : initial));
  const session = useSyncExternalStore(subscribeSession, getSession);

  // The token's own expiry time ends the session even when no request notices it.
  useEffect(() => {
    if (!session) return;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(
      () => endSession('expired'),
      Math.min(Math.max(left, 0), MAX_TIMER_MS),
    );
    return () => clearTimeout(timer);
  }, [session]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      signIn: startSession,
      signOut: () => {
        // Fired before the local end so the request still carries the token; a failure
        // (offline, already expired) changes nothing for the user, who is signed out here.
        logout().catch(() => undefined);
        endSession('signedOut');
      },
    }),
    [session],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** Whether the signed-in role may change data in this section (analysts never may). */
export function useCanWrite(area: Area): boolean {
  return canWrite(useSession().session?.account.role, area);
}

/** Where the login page sends the user back to after signing in, and why they are there. */
export interface LoginRedirectState {
  from?: string;
  ended?: SessionEnd | null;
}

/** Sends anonymous visitors to /login, remembering the page they asked for. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    const state: LoginRedirectState = {
      from: location.pathname + location.search,
      ended: getSessionEnd(),
    };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}
