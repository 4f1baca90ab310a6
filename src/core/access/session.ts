// Pure session and sign-in throttling rules. HIPAA 45 CFR 164.312(a)(2)(iii) asks for automatic
// log-off; NIST SP 800-63B 5.2.2 asks for a limit on consecutive failed authentication attempts.

const MINUTE_MS = 60_000;

/** Automatic log-off: after `idleMinutes` without a request, and `absoluteMinutes` after sign-in. */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
  /** How long a password-verified sign-in waits for its MFA code. */
  challengeMinutes: number;
  /** `last_seen_at` is rewritten only when older than this (saves a write per request). */
  touchAfterSeconds: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMinutes: 15,
  absoluteMinutes: 12 * 60,
  challengeMinutes: 5,
  touchAfterSeconds: 60,
};

export const SessionStates = ['active', 'mfa_pending'] as const;
export type SessionState = (typeof SessionStates)[number];

/** What the session check needs: the stored instants (ISO-8601 UTC) and state. */
export interface SessionTimes {
  state: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end fixed at creation (sign-in + absolute limit, or challenge + 5 minutes). */
  expiresAt: string;
  revokedAt: string | null;
}

export type SessionEnd = 'revoked' | 'idle' | 'expired' | 'wrong_state';
export type SessionCheck = { ok: true; touch: boolean } | { ok: false; reason: SessionEnd };

const ms = (iso: string): number => Date.parse(iso);

/** The absolute end of a session created at `at` in `state`. */
export const sessionExpiry = (at: Date, state: SessionState, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Date =>
  new Date(at.getTime() + (state === 'active' ? policy.absoluteMinutes : policy.challengeMinutes) * MINUTE_MS);

/**
 * Whether a session in `want` state is usable at `now`. A session ends exactly at its limits:
 * at `lastSeenAt + idle` and at `expiresAt` it is already over. A shortened absolute limit in the
 * policy applies to sessions created before the change, too.
 */
export const checkSession = (s: SessionTimes, want: SessionState, now: Date, policy: SessionPolicy = DEFAULT_SESSION_POLICY): SessionCheck => {
  if (s.revokedAt !== null) return { ok: false, reason: 'revoked' };
  if (s.state !== want) return { ok: false, reason: 'wrong_state' };
  const t = now.getTime();
  const absoluteEnd = want === 'active' ? Math.min(ms(s.expiresAt), ms(s.createdAt) + policy.absoluteMinutes * MINUTE_MS) : ms(s.expiresAt);
  if (t >= absoluteEnd) return { ok: false, reason: 'expired' };
  if (want === 'active' && t >= ms(s.lastSeenAt) + policy.idleMinutes * MINUTE_MS) return { ok: false, reason: 'idle' };
  return { ok: true, touch: t - ms(s.lastSeenAt) > policy.touchAfterSeconds * 1000 };
};

/**
 * The instant (epoch ms) an active session stops being usable if no request touches it again:
 * its idle end or its absolute end, whichever comes first. A principal resolved from the
 * session is never remembered past it.
 */
export const sessionUsableUntil = (s: SessionTimes, policy: SessionPolicy = DEFAULT_SESSION_POLICY): number =>
  Math.min(ms(s.expiresAt), ms(s.createdAt) + policy.absoluteMinutes * MINUTE_MS, ms(s.lastSeenAt) + policy.idleMinutes * MINUTE_MS);

/** Sign-in throttling: per account (locks it) and per source address (slows a spray across accounts). */
export interface ThrottlePolicy {
  accountMaxFailures: number;
  accountWindowMinutes: number;
  /** The lock lasts this long after the failure that reached `accountMaxFailures`. */
  accountLockMinutes: number;
  ipMaxFailures: number;
  ipWindowMinutes: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  accountMaxFailures: 5,
  accountWindowMinutes: 15,
  accountLockMinutes: 15,
  ipMaxFailures: 20,
  ipWindowMinutes: 15,
};

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** How far back the account rule looks: a lock can start a whole window before it ends. */
export const accountLookbackMinutes = (p: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): number => p.accountWindowMinutes + p.accountLockMinutes;

export const LoginOutcomes = ['success', 'failure', 'denied', 'challenge'] as const;
/** `success`: session issued; `failure`: wrong password or code; `denied`: throttled; `challenge`: password right, MFA pending. */
export type LoginOutcome = (typeof LoginOutcomes)[number];

/** The failures after the account's last successful sign-in: a success resets the count. */
export const failuresSinceSuccess = (attempts: readonly { at: string; outcome: LoginOutcome }[]): string[] => {
  const sorted = [...attempts].sort((a, b) => ms(a.at) - ms(b.at));
  const lastOk = sorted.findLastIndex((a) => a.outcome === 'success');
  return sorted.slice(lastOk + 1).filter((a) => a.outcome === 'failure').map((a) => a.at);
};

const retryAfter = (until: number, now: Date): ThrottleDecision => ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) });

/**
 * The account rule: `accountMaxFailures` failures within `accountWindowMinutes` (the first and
 * the last strictly less than a window apart) lock the account until `accountLockMinutes` after
 * the last of them. Throttled attempts are not failures, so hammering a locked account does not
 * extend its lock. `failures` are ISO instants; give at least `accountLookbackMinutes`.
 */
export const accountThrottle = (failures: readonly string[], now: Date, p: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): ThrottleDecision => {
  const t = [...failures].map(ms).filter((x) => x <= now.getTime()).sort((a, b) => a - b);
  const n = p.accountMaxFailures;
  let lockedUntil = -Infinity;
  for (let i = n - 1; i < t.length; i++) {
    if (t[i]! - t[i - n + 1]! < p.accountWindowMinutes * MINUTE_MS) lockedUntil = Math.max(lockedUntil, t[i]! + p.accountLockMinutes * MINUTE_MS);
  }
  return now.getTime() < lockedUntil ? retryAfter(lockedUntil, now) : { allowed: true };
};

/**
 * The address rule: a sliding window. With `ipMaxFailures` or more failures in the last
 * `ipWindowMinutes`, wait until enough of them have left the window.
 */
export const ipThrottle = (failures: readonly string[], now: Date, p: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): ThrottleDecision => {
  const windowStart = now.getTime() - p.ipWindowMinutes * MINUTE_MS;
  const t = [...failures].map(ms).filter((x) => x > windowStart && x <= now.getTime()).sort((a, b) => a - b);
  if (t.length < p.ipMaxFailures) return { allowed: true };
  // The failure whose leaving brings the count below the limit.
  return retryAfter(t[t.length - p.ipMaxFailures]! + p.ipWindowMinutes * MINUTE_MS, now);
};

/** Both rules; when both refuse, the longer wait wins. */
export const throttle = (
  input: { accountFailures: readonly string[]; ipFailures: readonly string[] },
  now: Date,
  p: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
): ThrottleDecision => {
  const a = accountThrottle(input.accountFailures, now, p);
  const b = ipThrottle(input.ipFailures, now, p);
  if (a.allowed) return b;
  if (b.allowed) return a;
  return a.retryAfterSeconds >= b.retryAfterSeconds ? a : b;
};
