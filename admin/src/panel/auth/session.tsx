import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

/** Who is signed in. Grows a role and token once the admin auth API is defined. */
export interface Session {
  username: string;
}

interface SessionContextValue {
  session: Session | null;
  signIn: (session: Session) => void;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({
  initial = null,
  children,
}: {
  initial?: Session | null;
  children: ReactNode;
}) {
  const [session, setSession] = useState<Session | null>(initial);
  const value = useMemo<SessionContextValue>(
    () => ({ session, signIn: setSession, signOut: () => setSession(null) }),
    [session],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** Where the login page sends the user back to after signing in. */
export interface LoginRedirectState {
  from?: string;
}

/** Sends anonymous visitors to /login, remembering the page they asked for. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    const state: LoginRedirectState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}
