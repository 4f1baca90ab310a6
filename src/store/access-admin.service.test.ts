import { describe, expect, it } from 'vitest';
import { accessHarness, IP, PASSWORD, rejection } from './testing/access-harness.ts';

const MIN = 60_000;

describe('access: users', () => {
  it('creates users with the password rule, unique usernames and an audit entry', async () => {
    const h = await accessHarness();
    const u = await h.createUser('frank', 'front_desk');
    expect(u).toMatchObject({ username: 'frank', role: 'front_desk', active: true, emergencyAccess: false, mfaEnrolled: false, demo: false });
    expect(u).not.toHaveProperty('passwordHash');
    expect(await h.audited('user.create', 'success')).toMatchObject([{ category: 'security', principalId: 'system:test' }]);
    expect(await rejection(h.createUser('frank', 'provider'))).toMatchObject({ code: 'conflict' });
    const short = h.access.createUser(h.system, { username: 'shorty', displayName: 'S', role: 'provider', password: 'eleven-char' });
    expect(await rejection(short)).toMatchObject({ code: 'invalid' });
    const { principal } = await h.signIn('frank');
    expect(await rejection(h.access.createUser(principal, { username: 'x-user', displayName: 'X', role: 'admin', password: PASSWORD }))).toMatchObject({ code: 'forbidden' });
    expect(await h.audited('user.create', 'denied')).toHaveLength(1);
    const demo = h.access.createUser(principal, { username: 'demo1', displayName: 'D', role: 'admin', password: 'demo' }, { demo: true });
    expect(await rejection(demo)).toMatchObject({ code: 'forbidden' });
    expect((await h.access.listUsers(h.system)).map((x) => x.username)).toEqual(['frank']);
  });

  it('audits a role change as user.role.change and applies it on the next request', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const { grant, principal } = await h.signIn('frank');
    expect(await rejection(h.access.updateUser(principal, frank.id, { role: 'admin' }))).toMatchObject({ code: 'forbidden' });
    const updated = await h.access.updateUser(h.system, frank.id, { role: 'biller', displayName: 'Frank B.' });
    expect(updated).toMatchObject({ role: 'biller', displayName: 'Frank B.' });
    const [change] = await h.audited('user.role.change', 'success');
    expect(change).toMatchObject({ category: 'security', principalId: 'system:test' });
    expect(JSON.parse(change!.detail)).toEqual({ userId: frank.id, from: 'front_desk', to: 'biller' });
    expect(await h.audited('user.update', 'success')).toHaveLength(1);
    expect(await h.access.authenticateSession(grant.token, IP)).toMatchObject({ role: 'biller' });
  });

  it('signs a deactivated user out and keeps one active administrator', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const alice = await h.createUser('alice', 'admin');
    const { grant } = await h.signIn('frank');
    await h.access.updateUser(h.system, frank.id, { active: false });
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
    expect(await rejection(h.access.updateUser(h.system, alice.id, { role: 'auditor' }))).toMatchObject({ code: 'precondition_failed' });
    expect(await rejection(h.access.updateUser(h.system, alice.id, { active: false }))).toMatchObject({ code: 'precondition_failed' });
    expect(await h.audited('user.role.change')).toHaveLength(0);
  });

  it('resets a password: old one refused, sessions revoked, audited', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const { grant } = await h.signIn('frank');
    expect(await rejection(h.access.resetPassword(h.system, frank.id, 'too short'))).toMatchObject({ code: 'invalid' });
    await h.access.resetPassword(h.system, frank.id, 'a brand new passphrase');
    expect(await h.access.authenticateSession(grant.token, IP)).toBeNull();
    expect(await rejection(h.access.login({ username: 'frank', password: PASSWORD }, IP))).toMatchObject({ code: 'unauthenticated' });
    expect((await h.access.login({ username: 'frank', password: 'a brand new passphrase' }, IP)).kind).toBe('session');
    expect(await h.audited('user.password.reset', 'success')).toMatchObject([{ detail: JSON.stringify({ userId: frank.id, sessionsRevoked: 1 }) }]);
  });
});

