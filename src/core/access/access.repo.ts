import type { Role } from './permissions.ts';
import type { Principal } from './principal.ts';
import type { LoginOutcome, SessionState } from './session.ts';
import type { UserRecord } from './user.ts';

/** Stored accounts. */
export interface UserRepo {
  get(id: string): Promise<UserRecord | null>;
  /** By normalized (lower-case) username. */
  findByUsername(username: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** False when the username is taken. */
  insert(u: UserRecord): Promise<boolean>;
  countActiveWithRole(role: Role): Promise<number>;
  updateProfile(id: string, p: { displayName: string; role: Role; active: boolean; emergencyAccess: boolean; updatedAt: string }): Promise<void>;
  setPasswordHash(id: string, hash: string, at: string): Promise<void>;
  setPendingMfaSecret(id: string, secretEnc: string, at: string): Promise<void>;
  /**
   * Makes the pending secret the account's secret, if it is still `pendingEnc` (a newer
   * `startEnrolment` wins). False when it was not.
   */
  confirmMfa(id: string, pendingEnc: string, step: number, at: string): Promise<boolean>;
  /** Records `step` as the last used TOTP step only if it is later than the stored one (one use per code). */
  advanceMfaStep(id: string, step: number): Promise<boolean>;
  /** Removes the secret and any pending one. */
  clearMfa(id: string, at: string): Promise<void>;
}

/** A browser session or an MFA challenge; only the token's hash is stored. */
export interface SessionRecord {
  id: string;
  tokenHash: string;
  userId: string;
  state: SessionState;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  sourceIp: string | null;
}

export interface SessionRepo {
  insert(s: SessionRecord): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  touch(id: string, at: string): Promise<void>;
  /** False when it was already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Revokes every open session and challenge of the user; returns how many. */
  revokeAllForUser(userId: string, at: string): Promise<number>;
}

export interface LoginAttempt {
  id: string;
  /** As typed (normalized), whether or not such an account exists. */
  username: string;
  sourceIp: string;
  at: string;
  outcome: LoginOutcome;
}

export interface LoginAttemptRepo {
  insert(a: LoginAttempt): Promise<void>;
  /** The account's attempts at or after `since`, any outcome. */
  forUsernameSince(username: string, since: string): Promise<{ at: string; outcome: LoginOutcome }[]>;
  /** The instants of failures from the address at or after `since`. */
  ipFailuresSince(sourceIp: string, since: string): Promise<string[]>;
}

/** A long-lived credential for an integration; a principal of its own (`token:<id>`). */
export interface ApiToken {
  id: string;
  userId: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiTokenRepo {
  insert(t: ApiToken & { tokenHash: string }): Promise<void>;
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  get(id: string): Promise<ApiToken | null>;
  /** Every token, or the user's, newest first. */
  list(userId?: string): Promise<ApiToken[]>;
  /** False when it was already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
}

/** A time-boxed emergency access grant. */
export interface BreakGlassGrant {
  id: string;
  userId: string;
  reason: string;
  startedAt: string;
  endsAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

/** A grant awaiting review, with what the reviewer needs to judge it. */
export interface BreakGlassForReview extends BreakGlassGrant {
  username: string;
  /** Audit entries the user made under emergency access during the grant. */
  auditEntries: number;
}

export interface BreakGlassRepo {
  insert(g: BreakGlassGrant): Promise<void>;
  get(id: string): Promise<BreakGlassGrant | null>;
  /** The user's grant that is running at `at` (the one ending last), if any. */
  activeFor(userId: string, at: string): Promise<BreakGlassGrant | null>;
  /** Moves the end of a running grant to `at`. */
  end(id: string, at: string): Promise<void>;
  /** Grants not yet reviewed, oldest first. */
  listUnreviewed(): Promise<BreakGlassForReview[]>;
  /** False when it was already reviewed. */
  review(id: string, by: string, at: string, note: string): Promise<boolean>;
}

/** Random tokens and their one-way hash (node:crypto behind it). */
export interface Secrets {
  /** At least 128 random bits, base64url. */
  newToken(): string;
  /** SHA-256 of the token, lower-case hex: what the database stores. */
  hashToken(token: string): string;
}

/** Password hashing (Argon2id behind it). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or an unreadable hash; never throws for those. */
  verify(stored: string, password: string): Promise<boolean>;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30-second steps). */
export interface Totp {
  /** A new base32 secret. */
  newSecret(): string;
  /** The `otpauth://` URI an authenticator app scans. */
  uri(secret: string, username: string): string;
  /** The time step the code matches within one step either side of `at`, or null. */
  stepFor(code: string, secret: string, at: Date): number | null;
}

/** Encrypts the TOTP secret at rest (the field cipher). */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** An audit entry written by this capability: always about security, never about a patient. */
export interface AccessAuditDraft {
  action: string;
  category: 'security';
  outcome: 'success' | 'failure' | 'denied';
  patientId: null;
  detail: Record<string, string | number | boolean | null>;
}

/**
 * The audit trail as this capability uses it. The `audit` capability depends on `access` (for
 * `Principal`), so `access` names the port structurally instead of importing it; the audit
 * store's `AuditLog` satisfies it.
 */
export interface AccessAudit {
  record(p: Principal, draft: AccessAuditDraft): Promise<void>;
}
