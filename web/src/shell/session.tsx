import { createContext, useContext } from 'react';
import type { Action, Role } from '../../../src/core/access/permissions.ts';

export interface Me {
  user: { id: string; username: string; displayName: string; role: Role; mfaEnrolled: boolean; emergencyAccess?: boolean };
  permissions: string[];
  breakGlass: { grantId: string; endsAt: string } | null;
  idleMinutes: number;
}

export interface Session {
  me: Me;
  /** True when the signed-in user's permissions (from /api/me) include the action. */
  can: (action: Action) => boolean;
  /** Reads /api/me again (after MFA enrolment or emergency access). */
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; only used below the sign-in gate. */
export const useSession = (): Session => {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
};

/** Client caches (reference data); emptied at sign-out with everything else. */
const caches = new Map<string, Promise<unknown>>();

/** A per-session cache of a read that rarely changes (payers, providers). */
export const cached = <T,>(key: string, load: () => Promise<T>): Promise<T> => {
  let p = caches.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    caches.set(key, p);
    p.catch(() => caches.delete(key));
  }
  return p;
};

/** Drops one cached read after a change to it (a payer added), so the next reader loads it again. */
export const uncache = (key: string): void => {
  caches.delete(key);
};

/** Forgets everything the client holds about the session. */
export const clearClientState = (): void => {
  caches.clear();
  flashMessage = null;
  window.history.replaceState(null, '', '/');
};

/** A message for the next screen (in memory only), e.g. "Patient registered". */
let flashMessage: string | null = null;
export const setFlash = (m: string): void => {
  flashMessage = m;
};
export const takeFlash = (): string | null => {
  const m = flashMessage;
  flashMessage = null;
  return m;
};
