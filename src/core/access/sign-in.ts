import { DomainError, type Clock, type Ids } from '../shared/index.ts';
import type { AccessAudit, AccessAuditDraft, LoginAttemptRepo, Secrets, SessionRecord, SessionRepo, UserRepo } from './access.repo.ts';
import { DEFAULT_MFA_REQUIRED_ROLES, type Role } from './permissions.ts';
import type { Principal } from './principal.ts';
import {
  accountLookbackMinutes,
  checkSession,
  DEFAULT_SESSION_POLICY,
  DEFAULT_THROTTLE_POLICY,
  failuresSinceSuccess,
  sessionExpiry,
  throttle,
  type LoginOutcome,
  type SessionPolicy,
  type ThrottlePolicy,
} from './session.ts';
import { toUser, type User, type UserRecord } from './user.ts';

/** Deployment settings of sign-in. */
export interface AuthConfig {
  session: SessionPolicy;
  throttle: ThrottlePolicy;
  /** Roles that must enrol in TOTP before they get a session (demo accounts excepted). */
  mfaRequiredRoles: readonly Role[];
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  session: DEFAULT_SESSION_POLICY,
  throttle: DEFAULT_THROTTLE_POLICY,
  mfaRequiredRoles: DEFAULT_MFA_REQUIRED_ROLES,
};

/** The request a sign-in step comes from. */
export interface AuthContext {
  ip: string | null;
}

/** A new session: the token goes to the client once (cookie or bearer); only its hash is stored. */
export interface SessionGrant {
  kind: 'session';
  token: string;
  user: User;
  /** The absolute end (ISO instant); the idle limit ends it sooner without requests. */
  expiresAt: string;
  idleMinutes: number;
}

/** Builds the audit draft of a security event. */
export const securityDraft = (action: string, outcome: AccessAuditDraft['outcome'], detail: AccessAuditDraft['detail'] = {}): AccessAuditDraft => ({
  action,
  category: 'security',
  outcome,
  patientId: null,
  detail,
});

/** The principal of a signed-in session. */
export const sessionPrincipal = (u: Pick<UserRecord, 'id' | 'username' | 'role'>, sessionId: string, ip: string | null, breakGlass: Principal['breakGlass'] = null): Principal => ({
  userId: u.id,
  username: u.username,
  role: u.role,
  principalId: `session:${sessionId}`,
  kind: 'session',
  sourceIp: ip,
  breakGlass,
});

/**
 * Who signs the audit entry of a sign-in attempt before any session exists. It only ever
 * signs audit entries, never passes a permission check (its role is a placeholder when the
 * username is unknown).
 */
export const attemptPrincipal = (u: UserRecord | null, username: string, ip: string | null): Principal => ({
  userId: u?.id ?? `unknown:${username}`,
  username,
  role: u?.role ?? 'front_desk',
  principalId: `login:${username}`,
  kind: 'session',
  sourceIp: ip,
  breakGlass: null,
});

export interface SignInDeps {
  users: UserRepo;
  sessions: SessionRepo;
  attempts: LoginAttemptRepo;
  secrets: Secrets;
  audit: AccessAudit;
  clock: Clock;
  ids: Ids;
  config?: Partial<AuthConfig>;
}

const minutesBefore = (at: Date, minutes: number): string => new Date(at.getTime() - minutes * 60_000).toISOString();

/** The steps login, MFA and enrolment share: throttling, attempt records, challenges, sessions. */
export const createSignIn = (d: SignInDeps) => {
  const config: AuthConfig = { ...DEFAULT_AUTH_CONFIG, ...d.config };
  const bucket = (ip: string | null): string => ip ?? 'unknown';

  const recordAttempt = (username: string, ip: string | null, outcome: LoginOutcome): Promise<void> =>
    d.attempts.insert({ id: d.ids.newId(), username, sourceIp: bucket(ip), at: d.clock.now().toISOString(), outcome });

  /** Throws `too_many_requests` (recorded and audited as denied) while the account or address is throttled. */
  const guardThrottle = async (username: string, ip: string | null, action: string, who: Principal): Promise<void> => {
    const now = d.clock.now();
    const p = config.throttle;
    const [account, ipFailures] = await Promise.all([
      d.attempts.forUsernameSince(username, minutesBefore(now, accountLookbackMinutes(p))),
      d.attempts.ipFailuresSince(bucket(ip), minutesBefore(now, p.ipWindowMinutes)),
    ]);
    const decision = throttle({ accountFailures: failuresSinceSuccess(account), ipFailures }, now, p);
    if (decision.allowed) return;
    await recordAttempt(username, ip, 'denied');
    await d.audit.record(who, securityDraft(action, 'denied', { reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds }));
    throw new DomainError('too_many_requests', 'Too many failed sign-in attempts; try again later', { details: { retryAfterSeconds: decision.retryAfterSeconds } });
  };

  /** Records and audits a failed attempt (it counts toward throttling). */
  const recordFailure = async (username: string, ip: string | null, action: string, who: Principal, detail: AccessAuditDraft['detail']): Promise<void> => {
    await recordAttempt(username, ip, 'failure');
    await d.audit.record(who, securityDraft(action, 'failure', detail));
  };

  const insertSession = async (user: UserRecord, state: SessionRecord['state'], ip: string | null): Promise<{ token: string; session: SessionRecord }> => {
    const now = d.clock.now();
    const token = d.secrets.newToken();
    const session: SessionRecord = {
      id: d.ids.newId(),
      tokenHash: d.secrets.hashToken(token),
      userId: user.id,
      state,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: sessionExpiry(now, state, config.session).toISOString(),
      revokedAt: null,
      sourceIp: ip,
    };
    await d.sessions.insert(session);
    return { token, session };
  };

  /** Opens a signed-in session; call inside the caller's unit of work. */
  const openSession = async (user: UserRecord, ip: string | null): Promise<{ grant: SessionGrant; principal: Principal }> => {
    const { token, session } = await insertSession(user, 'active', ip);
    return {
      grant: { kind: 'session', token, user: toUser(user), expiresAt: session.expiresAt, idleMinutes: config.session.idleMinutes },
      principal: sessionPrincipal(user, session.id, ip),
    };
  };

  /** Opens an MFA challenge: a session row in state `mfa_pending` that lives a few minutes. */
  const openChallenge = async (user: UserRecord, ip: string | null): Promise<{ challenge: string; expiresAt: string; id: string }> => {
    const { token, session } = await insertSession(user, 'mfa_pending', ip);
    return { challenge: token, expiresAt: session.expiresAt, id: session.id };
  };

  /** The pending challenge and its (active) user, or `unauthenticated`. */
  const resolveChallenge = async (challenge: string): Promise<{ session: SessionRecord; user: UserRecord }> => {
    const session = challenge ? await d.sessions.findByTokenHash(d.secrets.hashToken(challenge)) : null;
    const user = session && checkSession(session, 'mfa_pending', d.clock.now(), config.session).ok ? await d.users.get(session.userId) : null;
    if (!session || !user || !user.active) throw new DomainError('unauthenticated', 'The sign-in has expired; sign in again');
    return { session, user };
  };

  const needsEnrolment = (u: UserRecord): boolean => !u.mfaEnrolled && !u.demo && config.mfaRequiredRoles.includes(u.role);

  return { config, recordAttempt, guardThrottle, recordFailure, openSession, openChallenge, resolveChallenge, needsEnrolment };
};
export type SignIn = ReturnType<typeof createSignIn>;
