import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, onApiActivity } from './api.ts';
import { Notice, TextField, errorText } from './ui.tsx';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'mousemove', 'wheel', 'touchstart', 'scroll'] as const;
const KEEPALIVE_MS = 60_000;

/**
 * Locks the screen after `idleMinutes` (less one, so the server session is still alive) without
 * keyboard or pointer use, and asks for the password again. While the user works without calling
 * the server (a long form), a light keep-alive holds the server session open.
 */
export const IdleLock = ({ idleMinutes, displayName, onSessionEnded, onLogout, children }: { idleMinutes: number; displayName: string; onSessionEnded: (message: string) => void; onLogout: () => void; children: ReactNode }) => {
  const [locked, setLocked] = useState(false);
  const lastActivity = useRef(Date.now());
  const lastApi = useRef(Date.now());
  const lockedRef = useRef(false);
  lockedRef.current = locked;
  const lockAfterMs = Math.max(1, idleMinutes - 1) * 60_000;

  useEffect(() => onApiActivity(() => (lastApi.current = Date.now())), []);

  useEffect(() => {
    const seen = (): void => {
      if (lockedRef.current) return;
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastApi.current > KEEPALIVE_MS) {
        lastApi.current = now;
        api('GET', '/api/me').catch(() => undefined);
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, seen, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (!lockedRef.current && Date.now() - lastActivity.current >= lockAfterMs) setLocked(true);
    }, 5_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, seen, { capture: true });
      window.clearInterval(timer);
    };
  }, [lockAfterMs]);

  const unlocked = (): void => {
    lastActivity.current = Date.now();
    setLocked(false);
  };

  return (
    <>
      <div hidden={locked} inert={locked} className="app-frame">
        {children}
      </div>
      {locked && <LockScreen displayName={displayName} onUnlocked={unlocked} onSessionEnded={onSessionEnded} onLogout={onLogout} />}
    </>
  );
};

const LockScreen = ({ displayName, onUnlocked, onSessionEnded, onLogout }: { displayName: string; onUnlocked: () => void; onSessionEnded: (m: string) => void; onLogout: () => void }) => {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!password) return setError('Enter your password to unlock.');
    setBusy(true);
    setError('');
    try {
      await api('POST', '/api/auth/unlock', { password });
      onUnlocked();
    } catch (err) {
      setBusy(false);
      setPassword('');
      if (err instanceof ApiError && err.status === 401 && !/password/i.test(err.message)) onSessionEnded('Your session ended while the screen was locked. Sign in again to continue.');
      else setError(err instanceof ApiError && err.status === 401 ? 'That password is not right. Try again, or sign out and sign in again.' : errorText(err));
    }
  };

  return (
    <main className="login locked" id="main">
      <div className="login-card">
        <p className="brand-large" aria-hidden="true">
          Medoffice
        </p>
        <h1 ref={heading} tabIndex={-1}>
          Screen locked
        </h1>
        <p>
          Medoffice locked itself because it was not used for a while. {displayName}, enter your password to continue where you left off.
        </p>
        <form onSubmit={submit} noValidate>
          <TextField label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          {error && <Notice kind="error">{error}</Notice>}
          <button className="btn primary wide" type="submit" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button className="btn link" type="button" onClick={onLogout}>
            Sign out instead
          </button>
        </form>
      </div>
    </main>
  );
};
