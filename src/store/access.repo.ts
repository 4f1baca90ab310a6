import { sql, type Selectable } from 'kysely';
import type {
  ApiToken,
  ApiTokenRepo,
  BreakGlassGrant,
  BreakGlassRepo,
  LoginAttemptRepo,
  LoginOutcome,
  Role,
  SessionRecord,
  SessionRepo,
  SessionState,
  UserRecord,
  UserRepo,
} from '../core/access/index.ts';
import { isUniqueViolation, type Db } from './db.ts';
import type { ApiTokensTable, BreakGlassTable, SessionsTable, UsersTable } from './schema.ts';

const bool = (v: unknown): boolean => Number(v) === 1;
const bit = (b: boolean): number => (b ? 1 : 0);

const userFromRow = (r: Selectable<UsersTable>): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  active: bool(r.active),
  emergencyAccess: bool(r.emergency_access),
  mfaEnrolled: r.mfa_secret_enc !== null && r.mfa_enrolled_at !== null,
  demo: bool(r.demo),
  createdAt: r.created_at,
  passwordHash: r.password_hash,
  mfaSecretEnc: r.mfa_secret_enc,
  mfaPendingSecretEnc: r.mfa_pending_secret_enc,
  mfaEnrolledAt: r.mfa_enrolled_at,
  mfaLastStep: Number(r.mfa_last_step),
  updatedAt: r.updated_at,
});

