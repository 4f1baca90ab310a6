import { describe, expect, it } from 'vitest';
import { accessHarness, IP, PASSWORD, rejection } from './testing/access-harness.ts';

const MIN = 60_000;

describe('access: sign-in', () => {
  it('signs in with the right password, records the attempt and audits it without the password', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const r = await h.access.login({ username: ' Frank ', password: PASSWORD }, IP);
    expect(r).toMatchObject({ kind: 'session', user: { id: frank.id, role: 'front_desk' }, expiresAt: '2025-03-04T02:00:00.000Z', idleMinutes: 15 });
    if (r.kind !== 'session') return;
    expect(r.token.length).toBeGreaterThanOrEqual(22);
    const p = await h.access.authenticateSession(r.token, IP);
    expect(p).toMatchObject({ userId: frank.id, username: 'frank', role: 'front_desk', kind: 'session', sourceIp: IP.ip, breakGlass: null });
    const [entry] = await h.audited('auth.login', 'success');
    expect(entry).toMatchObject({ userId: frank.id, category: 'security', principalId: p!.principalId, sourceIp: IP.ip });
    expect(JSON.stringify(await h.audited('auth.login'))).not.toContain(PASSWORD);
    const attempts = await h.db.kysely.selectFrom('login_attempts').selectAll().execute();
    expect(attempts).toMatchObject([{ username: 'frank', source_ip: IP.ip, ok: 1, outcome: 'success' }]);
    const stored = await h.db.kysely.selectFrom('sessions').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(r.token);
  });

  it('answers the same for a wrong password, an unknown user and an inactive account', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    await h.createUser('gone', 'front_desk');
    await h.access.updateUser(h.system, (await h.access.listUsers(h.system)).find((u) => u.username === 'gone')!.id, { active: false });
    const errors = await Promise.all([
      rejection(h.access.login({ username: 'frank', password: 'wrong password!' }, IP)),
      rejection(h.access.login({ username: 'nobody', password: PASSWORD }, IP)),
      rejection(h.access.login({ username: 'gone', password: PASSWORD }, IP)),
    ]);
    for (const e of errors) expect(e).toMatchObject({ code: 'unauthenticated', message: 'Wrong username or password' });
    const failures = await h.audited('auth.login', 'failure');
    expect(failures.map((f) => JSON.parse(f.detail).reason).sort()).toEqual(['inactive', 'unknown_user', 'wrong_password']);
    expect(failures.find((f) => f.username === 'frank')!.userId).toBe(frank.id);
  });

  it('locks the account after 5 failures until 15 minutes after the 5th, without extending the lock', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    const wrong = { username: 'frank', password: 'not the password' };
    for (let i = 0; i < 5; i++) {
      expect(await rejection(h.access.login(wrong, IP))).toMatchObject({ code: 'unauthenticated' });
      h.clock.advance(10_000);
    }
    // The 6th attempt is refused even with the right password.
    const locked = await rejection(h.access.login({ username: 'frank', password: PASSWORD }, IP));
    expect(locked).toMatchObject({ code: 'too_many_requests', details: { retryAfterSeconds: 890 } });
    h.clock.advance(10 * MIN);
    expect(await rejection(h.access.login({ username: 'frank', password: PASSWORD }, IP))).toMatchObject({ code: 'too_many_requests' });
    h.clock.advance(4 * MIN + 50_000); // exactly 15 min after the 5th failure
    expect((await h.access.login({ username: 'frank', password: PASSWORD }, IP)).kind).toBe('session');
    expect(await h.audited('auth.login', 'denied')).toHaveLength(2);
    const outcomes = (await h.db.kysely.selectFrom('login_attempts').select('outcome').orderBy('at').execute()).map((a) => a.outcome);
    expect(outcomes).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'denied', 'denied', 'success']);
  });

  it('throttles an address after 20 failures across accounts', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    for (let i = 0; i < 20; i++) await rejection(h.access.login({ username: `user${i}`, password: 'whatever pass' }, IP));
    expect(await rejection(h.access.login({ username: 'frank', password: PASSWORD }, IP))).toMatchObject({ code: 'too_many_requests' });
    expect((await h.access.login({ username: 'frank', password: PASSWORD }, { ip: '198.51.100.1' })).kind).toBe('session');
  });
});

