import { describe, expect, it } from 'vitest';
import { accessHarness, IP } from './testing/access-harness.ts';

// The token → principal cache of the access service (about a second, local invalidation). Each
// test first shows the cache is in play (a change made behind the service's back is not seen
// yet), then that the service's own change takes effect on the very next request.
const OTHER_IP = { ip: '198.51.100.9' };

const setUp = async () => {
  const h = await accessHarness();
  const frank = await h.createUser('frank', 'front_desk', { emergencyAccess: true });
  await h.createUser('paula', 'provider');
  const token = (await h.access.createApiToken(h.system, 'frank', 'integration')).token;
  const session = await h.signIn('frank'); // authenticates once: the session is cached
  expect(await h.access.authenticateApiToken(token, IP)).toMatchObject({ userId: frank.id, role: 'front_desk' });
  return { h, frank, token, session };
};

describe('access: cached principals', () => {
  it('serves a token’s principal from the cache for a second, with the request’s own address', async () => {
    const { h, token } = await setUp();
    const [t] = await h.repos.apiTokens.list();
    await h.repos.apiTokens.revoke(t!.id, h.clock.now().toISOString()); // behind the service's back
    expect(await h.access.authenticateApiToken(token, OTHER_IP)).toMatchObject({ kind: 'token', sourceIp: OTHER_IP.ip });
    h.clock.advance(1000);
    expect(await h.access.authenticateApiToken(token, IP)).toBeNull();
  });

  it('a revoked token is refused on the next request', async () => {
    const { h, token } = await setUp();
    const [t] = await h.repos.apiTokens.list();
    await h.access.revokeApiToken(h.system, t!.id);
    expect(await h.access.authenticateApiToken(token, IP)).toBeNull();
  });

  it('logout ends the cached session at once; another session of the user is looked up afresh', async () => {
    const { h, session, token } = await setUp();
    const other = await h.signIn('frank');
    await h.access.logout(session.grant.token, IP);
    expect(await h.access.authenticateSession(session.grant.token, IP)).toBeNull();
    expect(await h.access.authenticateSession(other.grant.token, IP)).toMatchObject({ kind: 'session' });
    expect(await h.access.authenticateApiToken(token, IP)).toMatchObject({ kind: 'token' });
  });

  it('"kill all sessions" ends every cached session of the user at once', async () => {
    const { h, frank, session } = await setUp();
    const other = await h.signIn('frank');
    await h.access.killSessions(h.system, frank.id);
    expect(await h.access.authenticateSession(session.grant.token, IP)).toBeNull();
    expect(await h.access.authenticateSession(other.grant.token, IP)).toBeNull();
  });

  it('a role change applies to the next request of every session and token of the user', async () => {
    const { h, frank, session, token } = await setUp();
    await h.access.updateUser(h.system, frank.id, { role: 'biller' });
    expect(await h.access.authenticateSession(session.grant.token, IP)).toMatchObject({ role: 'biller' });
    expect(await h.access.authenticateApiToken(token, IP)).toMatchObject({ role: 'biller' });
  });

  it('a deactivated user’s sessions and tokens are refused at once', async () => {
    const { h, frank, session, token } = await setUp();
    await h.access.updateUser(h.system, frank.id, { active: false });
    expect(await h.access.authenticateSession(session.grant.token, IP)).toBeNull();
    expect(await h.access.authenticateApiToken(token, IP)).toBeNull();
  });

  it('a password or MFA reset signs the user out at once', async () => {
    const { h, frank, session } = await setUp();
    await h.access.resetPassword(h.system, frank.id, 'a brand new passphrase');
    expect(await h.access.authenticateSession(session.grant.token, IP)).toBeNull();
    const again = await h.signIn('frank').catch(() => null);
    expect(again).toBeNull(); // the old password no longer works
  });

  it('emergency access applies from the next request and ends with the grant', async () => {
    const { h, session } = await setUp();
    const grant = await h.access.startBreakGlass(session.principal, { reason: 'patient collapsed in lobby' });
    expect((await h.access.authenticateSession(session.grant.token, IP))?.breakGlass).toEqual({ grantId: grant.id, endsAt: grant.endsAt });
    await h.access.endBreakGlass(session.principal);
    expect((await h.access.authenticateSession(session.grant.token, IP))?.breakGlass).toBeNull();
  });

  it('a session revoked behind the service’s back is refused after a second', async () => {
    const { h, session } = await setUp();
    await h.repos.sessions.revoke(session.principal.principalId.replace('session:', ''), h.clock.now().toISOString());
    expect(await h.access.authenticateSession(session.grant.token, IP)).not.toBeNull(); // cached
    h.clock.advance(1000);
    expect(await h.access.authenticateSession(session.grant.token, IP)).toBeNull();
  });

  it('does not cache unknown tokens: a token created after a miss works at once', async () => {
    const { h } = await setUp();
    expect(await h.access.authenticateApiToken('mo_not-a-real-token', IP)).toBeNull();
    const fresh = (await h.access.createApiToken(h.system, 'paula', 'later')).token;
    expect(await h.access.authenticateApiToken(fresh, IP)).toMatchObject({ username: 'paula' });
  });
});
