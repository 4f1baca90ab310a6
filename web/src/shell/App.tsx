import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '../../../src/core/access/permissions.ts';
import { api, ApiError, onSessionEnded } from './api.ts';
import { IdleLock } from './IdleLock.tsx';
import { Layout } from './Layout.tsx';
import { Login } from './Login.tsx';
import { clearClientState, SessionContext, type Me, type Session } from './session.tsx';
import { ErrorState, Loading } from './ui.tsx';

type Phase = { kind: 'checking' } | { kind: 'signed-out'; notice: string | null } | { kind: 'signed-in'; me: Me } | { kind: 'error'; error: unknown };

/** The sign-in gate: everything below it exists only while a session does, and is dropped at sign-out. */
export const App = () => {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  // A new key per session: nothing a previous user saw survives in component state.
  const [sessionKey, setSessionKey] = useState(0);

  const loadMe = useCallback(async (): Promise<void> => {
    try {
      const me = await api<Me>('GET', '/api/me');
      setPhase({ kind: 'signed-in', me });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setPhase({ kind: 'signed-out', notice: null });
      else setPhase({ kind: 'error', error: e });
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  const endSession = useCallback((notice: string | null): void => {
    clearClientState();
    setSessionKey((k) => k + 1);
    setPhase({ kind: 'signed-out', notice });
  }, []);

  const signedIn = useRef(false);
  signedIn.current = phase.kind === 'signed-in';
  useEffect(
    () =>
      onSessionEnded(() => {
        if (signedIn.current) endSession('Your session has ended. Sign in again to continue.');
      }),
    [endSession],
  );

  const logout = useCallback(async (): Promise<void> => {
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      // Signed out on this screen either way; the server session also ends by itself when idle.
    }
    endSession('You have signed out.');
  }, [endSession]);

  const session = useMemo<Session | null>(() => {
    if (phase.kind !== 'signed-in') return null;
    const perms = new Set(phase.me.permissions);
    return { me: phase.me, can: (a: Action) => perms.has(a), refresh: loadMe, logout };
  }, [phase, loadMe, logout]);

  if (phase.kind === 'checking') return <main className="login" id="main"><Loading label="Opening Medoffice…" /></main>;
  if (phase.kind === 'error')
    return (
      <main className="login" id="main">
        <div className="login-card">
          <h1>Medoffice is not available</h1>
          <ErrorState error={phase.error} onRetry={() => (setPhase({ kind: 'checking' }), void loadMe())} title="The server did not answer" />
        </div>
      </main>
    );
  if (phase.kind === 'signed-out' || !session) return <Login key={sessionKey} notice={phase.kind === 'signed-out' ? phase.notice : null} onSignedIn={() => void loadMe()} />;
  return (
    <SessionContext.Provider value={session}>
      <IdleLock key={sessionKey} idleMinutes={session.me.idleMinutes || 15} displayName={session.me.user.displayName} onSessionEnded={endSession} onLogout={() => void logout()}>
        <Layout />
      </IdleLock>
    </SessionContext.Provider>
  );
};