describe('access: MFA', () => {
  it('makes an admin enrol at sign-in, then asks for a code each time and refuses a reused one', async () => {
    const h = await accessHarness();
    const alice = await h.createUser('alice', 'admin');
    const first = await h.access.login({ username: 'alice', password: PASSWORD }, IP);
    expect(first).toMatchObject({ kind: 'mfa_enrol', expiresAt: '2025-03-03T14:05:00.000Z' });
    if (first.kind !== 'mfa_enrol') return;
    expect(await h.access.authenticateSession(first.challenge, IP)).toBeNull();

    const { secret, otpauthUri } = await h.access.startEnrolment({ challenge: first.challenge });
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Medoffice:alice\?.*issuer=Medoffice/);
    const stored = await h.db.kysely.selectFrom('users').select(['mfa_pending_secret_enc']).where('id', '=', alice.id).executeTakeFirstOrThrow();
    expect(stored.mfa_pending_secret_enc).not.toContain(secret);
    expect(await rejection(h.access.confirmEnrolment({ challenge: first.challenge }, '000000', IP))).toMatchObject({ code: 'unauthenticated' });
    const code = h.codeFor(secret);
    const enrolled = await h.access.confirmEnrolment({ challenge: first.challenge }, code, IP);
    expect(enrolled).toMatchObject({ kind: 'session', user: { id: alice.id, mfaEnrolled: true } });
    expect(await h.audited('auth.mfa.enrol', 'success')).toMatchObject([{ userId: alice.id, category: 'security' }]);
    if (enrolled.kind !== 'session') return;
    await h.access.logout(enrolled.token, IP);

    // Same 30-second step: the code that confirmed enrolment cannot sign in again.
    const second = await h.access.login({ username: 'alice', password: PASSWORD }, IP);
    expect(second.kind).toBe('mfa');
    if (second.kind !== 'mfa') return;
    expect(await rejection(h.access.verifyMfa(second.challenge, code, IP))).toMatchObject({ code: 'unauthenticated', message: 'Wrong or expired code' });
    h.clock.advance(30_000);
    const next = h.codeFor(secret);
    const session = await h.access.verifyMfa(second.challenge, next, IP);
    expect(session.kind).toBe('session');
    expect(await h.access.authenticateSession(session.token, IP)).toMatchObject({ userId: alice.id, role: 'admin' });
    // The challenge is spent once it has produced a session.
    expect(await rejection(h.access.verifyMfa(second.challenge, next, IP))).toMatchObject({ code: 'unauthenticated' });

    const third = await h.access.login({ username: 'alice', password: PASSWORD }, IP);
    if (third.kind !== 'mfa') throw new Error('expected mfa');
    expect(await rejection(h.access.verifyMfa(third.challenge, next, IP))).toMatchObject({ code: 'unauthenticated' });
    const failures = (await h.audited('auth.mfa', 'failure')).map((e) => JSON.parse(e.detail).reason);
    expect(failures).toEqual(['reused_code', 'reused_code']);
    expect(await h.audited('auth.mfa', 'success')).toHaveLength(1);
  });

  it('expires a challenge after 5 minutes and counts wrong codes toward the lock', async () => {
    const h = await accessHarness();
    await h.createUser('alice', 'admin');
    const c = await h.access.login({ username: 'alice', password: PASSWORD }, IP);
    if (c.kind !== 'mfa_enrol') throw new Error('expected enrolment');
    const { secret } = await h.access.startEnrolment({ challenge: c.challenge });
    await h.access.confirmEnrolment({ challenge: c.challenge }, h.codeFor(secret), IP);
    h.clock.advance(60_000);

    const login = await h.access.login({ username: 'alice', password: PASSWORD }, IP);
    if (login.kind !== 'mfa') throw new Error('expected mfa');
    for (let i = 0; i < 5; i++) await rejection(h.access.verifyMfa(login.challenge, '123456', IP));
    expect(await rejection(h.access.verifyMfa(login.challenge, h.codeFor(secret), IP))).toMatchObject({ code: 'too_many_requests' });

    h.clock.advance(5 * MIN);
    expect(await rejection(h.access.verifyMfa(login.challenge, h.codeFor(secret), IP))).toMatchObject({ code: 'unauthenticated', message: 'The sign-in has expired; sign in again' });
  });

  it('does not force MFA on demo accounts or on roles outside the configured list', async () => {
    const h = await accessHarness({ mfaRequiredRoles: ['admin', 'provider'] });
    await h.createUser('demo-admin', 'admin', { demo: true });
    await h.createUser('biller', 'biller');
    await h.createUser('doc', 'provider');
    expect((await h.access.login({ username: 'demo-admin', password: PASSWORD }, IP)).kind).toBe('session');
    expect((await h.access.login({ username: 'biller', password: PASSWORD }, IP)).kind).toBe('session');
    expect((await h.access.login({ username: 'doc', password: PASSWORD }, IP)).kind).toBe('mfa_enrol');
  });

  it('lets a signed-in user enrol, and an administrator reset it', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const { grant, principal } = await h.signIn('frank');
    const { secret } = await h.access.startEnrolment(principal);
    expect(await rejection(h.access.confirmEnrolment(principal, '000000', IP))).toMatchObject({ code: 'invalid' });
    expect(await h.access.confirmEnrolment(principal, h.codeFor(secret), IP)).toEqual({ kind: 'enrolled' });
    expect(await rejection(h.access.startEnrolment(principal))).toMatchObject({ code: 'conflict' });
    expect((await h.access.login({ username: 'frank', password: PASSWORD }, IP)).kind).toBe('mfa');
    await h.access.resetMfa(h.system, frank.id);
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
    expect((await h.access.login({ username: 'frank', password: PASSWORD }, IP)).kind).toBe('session');
    expect(await h.audited('user.mfa.reset', 'success')).toMatchObject([{ detail: expect.stringContaining(frank.id) }]);
    expect((await h.access.getUser(h.system, frank.id)).mfaEnrolled).toBe(false);
  });
});