/** Accounts on Kysely (SQLite and PostgreSQL). */
export const createUserRepo = (db: Db): UserRepo => ({
  async get(id) {
    const r = await db.read().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? userFromRow(r) : null;
  },
  async findByUsername(username) {
    const r = await db.read().selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? userFromRow(r) : null;
  },
  async list() {
    return (await db.read().selectFrom('users').selectAll().orderBy('username').execute()).map(userFromRow);
  },
  async insert(u) {
    const row: UsersTable = {
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
      active: bit(u.active),
      emergency_access: bit(u.emergencyAccess),
      mfa_secret_enc: u.mfaSecretEnc,
      mfa_pending_secret_enc: u.mfaPendingSecretEnc,
      mfa_enrolled_at: u.mfaEnrolledAt,
      mfa_last_step: u.mfaLastStep,
      demo: bit(u.demo),
      created_at: u.createdAt,
      updated_at: u.updatedAt,
    };
    // A savepoint keeps the surrounding PostgreSQL transaction usable after a duplicate.
    const inTrx = db.uow.inTransaction();
    if (inTrx) await sql`savepoint user_insert`.execute(db.q());
    try {
      await db.q().insertInto('users').values(row).execute();
      if (inTrx) await sql`release savepoint user_insert`.execute(db.q());
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (inTrx) await sql`rollback to savepoint user_insert`.execute(db.q());
      return false;
    }
  },
  async countActiveWithRole(role) {
    const r = await db.read().selectFrom('users').select(sql<number>`count(*)`.as('n')).where('role', '=', role).where('active', '=', 1).executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async updateProfile(id, p) {
    await db
      .q()
      .updateTable('users')
      .set({ display_name: p.displayName, role: p.role, active: bit(p.active), emergency_access: bit(p.emergencyAccess), updated_at: p.updatedAt })
      .where('id', '=', id)
      .execute();
  },
  async setPasswordHash(id, hash, at) {
    await db.q().updateTable('users').set({ password_hash: hash, updated_at: at }).where('id', '=', id).execute();
  },
  async setPendingMfaSecret(id, secretEnc, at) {
    await db.q().updateTable('users').set({ mfa_pending_secret_enc: secretEnc, updated_at: at }).where('id', '=', id).execute();
  },
  async confirmMfa(id, pendingEnc, step, at) {
    const r = await db
      .q()
      .updateTable('users')
      .set({ mfa_secret_enc: pendingEnc, mfa_pending_secret_enc: null, mfa_enrolled_at: at, mfa_last_step: step, updated_at: at })
      .where('id', '=', id)
      .where('mfa_pending_secret_enc', '=', pendingEnc)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async advanceMfaStep(id, step) {
    // Compare-and-set: of two requests with the same code, only one moves the step forward.
    const r = await db.q().updateTable('users').set({ mfa_last_step: step }).where('id', '=', id).where('mfa_last_step', '<', step).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async clearMfa(id, at) {
    await db.q().updateTable('users').set({ mfa_secret_enc: null, mfa_pending_secret_enc: null, mfa_enrolled_at: null, updated_at: at }).where('id', '=', id).execute();
  },
});

const sessionFromRow = (r: Selectable<SessionsTable>): SessionRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  state: r.state as SessionState,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  sourceIp: r.source_ip,
});

/** Sessions and MFA challenges. */
export const createSessionRepo = (db: Db): SessionRepo => ({
  async insert(s) {
    await db
      .q()
      .insertInto('sessions')
      .values({ id: s.id, token_hash: s.tokenHash, user_id: s.userId, state: s.state, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt, revoked_at: s.revokedAt, source_ip: s.sourceIp })
      .execute();
  },
  async findByTokenHash(tokenHash) {
    const r = await db.read().selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? sessionFromRow(r) : null;
  },
  async touch(id, at) {
    // Never moves last_seen_at backwards when two requests race.
    await db.q().updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).where('last_seen_at', '<', at).execute();
  },
  async revoke(id, at) {
    const r = await db.q().updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async revokeAllForUser(userId, at) {
    const r = await db.q().updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
});

/** Sign-in attempts, for throttling (the audit trail keeps the lasting record). */
export const createLoginAttemptRepo = (db: Db): LoginAttemptRepo => ({
  async insert(a) {
    await db
      .q()
      .insertInto('login_attempts')
      .values({ id: a.id, username: a.username, source_ip: a.sourceIp, at: a.at, ok: a.outcome === 'success' ? 1 : 0, outcome: a.outcome })
      .execute();
  },
  async forUsernameSince(username, since) {
    const rows = await db.read().selectFrom('login_attempts').select(['at', 'outcome']).where('username', '=', username).where('at', '>=', since).orderBy('at').execute();
    return rows.map((r) => ({ at: r.at, outcome: r.outcome as LoginOutcome }));
  },
  async ipFailuresSince(sourceIp, since) {
    const rows = await db.read().selectFrom('login_attempts').select('at').where('source_ip', '=', sourceIp).where('at', '>=', since).where('outcome', '=', 'failure').orderBy('at').execute();
    return rows.map((r) => r.at);
  },
});

const tokenFromRow = (r: Selectable<ApiTokensTable>): ApiToken => ({ id: r.id, userId: r.user_id, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at });

/** API tokens, stored as SHA-256 hashes. */
export const createApiTokenRepo = (db: Db): ApiTokenRepo => ({
  async insert(t) {
    await db.q().insertInto('api_tokens').values({ id: t.id, token_hash: t.tokenHash, user_id: t.userId, label: t.label, created_at: t.createdAt, revoked_at: t.revokedAt }).execute();
  },
  async findByHash(tokenHash) {
    const r = await db.read().selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? tokenFromRow(r) : null;
  },
  async get(id) {
    const r = await db.read().selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? tokenFromRow(r) : null;
  },
  async list(userId) {
    let q = db.read().selectFrom('api_tokens').selectAll();
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(tokenFromRow);
  },
  async revoke(id, at) {
    const r = await db.q().updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
});

const grantFromRow = (r: Selectable<BreakGlassTable>): BreakGlassGrant => ({
  id: r.id,
  userId: r.user_id,
  reason: r.reason,
  startedAt: r.started_at,
  endsAt: r.ends_at,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  reviewNote: r.review_note,
});

/** Emergency access grants; the review list counts the audit entries made under each. */
export const createBreakGlassRepo = (db: Db): BreakGlassRepo => ({
  async insert(g) {
    await db
      .q()
      .insertInto('break_glass_grants')
      .values({ id: g.id, user_id: g.userId, reason: g.reason, started_at: g.startedAt, ends_at: g.endsAt, reviewed_by: g.reviewedBy, reviewed_at: g.reviewedAt, review_note: g.reviewNote })
      .execute();
  },
  async get(id) {
    const r = await db.read().selectFrom('break_glass_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? grantFromRow(r) : null;
  },
  async activeFor(userId, at) {
    const r = await db
      .q()
      .selectFrom('break_glass_grants')
      .selectAll()
      .where('user_id', '=', userId)
      .where('ends_at', '>', at)
      .where('started_at', '<=', at)
      .orderBy('ends_at', 'desc')
      .executeTakeFirst();
    return r ? grantFromRow(r) : null;
  },
  async end(id, at) {
    await db.q().updateTable('break_glass_grants').set({ ends_at: at }).where('id', '=', id).where('ends_at', '>', at).execute();
  },
  async listUnreviewed() {
    const rows = await db
      .q()
      .selectFrom('break_glass_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .selectAll('g')
      .select('u.username')
      .select((eb) =>
        eb
          .selectFrom('audit_log as a')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('a.user_id', '=', 'g.user_id')
          .where('a.break_glass', '=', 1)
          .whereRef('a.at', '>=', 'g.started_at')
          .whereRef('a.at', '<', 'g.ends_at')
          .as('audit_entries'),
      )
      .where('g.reviewed_at', 'is', null)
      .orderBy('g.started_at')
      .execute();
    return rows.map((r) => ({ ...grantFromRow(r), username: r.username, auditEntries: Number(r.audit_entries ?? 0) }));
  },
  async review(id, by, at, note) {
    const r = await db
      .q()
      .updateTable('break_glass_grants')
      .set({ reviewed_by: by, reviewed_at: at, review_note: note })
      .where('id', '=', id)
      .where('reviewed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
});

/** Every access repository over one database. */
export const createAccessRepos = (db: Db) => ({
  users: createUserRepo(db),
  sessions: createSessionRepo(db),
  attempts: createLoginAttemptRepo(db),
  apiTokens: createApiTokenRepo(db),
  breakGlass: createBreakGlassRepo(db),
});
