import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../core/access/index.ts';
import { accessHarness } from './testing/access-harness.ts';

const user = (id: string, username: string): UserRecord => ({
  id,
  username,
  displayName: username,
  role: 'provider',
  active: true,
  emergencyAccess: false,
  mfaEnrolled: false,
  demo: false,
  createdAt: '2025-03-03T14:00:00.000Z',
  passwordHash: 'x',
  mfaSecretEnc: null,
  mfaPendingSecretEnc: null,
  mfaEnrolledAt: null,
  mfaLastStep: 0,
  updatedAt: '2025-03-03T14:00:00.000Z',
});

describe('access repositories', () => {
  it('reports a taken username inside a transaction and keeps the transaction usable', async () => {
    const { db, repos } = await accessHarness();
    await db.uow.run(async () => {
      expect(await repos.users.insert(user('u1', 'paula'))).toBe(true);
      expect(await repos.users.insert(user('u2', 'paula'))).toBe(false);
      expect(await repos.users.insert(user('u3', 'peter'))).toBe(true);
    });
    expect((await repos.users.list()).map((u) => u.id)).toEqual(['u1', 'u3']);
  });

  it('moves the TOTP step forward only (compare-and-set)', async () => {
    const { repos } = await accessHarness();
    await repos.users.insert(user('u1', 'paula'));
    expect(await repos.users.advanceMfaStep('u1', 100)).toBe(true);
    expect(await repos.users.advanceMfaStep('u1', 100)).toBe(false);
    expect(await repos.users.advanceMfaStep('u1', 99)).toBe(false);
    const results = await Promise.all([repos.users.advanceMfaStep('u1', 101), repos.users.advanceMfaStep('u1', 101)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await repos.users.get('u1'))!.mfaLastStep).toBe(101);
  });

  it('confirms only the pending secret it was given', async () => {
    const { repos } = await accessHarness();
    await repos.users.insert(user('u1', 'paula'));
    await repos.users.setPendingMfaSecret('u1', 'enc-new', '2025-03-03T14:01:00.000Z');
    expect(await repos.users.confirmMfa('u1', 'enc-old', 5, '2025-03-03T14:02:00.000Z')).toBe(false);
    expect(await repos.users.confirmMfa('u1', 'enc-new', 5, '2025-03-03T14:02:00.000Z')).toBe(true);
    expect(await repos.users.get('u1')).toMatchObject({ mfaEnrolled: true, mfaSecretEnc: 'enc-new', mfaPendingSecretEnc: null, mfaLastStep: 5 });
    await repos.users.clearMfa('u1', '2025-03-03T14:03:00.000Z');
    expect(await repos.users.get('u1')).toMatchObject({ mfaEnrolled: false, mfaSecretEnc: null });
  });

  it('never moves last_seen_at backwards and revokes once', async () => {
    const { repos } = await accessHarness();
    await repos.users.insert(user('u1', 'paula'));
    const s = { id: 's1', tokenHash: 'h1', userId: 'u1', state: 'active' as const, createdAt: '2025-03-03T14:00:00.000Z', lastSeenAt: '2025-03-03T14:05:00.000Z', expiresAt: '2025-03-04T02:00:00.000Z', revokedAt: null, sourceIp: null };
    await repos.sessions.insert(s);
    await repos.sessions.touch('s1', '2025-03-03T14:04:00.000Z');
    expect((await repos.sessions.findByTokenHash('h1'))!.lastSeenAt).toBe('2025-03-03T14:05:00.000Z');
    expect(await repos.sessions.revoke('s1', '2025-03-03T14:06:00.000Z')).toBe(true);
    expect(await repos.sessions.revoke('s1', '2025-03-03T14:07:00.000Z')).toBe(false);
    expect(await repos.sessions.revokeAllForUser('u1', '2025-03-03T14:08:00.000Z')).toBe(0);
  });
});
