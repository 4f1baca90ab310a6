import { describe, expect, it } from 'vitest';
import {
  accountThrottle,
  checkSession,
  DEFAULT_SESSION_POLICY,
  failuresSinceSuccess,
  ipThrottle,
  sessionExpiry,
  throttle,
  type SessionCheck,
  type SessionTimes,
} from './session.ts';

const T0 = '2025-03-01T08:00:00.000Z';
const at = (offsetMs: number): Date => new Date(Date.parse(T0) + offsetMs);
const iso = (offsetMs: number): string => at(offsetMs).toISOString();
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

const active = (o: Partial<SessionTimes> = {}): SessionTimes => ({
  state: 'active',
  createdAt: T0,
  lastSeenAt: T0,
  expiresAt: sessionExpiry(at(0), 'active').toISOString(),
  revokedAt: null,
  ...o,
});

describe('checkSession (automatic log-off: idle 15 min, absolute 12 h)', () => {
  const cases: [string, SessionTimes, number, SessionCheck][] = [
    ['fresh session', active(), 0, { ok: true, touch: false }],
    ['seen 60 s ago: not yet touched', active(), 60 * SEC, { ok: true, touch: false }],
    ['seen 61 s ago: touched', active(), 61 * SEC, { ok: true, touch: true }],
    ['1 ms before the idle limit', active(), 15 * MIN - 1, { ok: true, touch: true }],
    ['exactly at the idle limit', active(), 15 * MIN, { ok: false, reason: 'idle' }],
    ['after the idle limit', active(), 16 * MIN, { ok: false, reason: 'idle' }],
    ['1 ms before the absolute limit, recently seen', active({ lastSeenAt: iso(12 * HOUR - MIN) }), 12 * HOUR - 1, { ok: true, touch: false }],
    ['exactly at the absolute limit, recently seen', active({ lastSeenAt: iso(12 * HOUR - MIN) }), 12 * HOUR, { ok: false, reason: 'expired' }],
    ['revoked wins over everything', active({ revokedAt: iso(MIN) }), 2 * MIN, { ok: false, reason: 'revoked' }],
    ['an MFA challenge is not a session', active({ state: 'mfa_pending' }), 0, { ok: false, reason: 'wrong_state' }],
  ];
  it.each(cases)('%s', (_name, s, offset, expected) => {
    expect(checkSession(s, 'active', at(offset))).toEqual(expected);
  });

  it('applies a shortened absolute limit to sessions created before the change', () => {
    const policy = { ...DEFAULT_SESSION_POLICY, absoluteMinutes: 60 };
    expect(checkSession(active({ lastSeenAt: iso(59 * MIN) }), 'active', at(60 * MIN), policy)).toEqual({ ok: false, reason: 'expired' });
  });

  it('uses a configured idle limit', () => {
    const policy = { ...DEFAULT_SESSION_POLICY, idleMinutes: 5 };
    expect(checkSession(active(), 'active', at(5 * MIN - 1), policy).ok).toBe(true);
    expect(checkSession(active(), 'active', at(5 * MIN), policy)).toEqual({ ok: false, reason: 'idle' });
  });

  it('lets an MFA challenge live 5 minutes, with no idle rule', () => {
    const c = { ...active({ state: 'mfa_pending' }), expiresAt: sessionExpiry(at(0), 'mfa_pending').toISOString() };
    expect(c.expiresAt).toBe(iso(5 * MIN));
    expect(checkSession(c, 'mfa_pending', at(5 * MIN - 1)).ok).toBe(true);
    expect(checkSession(c, 'mfa_pending', at(5 * MIN))).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('accountThrottle (5 failures in 15 min lock until 15 min after the 5th)', () => {
  const failures = (...offsets: number[]): string[] => offsets.map(iso);
  const five = failures(0, MIN, 2 * MIN, 3 * MIN, 4 * MIN);
  const cases: [string, string[], number, ReturnType<typeof accountThrottle>][] = [
    ['no failures', [], 0, { allowed: true }],
    ['4 failures: the 5th attempt is allowed', five.slice(0, 4), 5 * MIN, { allowed: true }],
    ['5 failures: the 6th attempt is refused', five, 5 * MIN, { allowed: false, retryAfterSeconds: 14 * 60 }],
    ['1 s before the lock ends', five, 19 * MIN - SEC, { allowed: false, retryAfterSeconds: 1 }],
    ['exactly 15 min after the 5th failure: unlocked', five, 19 * MIN, { allowed: true }],
    ['locked past the window sliding off the 1st failure', five, 15 * MIN + SEC, { allowed: false, retryAfterSeconds: 4 * 60 - 1 }],
    ['5 failures spread over exactly 15 min: no lock', failures(0, 4 * MIN, 8 * MIN, 12 * MIN, 15 * MIN), 15 * MIN, { allowed: true }],
    ['5 failures within 15 min minus 1 ms: lock', failures(0, 4 * MIN, 8 * MIN, 12 * MIN, 15 * MIN - 1), 15 * MIN, { allowed: false, retryAfterSeconds: 15 * 60 }],
    ['window slides: one failure after unlock does not relock', [...five, iso(20 * MIN)], 20 * MIN, { allowed: true }],
    ['window slides: 5 in a later window relock', [...five, ...failures(30 * MIN, 31 * MIN, 32 * MIN, 33 * MIN, 34 * MIN)], 35 * MIN, { allowed: false, retryAfterSeconds: 14 * 60 }],
    ['unsorted input', [...five].reverse(), 5 * MIN, { allowed: false, retryAfterSeconds: 14 * 60 }],
  ];
  it.each(cases)('%s', (_name, f, offset, expected) => {
    expect(accountThrottle(f, at(offset))).toEqual(expected);
  });
});

describe('ipThrottle (20 failures in a sliding 15 min)', () => {
  const every30s = (n: number): string[] => Array.from({ length: n }, (_, i) => iso(i * 30 * SEC));
  const cases: [string, string[], number, ReturnType<typeof ipThrottle>][] = [
    ['19 failures: allowed', every30s(19), 10 * MIN, { allowed: true }],
    ['20 failures: refused until the oldest leaves the window', every30s(20), 10 * MIN, { allowed: false, retryAfterSeconds: 5 * 60 }],
    ['exactly when the oldest leaves the window', every30s(20), 15 * MIN, { allowed: true }],
    ['25 failures: wait for the 6th oldest to leave', every30s(25), 13 * MIN, { allowed: false, retryAfterSeconds: 4 * 60 + 30 }],
  ];
  it.each(cases)('%s', (_name, f, offset, expected) => {
    expect(ipThrottle(f, at(offset))).toEqual(expected);
  });
});

describe('throttle and failuresSinceSuccess', () => {
  it('resets the account count at a successful sign-in, ignoring challenges and throttled attempts', () => {
    const attempts = [
      { at: iso(0), outcome: 'failure' as const },
      { at: iso(MIN), outcome: 'success' as const },
      { at: iso(2 * MIN), outcome: 'failure' as const },
      { at: iso(3 * MIN), outcome: 'denied' as const },
      { at: iso(4 * MIN), outcome: 'challenge' as const },
      { at: iso(5 * MIN), outcome: 'failure' as const },
    ];
    expect(failuresSinceSuccess(attempts)).toEqual([iso(2 * MIN), iso(5 * MIN)]);
    expect(failuresSinceSuccess([])).toEqual([]);
  });

  it('takes the longer wait when both rules refuse', () => {
    const account = [0, 1, 2, 3, 4].map((m) => iso(m * MIN));
    const ip = Array.from({ length: 20 }, (_, i) => iso(i * 10 * SEC));
    expect(throttle({ accountFailures: account, ipFailures: ip }, at(5 * MIN))).toEqual({ allowed: false, retryAfterSeconds: 14 * 60 });
    expect(throttle({ accountFailures: [], ipFailures: ip }, at(5 * MIN))).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
    expect(throttle({ accountFailures: [], ipFailures: [] }, at(0))).toEqual({ allowed: true });
  });
});