describe('access: API tokens', () => {
  it('creates a token shown once, authenticates it as its own principal, and revokes it', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const { token, apiToken } = await h.access.createApiToken(h.system, 'frank', 'lab interface');
    expect(token).toMatch(/^mo_[A-Za-z0-9_-]{22,}$/);
    const rows = await h.db.kysely.selectFrom('api_tokens').select('token_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token.slice(3));
    const p = await h.access.authenticateApiToken(token);
    expect(p).toMatchObject({ userId: frank.id, role: 'front_desk', kind: 'token', principalId: `token:${apiToken.id}`, breakGlass: null });
    expect(await h.access.authenticateApiToken('mo_forged')).toBeNull();
    expect(await h.access.authenticateApiToken(token.slice(3))).toBeNull();
    expect(await h.access.authenticateSession(token, IP)).toBeNull();
    expect(await h.access.listApiTokens(h.system, 'frank')).toEqual([apiToken]);
    await h.access.revokeApiToken(h.system, apiToken.id);
    expect(await h.access.authenticateApiToken(token)).toBeNull();
    expect(await h.audited('token.create', 'success')).toHaveLength(1);
    expect(await h.audited('token.revoke', 'success')).toHaveLength(1);
  });

  it('needs token.manage', async () => {
    const h = await accessHarness();
    await h.createUser('frank', 'front_desk');
    const { principal } = await h.signIn('frank');
    expect(await rejection(h.access.createApiToken(principal, 'frank', 'mine'))).toMatchObject({ code: 'forbidden' });
    expect(await h.audited('token.create', 'denied')).toHaveLength(1);
  });
});

describe('access: break glass', () => {
  it('starts a time-boxed grant for an eligible user, attaches it to the principal, and gets reviewed', async () => {
    const h = await accessHarness();
    const erin = await h.createUser('erin', 'front_desk', { emergencyAccess: true });
    const { grant: session, principal } = await h.signIn('erin');
    expect(await rejection(h.access.startBreakGlass(principal, { reason: 'urgent' }))).toMatchObject({ code: 'invalid' });
    expect(await rejection(h.access.startBreakGlass(principal, { reason: 'patient collapsed in lobby', minutes: 241 }))).toMatchObject({ code: 'invalid' });
    const grant = await h.access.startBreakGlass(principal, { reason: 'patient collapsed in lobby' });
    expect(grant).toMatchObject({ userId: erin.id, startedAt: '2025-03-03T14:00:00.000Z', endsAt: '2025-03-03T15:00:00.000Z', reviewedAt: null });
    const [started] = await h.audited('breakglass.start', 'success');
    expect(started).toMatchObject({ category: 'security', userId: erin.id });
    expect(JSON.parse(started!.detail)).toMatchObject({ grantId: grant.id, minutes: 60 });

    const during = await h.access.authenticateSession(session.token, IP);
    expect(during?.breakGlass).toEqual({ grantId: grant.id, endsAt: grant.endsAt });
    await h.audit.log.record(during!, { action: 'patient.read', category: 'demographics', outcome: 'success', patientId: 'p1', detail: {} });

    const list = await h.access.listBreakGlassForReview(h.system);
    expect(list).toMatchObject([{ id: grant.id, username: 'erin', auditEntries: 1 }]);
    expect(await rejection(h.access.reviewBreakGlass(principal, grant.id, 'fine'))).toMatchObject({ code: 'forbidden' });
    const reviewed = await h.access.reviewBreakGlass(h.system, grant.id, 'Checked with the charge nurse');
    expect(reviewed).toMatchObject({ reviewedBy: 'test', reviewNote: 'Checked with the charge nurse' });
    expect(await h.audited('breakglass.review', 'success')).toHaveLength(1);
    expect(await h.access.listBreakGlassForReview(h.system)).toEqual([]);
    expect(await rejection(h.access.reviewBreakGlass(h.system, grant.id, 'again'))).toMatchObject({ code: 'conflict' });

    // The grant outlives the session that started it (idle log-off) but not its own end.
    h.clock.advance(55 * MIN);
    expect(await h.access.authenticateSession(session.token, IP)).toBeNull();
    const later = await h.signIn('erin');
    expect(later.principal.breakGlass).toEqual({ grantId: grant.id, endsAt: grant.endsAt });
    h.clock.advance(5 * MIN);
    expect((await h.access.authenticateSession(later.grant.token, IP))?.breakGlass).toBeNull();
  });

  it('refuses a user without emergency access, and audits the refusal', async () => {
    const h = await accessHarness();
    const frank = await h.createUser('frank', 'front_desk');
    const { grant: session, principal } = await h.signIn('frank');
    expect(await rejection(h.access.startBreakGlass(principal, { reason: 'patient collapsed in lobby' }))).toMatchObject({ code: 'forbidden' });
    expect(await h.audited('breakglass.start', 'denied')).toMatchObject([{ userId: frank.id, category: 'security' }]);
    expect((await h.access.authenticateSession(session.token, IP))?.breakGlass).toBeNull();
  });

  it('ends a grant early on request', async () => {
    const h = await accessHarness();
    await h.createUser('erin', 'provider', { emergencyAccess: true });
    const { grant: session, principal } = await h.signIn('erin');
    await h.access.startBreakGlass(principal, { reason: 'patient collapsed in lobby', minutes: 240 });
    h.clock.advance(MIN);
    await h.access.endBreakGlass(principal);
    expect((await h.access.authenticateSession(session.token, IP))?.breakGlass).toBeNull();
    expect(await h.audited('breakglass.end', 'success')).toHaveLength(1);
  });
});
