import { DomainError, notFound, type UnitOfWork } from '../shared/index.ts';
import type { ApiTokenRepo, BreakGlassRepo, PasswordHasher, SecretCipher, SessionRecord, Totp } from './access.repo.ts';
import { can, type Principal } from './principal.ts';
import { noPrincipalCache, type PrincipalCache } from './principal-cache.ts';
import { checkSession, sessionUsableUntil } from './session.ts';
import { attemptPrincipal, createSignIn, securityDraft, sessionPrincipal, type AuthContext, type SessionGrant, type SignInDeps } from './sign-in.ts';
import { normalizeUsername, type LoginInput, type UserRecord } from './user.ts';

export interface AuthServiceDeps extends SignInDeps {
  apiTokens: ApiTokenRepo;
  breakGlass: BreakGlassRepo;
  passwords: PasswordHasher;
  totp: Totp;
  cipher: SecretCipher;
  uow: UnitOfWork;
  /** Token → principal memo shared with the services that invalidate it; none by default. */
  principals?: PrincipalCache;
}

/** What a correct password leads to: a session, or a challenge for the second factor. */
export type LoginResult = SessionGrant | { kind: 'mfa' | 'mfa_enrol'; challenge: string; expiresAt: string };

/** Prefix of every API token, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'mo_';

const WRONG_LOGIN = 'Wrong username or password';
const WRONG_CODE = 'Wrong or expired code';

/** Sign-in, the second factor, session and API-token authentication, sign-out. */
export const createAuthService = (d: AuthServiceDeps) => {
  const s = createSignIn(d);
  const now = (): Date => d.clock.now();
  const principals = d.principals ?? noPrincipalCache;
  // An unknown username still costs one hash verification, so timing does not reveal which accounts exist.
  let timingHash: Promise<string> | null = null;

  const verifyPassword = async (user: UserRecord | null, password: string): Promise<boolean> => {
    if (user) return d.passwords.verify(user.passwordHash, password);
    timingHash ??= d.passwords.hash('medoffice timing equalizer');
    await d.passwords.verify(await timingHash, password);
    return false;
  };

  /** Checks the password; returns a session, or a challenge when MFA (or enrolment in it) comes next. */
  const login = async (input: LoginInput, ctx: AuthContext): Promise<LoginResult> => {
    const username = normalizeUsername(input.username).slice(0, 64);
    const user = await d.users.findByUsername(username);
    const who = attemptPrincipal(user, username, ctx.ip);
    await s.guardThrottle(username, ctx.ip, 'auth.login', who);
    const ok = await verifyPassword(user, input.password);
    if (!user || !ok || !user.active) {
      await s.recordFailure(username, ctx.ip, 'auth.login', who, { reason: !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive' });
      throw new DomainError('unauthenticated', WRONG_LOGIN);
    }
    if (user.mfaEnrolled || s.needsEnrolment(user)) {
      const kind = user.mfaEnrolled ? 'mfa' : 'mfa_enrol';
      return d.uow.run(async () => {
        const c = await s.openChallenge(user, ctx.ip);
        await s.recordAttempt(username, ctx.ip, 'challenge');
        await d.audit.record(who, securityDraft('auth.login', 'success', { stage: kind, challengeId: c.id }));
        return { kind, challenge: c.challenge, expiresAt: c.expiresAt };
      });
    }
    return d.uow.run(async () => {
      const { grant, principal } = await s.openSession(user, ctx.ip);
      await s.recordAttempt(username, ctx.ip, 'success');
      await d.audit.record(principal, securityDraft('auth.login', 'success', { sessionId: principal.principalId }));
      return grant;
    });
  };

  /** Completes a sign-in with a TOTP code; each code works once (the step must be later than the last used). */
  const verifyMfa = async (challenge: string, code: string, ctx: AuthContext): Promise<SessionGrant> => {
    const { session, user } = await s.resolveChallenge(challenge);
    if (!user.mfaSecretEnc) throw new DomainError('precondition_failed', 'Set up MFA first: this sign-in needs enrolment');
    const who = attemptPrincipal(user, user.username, ctx.ip);
    await s.guardThrottle(user.username, ctx.ip, 'auth.mfa', who);
    const step = d.totp.stepFor(code.replace(/\s/g, ''), d.cipher.decrypt(user.mfaSecretEnc), now());
    const fail = async (reason: string): Promise<never> => {
      await s.recordFailure(user.username, ctx.ip, 'auth.mfa', who, { reason });
      throw new DomainError('unauthenticated', WRONG_CODE);
    };
    if (step === null) return fail('wrong_code');
    if (step <= user.mfaLastStep) return fail('reused_code');
    const grant = await d.uow.run(async () => {
      if (!(await d.users.advanceMfaStep(user.id, step))) return null;
      await d.sessions.revoke(session.id, now().toISOString());
      const opened = await s.openSession(user, ctx.ip);
      await s.recordAttempt(user.username, ctx.ip, 'success');
      await d.audit.record(opened.principal, securityDraft('auth.mfa', 'success', { sessionId: opened.principal.principalId }));
      return opened.grant;
    });
    return grant ?? fail('reused_code');
  };

  /** Ends a session that ran out (automatic log-off), audited once. */
  const expire = async (session: SessionRecord, reason: 'idle' | 'expired', ip: string | null): Promise<void> => {
    if (!(await d.sessions.revoke(session.id, now().toISOString()))) return;
    principals.forgetUser(session.userId);
    const user = await d.users.get(session.userId);
    if (!user) return;
    const detail = { sessionId: `session:${session.id}`, reason: reason === 'idle' ? 'idle_timeout' : 'absolute_timeout' };
    await d.audit.record(sessionPrincipal(user, session.id, ip), securityDraft('auth.session.end', 'success', detail));
  };

  /** The principal behind a session token, or null when it is unknown, revoked, idle or past its absolute limit. */
  const authenticateSession = async (token: string, ctx: AuthContext): Promise<Principal | null> => {
    if (!token) return null;
    const hash = d.secrets.hashToken(token);
    const cached = principals.get(`s:${hash}`, ctx.ip);
    if (cached) return cached;
    const remember = principals.begin();
    const session = await d.sessions.findByTokenHash(hash);
    if (!session) return null;
    const at = now();
    const check = checkSession(session, 'active', at, s.config.session);
    if (!check.ok) {
      if (check.reason === 'idle' || check.reason === 'expired') await expire(session, check.reason, ctx.ip);
      return null;
    }
    const user = await d.users.get(session.userId);
    if (!user || !user.active) return null;
    if (check.touch) await d.sessions.touch(session.id, at.toISOString());
    const grant = await d.breakGlass.activeFor(user.id, at.toISOString());
    const principal = sessionPrincipal(user, session.id, ctx.ip, grant ? { grantId: grant.id, endsAt: grant.endsAt } : null);
    // Kept no longer than the session may run without a request, nor past its absolute end.
    remember(`s:${hash}`, principal, sessionUsableUntil(check.touch ? { ...session, lastSeenAt: at.toISOString() } : session, s.config.session));
    return principal;
  };

  /** The principal of an API token (`token:<id>`), or null when unknown, revoked or its user inactive. */
  const authenticateApiToken = async (token: string, ctx: AuthContext = { ip: null }): Promise<Principal | null> => {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const hash = d.secrets.hashToken(token);
    const cached = principals.get(`t:${hash}`, ctx.ip);
    if (cached) return cached;
    const remember = principals.begin();
    const t = await d.apiTokens.findByHash(hash);
    if (!t || t.revokedAt !== null) return null;
    const user = await d.users.get(t.userId);
    if (!user || !user.active) return null;
    const principal: Principal = { userId: user.id, username: user.username, role: user.role, principalId: `token:${t.id}`, kind: 'token', sourceIp: ctx.ip, breakGlass: null };
    remember(`t:${hash}`, principal);
    return principal;
  };

  /** Signs out: revokes the session (or a pending challenge). Unknown tokens are ignored. */
  const logout = async (token: string, ctx: AuthContext): Promise<void> => {
    const session = token ? await d.sessions.findByTokenHash(d.secrets.hashToken(token)) : null;
    if (!session || !(await d.sessions.revoke(session.id, now().toISOString()))) return;
    principals.forgetUser(session.userId);
    const user = await d.users.get(session.userId);
    if (user) await d.audit.record(sessionPrincipal(user, session.id, ctx.ip), securityDraft('auth.logout', 'success', { sessionId: `session:${session.id}` }));
  };

  /** Revokes every session of a user: the user themself, or anyone with `session.manage`. */
  const killSessions = async (p: Principal, userId: string): Promise<{ revoked: number }> => {
    if (p.userId !== userId && !can(p, 'session.manage', now())) {
      await d.audit.record(p, securityDraft('auth.sessions.kill', 'denied', { targetUserId: userId }));
      throw new DomainError('forbidden', 'Your role does not allow session.manage');
    }
    if (!(await d.users.get(userId))) throw notFound('User', userId);
    const result = await d.uow.run(async () => {
      const revoked = await d.sessions.revokeAllForUser(userId, now().toISOString());
      await d.audit.record(p, securityDraft('auth.sessions.kill', 'success', { targetUserId: userId, revoked }));
      return { revoked };
    });
    principals.forgetUser(userId);
    return result;
  };

  /**
   * Unlocks an idle-locked screen: the signed-in user types their password again. A wrong one
   * counts toward throttling like a failed sign-in; the session itself is left as it is.
   */
  const unlock = async (p: Principal, password: string, ctx: AuthContext): Promise<void> => {
    const user = await d.users.get(p.userId);
    const username = user?.username ?? p.username;
    await s.guardThrottle(username, ctx.ip, 'auth.unlock', p);
    if (!user || !user.active || !(await verifyPassword(user, password))) {
      await s.recordFailure(username, ctx.ip, 'auth.unlock', p, { reason: 'wrong_password' });
      throw new DomainError('unauthenticated', 'Wrong password');
    }
    await d.audit.record(p, securityDraft('auth.unlock', 'success', { sessionId: p.principalId }));
  };

  return { login, verifyMfa, authenticateSession, authenticateApiToken, logout, killSessions, unlock };
};
export type AuthService = ReturnType<typeof createAuthService>;
