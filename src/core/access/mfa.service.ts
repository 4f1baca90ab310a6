import { DomainError, conflict, invalid, notFound, type UnitOfWork } from '../shared/index.ts';
import type { SecretCipher, SessionRecord, Totp } from './access.repo.ts';
import type { Principal } from './principal.ts';
import { attemptPrincipal, createSignIn, securityDraft, type AuthContext, type SessionGrant, type SignInDeps } from './sign-in.ts';
import type { UserRecord } from './user.ts';

export interface MfaServiceDeps extends SignInDeps {
  totp: Totp;
  cipher: SecretCipher;
  uow: UnitOfWork;
}

/** Who enrols: a signed-in user, or a sign-in stopped at `mfa_enrol` (its challenge token). */
export type EnrolSubject = Principal | { challenge: string };

export interface EnrolmentStart {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  /** `otpauth://totp/...`, for a QR code. */
  otpauthUri: string;
}

/** TOTP enrolment (RFC 6238): hand out a secret, then confirm it with a first code. */
export const createMfaService = (d: MfaServiceDeps) => {
  const s = createSignIn(d);
  const now = (): Date => d.clock.now();

  const subject = async (who: EnrolSubject): Promise<{ user: UserRecord; challenge: SessionRecord | null; actor: Principal }> => {
    if ('challenge' in who) {
      const { session, user } = await s.resolveChallenge(who.challenge);
      return { user, challenge: session, actor: attemptPrincipal(user, user.username, null) };
    }
    // API tokens and the system have no second factor of their own.
    if (who.kind !== 'session') throw new DomainError('forbidden', 'Only a signed-in user can set up MFA');
    const user = await d.users.get(who.userId);
    if (!user) throw notFound('User', who.userId);
    return { user, challenge: null, actor: who };
  };

  const alreadyEnrolled = (): DomainError => conflict('MFA is already set up for this account; an administrator can reset it');

  /** Generates a secret and keeps it, encrypted, as pending until a code confirms it. */
  const startEnrolment = async (who: EnrolSubject): Promise<EnrolmentStart> => {
    const { user } = await subject(who);
    if (user.mfaEnrolled) throw alreadyEnrolled();
    const secret = d.totp.newSecret();
    await d.users.setPendingMfaSecret(user.id, d.cipher.encrypt(secret), now().toISOString());
    return { secret, otpauthUri: d.totp.uri(secret, user.username) };
  };

  /**
   * Confirms the pending secret with a code from the app. From a sign-in challenge it also opens
   * the session; a signed-in user gets `{ kind: 'enrolled' }`.
   */
  const confirmEnrolment = async (who: EnrolSubject, code: string, ctx: AuthContext): Promise<SessionGrant | { kind: 'enrolled' }> => {
    const { user, challenge, actor } = await subject(who);
    const ip = ctx.ip ?? actor.sourceIp;
    const signer = challenge ? attemptPrincipal(user, user.username, ip) : actor;
    if (user.mfaEnrolled) throw alreadyEnrolled();
    const pending = user.mfaPendingSecretEnc;
    if (!pending) throw new DomainError('precondition_failed', 'Start MFA enrolment first');
    await s.guardThrottle(user.username, ip, 'auth.mfa.enrol', signer);
    const step = d.totp.stepFor(code.replace(/\s/g, ''), d.cipher.decrypt(pending), now());
    if (step === null) {
      await s.recordFailure(user.username, ip, 'auth.mfa.enrol', signer, { reason: 'wrong_code', userId: user.id });
      throw challenge ? new DomainError('unauthenticated', 'Wrong or expired code') : invalid('Wrong or expired code', [{ path: 'code', message: 'does not match' }]);
    }
    const result = await d.uow.run(async (): Promise<SessionGrant | { kind: 'enrolled' } | null> => {
      if (!(await d.users.confirmMfa(user.id, pending, step, now().toISOString()))) return null;
      await d.audit.record(signer, securityDraft('auth.mfa.enrol', 'success', { userId: user.id }));
      if (!challenge) return { kind: 'enrolled' };
      await d.sessions.revoke(challenge.id, now().toISOString());
      const opened = await s.openSession({ ...user, mfaEnrolled: true, mfaSecretEnc: pending, mfaPendingSecretEnc: null, mfaLastStep: step }, ip);
      await s.recordAttempt(user.username, ip, 'success');
      await d.audit.record(opened.principal, securityDraft('auth.login', 'success', { stage: 'mfa_enrol', sessionId: opened.principal.principalId }));
      return opened.grant;
    });
    if (!result) throw conflict('MFA enrolment was restarted meanwhile; use the newest code shown');
    return result;
  };

  return { startEnrolment, confirmEnrolment };
};
export type MfaService = ReturnType<typeof createMfaService>;
