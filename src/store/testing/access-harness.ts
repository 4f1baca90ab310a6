import { Secret, TOTP } from 'otpauth';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { createAccessService, systemPrincipal, type AuthConfig, type Principal, type SessionGrant } from '../../core/access/index.ts';
import type { AuditEntry } from '../../core/audit/index.ts';
import { fixedClock, type Ids } from '../../core/shared/index.ts';
import { createFieldCipher } from '../../integrations/crypto/field-cipher.ts';
import { hmacSealer } from '../../integrations/crypto/keys.ts';
import { passwordHasher } from '../../integrations/crypto/passwords.ts';
import { secrets } from '../../integrations/crypto/secrets.ts';
import { totp } from '../../integrations/crypto/totp.ts';
import { createAccessRepos } from '../access.repo.ts';
import { createAuditStore } from '../audit.repo.ts';
import { openDb, type Db } from '../db.ts';
import { migrateToLatest } from '../migrate.ts';

/** A step boundary, so tests know which TOTP step a code belongs to. */
export const START = '2025-03-03T14:00:00.000Z';
export const PASSWORD = 'correct horse battery staple';
export const IP = { ip: '203.0.113.7' };

export const counterIds = (): Ids => {
  let n = 0;
  return { newId: () => `id${String(++n).padStart(6, '0')}` };
};

let databases = 0;

/**
 * In-memory SQLite; or, under scripts/with-postgres.sh (TEST_DATABASE_ADMIN_URL set), a fresh
 * PostgreSQL database per harness so parallel test files never share tables.
 */
const openTestDb = async (): Promise<Db> => {
  const admin = process.env.TEST_DATABASE_ADMIN_URL;
  if (!admin) return openDb({ url: ':memory:' });
  const name = `access_${process.pid}_${++databases}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return openDb({ url: url.toString(), poolSize: 4 });
};

/** The access service over a migrated database (SQLite by default) and the real audit store. */
export const accessHarness = async (config?: Partial<AuthConfig>) => {
  const db = await openTestDb();
  await migrateToLatest(db);
  const clock = fixedClock(START);
  const audit = createAuditStore({ db, seal: hmacSealer(Buffer.alloc(32)), clock });
  onTestFinished(async () => {
    await audit.flush();
    await db.close();
  });
  const repos = createAccessRepos(db);
  const cipher = createFieldCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 2));
  const access = createAccessService({ ...repos, passwords: passwordHasher, secrets, totp, cipher, audit: audit.log, uow: db.uow, clock, ids: counterIds(), config });
  const system = systemPrincipal('test');

  /** Audit entries of an action, oldest first. */
  const audited = async (action: string, outcome?: string): Promise<AuditEntry[]> => {
    await audit.flush();
    return (await audit.repo.search({ action, outcome, sort: 'seq', order: 'asc', limit: 500, offset: 0 })).entries;
  };

  const createUser = (username: string, role: Parameters<typeof access.createUser>[1]['role'], extra: { emergencyAccess?: boolean; demo?: boolean } = {}) =>
    access.createUser(system, { username, displayName: username, role, password: PASSWORD, emergencyAccess: extra.emergencyAccess ?? false }, { demo: extra.demo ?? false });

  /** Signs in a user that gets a session straight away; returns the grant and its principal. */
  const signIn = async (username: string): Promise<{ grant: SessionGrant; principal: Principal }> => {
    const r = await access.login({ username, password: PASSWORD }, IP);
    if (r.kind !== 'session') throw new Error(`expected a session, got ${r.kind}`);
    const principal = await access.authenticateSession(r.token, IP);
    if (!principal) throw new Error('session did not authenticate');
    return { grant: r, principal };
  };

  /** The code an authenticator app shows now. */
  const codeFor = (secret: string): string =>
    TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: clock.now().getTime() });

  return { db, clock, access, system, repos, audit, audited, createUser, signIn, codeFor };
};
export type AccessHarness = Awaited<ReturnType<typeof accessHarness>>;

/** The DomainError a promise rejects with (fails the test when it resolves). */
export const rejection = async (p: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> => {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
};
