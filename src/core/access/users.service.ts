import { DomainError, conflict, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { AccessAudit, PasswordHasher, SessionRepo, UserRepo } from './access.repo.ts';
import type { Action } from './permissions.ts';
import { can, type Principal } from './principal.ts';
import { noPrincipalCache, type PrincipalCache } from './principal-cache.ts';
import { securityDraft } from './sign-in.ts';
import {
  demoPasswordSchema,
  demoUserCreateSchema,
  parseOrThrow,
  passwordSchema,
  toUser,
  userCreateSchema,
  userUpdateSchema,
  type User,
  type UserCreateInput,
  type UserRecord,
  type UserUpdate,
} from './user.ts';

export interface UsersServiceDeps {
  users: UserRepo;
  sessions: SessionRepo;
  passwords: PasswordHasher;
  audit: AccessAudit;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  /** Told to forget a user's cached principals after a change to them. */
  principals?: PrincipalCache;
}

/** Staff accounts: list, create, change role or status, reset password or MFA. */
export const createUsersService = (d: UsersServiceDeps) => {
  const now = (): Date => d.clock.now();
  const principals = d.principals ?? noPrincipalCache;

  /** Throws `forbidden` (audited as denied) unless the principal may perform the action. */
  const guard = async (p: Principal, action: Action, auditAction: string, detail: Record<string, string | null> = {}): Promise<void> => {
    if (can(p, action, now())) return;
    await d.audit.record(p, securityDraft(auditAction, 'denied', detail));
    throw new DomainError('forbidden', `Your role does not allow ${action}`);
  };

  const load = async (id: string): Promise<UserRecord> => {
    const u = await d.users.get(id);
    if (!u) throw notFound('User', id);
    return u;
  };

  /** Every account (`user.read`). */
  const listUsers = async (p: Principal): Promise<User[]> => {
    await guard(p, 'user.read', 'user.list');
    return (await d.users.list()).map(toUser);
  };

  /** One account: `user.read`, or one's own. */
  const getUser = async (p: Principal, id: string): Promise<User> => {
    if (p.userId !== id) await guard(p, 'user.read', 'user.read', { userId: id });
    return toUser(await load(id));
  };

  /**
   * Creates an account (`user.manage`). `demo` (the demo seed, system principal only) waives the
   * password length rule and forced MFA.
   */
  const createUser = async (p: Principal, input: UserCreateInput, opts: { demo?: boolean } = {}): Promise<User> => {
    await guard(p, 'user.manage', 'user.create');
    const demo = opts.demo === true;
    if (demo && p.kind !== 'system') throw new DomainError('forbidden', 'Only the demo seed creates demo accounts');
    const v = parseOrThrow(demo ? demoUserCreateSchema : userCreateSchema, input, 'user');
    const at = now().toISOString();
    const record: UserRecord = {
      id: d.ids.newId(),
      username: v.username,
      displayName: v.displayName,
      role: v.role,
      active: true,
      emergencyAccess: v.emergencyAccess,
      mfaEnrolled: false,
      demo,
      createdAt: at,
      passwordHash: await d.passwords.hash(v.password),
      mfaSecretEnc: null,
      mfaPendingSecretEnc: null,
      mfaEnrolledAt: null,
      mfaLastStep: 0,
      updatedAt: at,
    };
    await d.uow.run(async () => {
      if (!(await d.users.insert(record))) throw conflict(`Username ${v.username} is taken`);
      await d.audit.record(p, securityDraft('user.create', 'success', { userId: record.id, username: record.username, role: record.role, emergencyAccess: record.emergencyAccess, demo }));
    });
    return toUser(record);
  };

  /** Refuses to leave the practice without an active administrator. */
  const keepAnAdmin = async (current: UserRecord, next: { role: string; active: boolean }): Promise<void> => {
    const losesAdmin = current.role === 'admin' && current.active && (next.role !== 'admin' || !next.active);
    if (losesAdmin && (await d.users.countActiveWithRole('admin')) <= 1) {
      throw new DomainError('precondition_failed', `User ${current.id} is the last active administrator; make another one first`);
    }
  };

  /**
   * Changes display name, role, active flag or emergency access (`user.manage`). A role change is
   * audited as `user.role.change`; deactivation signs the user out everywhere.
   */
  const updateUser = async (p: Principal, id: string, patch: UserUpdate): Promise<User> => {
    await guard(p, 'user.manage', 'user.update', { userId: id });
    const v = parseOrThrow(userUpdateSchema, patch, 'user update');
    const updated = await d.uow.run(async () => {
      const current = await load(id);
      const next = {
        displayName: v.displayName ?? current.displayName,
        role: v.role ?? current.role,
        active: v.active ?? current.active,
        emergencyAccess: v.emergencyAccess ?? current.emergencyAccess,
      };
      await keepAnAdmin(current, next);
      const at = now().toISOString();
      await d.users.updateProfile(id, { ...next, updatedAt: at });
      if (next.role !== current.role) {
        await d.audit.record(p, securityDraft('user.role.change', 'success', { userId: id, from: current.role, to: next.role }));
      }
      const changed = (['displayName', 'active', 'emergencyAccess'] as const).filter((k) => next[k] !== current[k]);
      if (changed.length) await d.audit.record(p, securityDraft('user.update', 'success', { userId: id, changed: changed.join(','), active: next.active, emergencyAccess: next.emergencyAccess }));
      if (!next.active && current.active) await d.sessions.revokeAllForUser(id, at);
      return toUser({ ...current, ...next, updatedAt: at });
    });
    // Role, active flag and emergency access shape the principal: its next request looks it up again.
    principals.forgetUser(id);
    return updated;
  };

  /** Sets a new password (`user.manage`, the CLI's system principal included) and signs the user out everywhere. */
  const resetPassword = async (p: Principal, userId: string, password: string): Promise<void> => {
    await guard(p, 'user.manage', 'user.password.reset', { userId });
    const user = await load(userId);
    const v = parseOrThrow(user.demo ? demoPasswordSchema : passwordSchema, password, 'password');
    const hash = await d.passwords.hash(v);
    await d.uow.run(async () => {
      const at = now().toISOString();
      await d.users.setPasswordHash(userId, hash, at);
      const revoked = await d.sessions.revokeAllForUser(userId, at);
      await d.audit.record(p, securityDraft('user.password.reset', 'success', { userId, sessionsRevoked: revoked }));
    });
    principals.forgetUser(userId);
  };

  /** Removes the user's TOTP secret (lost phone) so the next sign-in enrols again (`user.manage`). */
  const resetMfa = async (p: Principal, userId: string): Promise<void> => {
    await guard(p, 'user.manage', 'user.mfa.reset', { userId });
    await load(userId);
    await d.uow.run(async () => {
      const at = now().toISOString();
      await d.users.clearMfa(userId, at);
      const revoked = await d.sessions.revokeAllForUser(userId, at);
      await d.audit.record(p, securityDraft('user.mfa.reset', 'success', { userId, sessionsRevoked: revoked }));
    });
    principals.forgetUser(userId);
  };

  return { listUsers, getUser, createUser, updateUser, resetPassword, resetMfa };
};
export type UsersService = ReturnType<typeof createUsersService>;