describe('access: sessions', () => {
  it('logs off after 15 idle minutes, exactly at the limit', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    const { grant } = await h.signIn('frank');
    h.clock.advance(14 * MIN);
    expect(await h.access.authenticateSession(grant.token, IP)).not.toBeNull();
    h.clock.advance(14 * MIN); // 28 min after sign-in, 14 after the last request
    expect(await h.access.authenticateSession(grant.token, IP)).not.toBeNull();
    h.clock.advance(15 * MIN);
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
    expect((await h.audited('auth.session.end')).map((e) => JSON.parse(e.detail).reason)).toEqual(['idle_timeout']);
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
  });

  it('does not write last_seen_at more than once a minute', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    const { grant } = await h.signIn('frank');
    const lastSeen = async () => (await h.db.kysely.selectFrom('sessions').select('last_seen_at').where('state', '=', 'active').executeTakeFirstOrThrow()).last_seen_at;
    h.clock.advance(59_000);
    await h.access.authenticateSession(grant.token, IP);
    expect(await lastSeen()).toBe('2025-03-03T14:00:00.000Z');
    h.clock.advance(2_000);
    await h.access.authenticateSession(grant.token, IP);
    expect(await lastSeen()).toBe('2025-03-03T14:01:01.000Z');
  });

  it('ends a busy session 12 hours after sign-in', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    const { grant } = await h.signIn('frank');
    for (let t = 10; t < 12 * 60; t += 10) {
      h.clock.set(new Date(Date.parse('2025-03-03T14:00:00.000Z') + t * MIN));
      expect(await h.access.authenticateSession(grant.token, IP)).not.toBeNull();
    }
    h.clock.set('2025-03-04T02:00:00.000Z');
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
    expect((await h.audited('auth.session.end')).map((e) => JSON.parse(e.detail).reason)).toEqual(['absolute_timeout']);
  });

  it('logs out', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    const { grant } = await h.signIn('frank');
    await h.access.logout(grant.token, IP);
    await h.access.logout(grant.token, IP);
    await h.access.logout('not-a-token', IP);
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
    expect(await h.audited('auth.logout', 'success')).toHaveLength(1);
  });

  it('kills all of a user’s sessions: the user or session.manage only', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    await h.createUser('paula', 'provider');
    const a = await h.signIn('frank');
    const b = await h.signIn('frank');
    const paula = await h.signIn('paula');
    expect(await rejection(h.access.killSessions(paula.principal, frank.id))).toMatchObject({ code: 'forbidden' });
    expect(await h.audited('auth.sessions.kill', 'denied')).toMatchObject([{ userId: paula.principal.userId }]);
    expect(await h.access.killSessions(h.system, frank.id)).toEqual({ revoked: 2 });
    expect(await h.access.authenticateSession(a.grant.token, IP)).toBeNull();
    expect(await h.access.authenticateSession(b.grant.token, IP)).toBeNull();
    expect(await h.access.authenticateSession(paula.grant.token, IP)).not.toBeNull();
    expect(await h.access.killSessions(paula.principal, paula.principal.userId)).toEqual({ revoked: 1 });
    expect(await h.audited('auth.sessions.kill', 'success')).toHaveLength(2);
  });
});
