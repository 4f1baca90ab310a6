import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const cookieOf = (res: { headers: Record<string, unknown> }): string => {
  const set = res.headers['set-cookie'];
  const line = (Array.isArray(set) ? set : [set]).find((c) => String(c).startsWith('mo_session='));
  return String(line).split(';')[0]!;
};

describe('sign-in over HTTP', () => {
  it('sets an httpOnly SameSite=Strict session cookie, serves /api/me, unlocks with the password, and logs out server-side', async () => {
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'front_desk', password: 'demo-front_desk' } });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ kind: 'session', user: { username: 'front_desk', role: 'front_desk' } });
    const raw = String(login.headers['set-cookie']);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Strict/i);
    expect(login.body).not.toMatch(/token/i);
    const cookie = cookieOf(login);
    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { username: 'front_desk' }, idleMinutes: 15, breakGlass: null });
    expect(me.json().permissions).toContain('patient.create');
    expect(me.json().permissions).not.toContain('patient.ssn.unmask');
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/unlock', headers: { cookie }, payload: { password: 'nope' } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/unlock', headers: { cookie }, payload: { password: 'demo-front_desk' } })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('wrong passwords are refused alike for unknown and known users, then throttled with Retry-After', async () => {
    const bad = (username: string) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-password' }, remoteAddress: '10.9.9.9' });
    const unknown = await bad('no_such_user');
    const known = await bad('biller');
    expect(unknown.statusCode).toBe(401);
    expect(known.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(known.json().error.message);
    for (let i = 0; i < 4; i++) await bad('biller');
    const locked = await bad('biller');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('an admin created without the demo flag must enrol in MFA, and then signs in with a one-time code', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/users', headers: h.as('admin'), payload: { username: 'second_admin', displayName: 'Second Admin', role: 'admin', password: 'a long admin passphrase' } });
    expect(created.statusCode).toBe(201);
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'second_admin', password: 'a long admin passphrase' } });
    expect(login.json().kind).toBe('mfa_enrol');
    const challenge = login.json().challenge;
    const start = await h.app.inject({ method: 'POST', url: '/api/auth/mfa/enrol/start', payload: { challenge } });
    expect(start.json().otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(start.json().qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const totp = new TOTP({ secret: start.json().secret, digits: 6, period: 30, algorithm: 'SHA1' });
    const code = totp.generate();
    const confirmed = await h.app.inject({ method: 'POST', url: '/api/auth/mfa/enrol/confirm', payload: { challenge, code } });
    expect(confirmed.json().kind).toBe('session');
    // Next sign-in asks for a code; the code already used is refused.
    const again = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'second_admin', password: 'a long admin passphrase' } });
    expect(again.json().kind).toBe('mfa');
    const reused = await h.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { challenge: again.json().challenge, code } });
    expect(reused.statusCode).toBe(401);
  });
});
