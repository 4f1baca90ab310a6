import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/index.ts';
import { demoUserCreateSchema, parseOrThrow, totpCodeSchema, userCreateSchema, userUpdateSchema } from './user.ts';

const base = { username: 'jdoe', displayName: 'J. Doe', role: 'front_desk', password: 'correct horse battery' } as const;

describe('user schemas', () => {
  it.each([
    ['jdoe', true],
    ['  J.Doe-2_x ', true],
    ['ab', false],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['j doe', false],
    ['jdoé', false],
  ])('username %j valid: %s', (username, ok) => {
    expect(userCreateSchema.safeParse({ ...base, username }).success).toBe(ok);
  });

  it('normalizes the username to lower case and defaults emergency access off', () => {
    expect(userCreateSchema.parse({ ...base, username: ' JDoe ' })).toMatchObject({ username: 'jdoe', emergencyAccess: false });
  });

  it('asks for 12 characters of password except for demo accounts', () => {
    expect(userCreateSchema.safeParse({ ...base, password: 'a'.repeat(11) }).success).toBe(false);
    expect(userCreateSchema.safeParse({ ...base, password: 'a'.repeat(12) }).success).toBe(true);
    expect(demoUserCreateSchema.safeParse({ ...base, password: 'demo' }).success).toBe(true);
  });

  it('rejects an empty or unknown update', () => {
    expect(userUpdateSchema.safeParse({}).success).toBe(false);
    expect(userUpdateSchema.safeParse({ password: 'x' }).success).toBe(false);
    expect(userUpdateSchema.safeParse({ role: 'biller' }).success).toBe(true);
  });

  it('accepts a spaced TOTP code', () => {
    expect(totpCodeSchema.parse('123 456')).toBe('123456');
    expect(totpCodeSchema.safeParse('12345').success).toBe(false);
  });

  it('throws invalid with paths and without echoing the value', () => {
    try {
      parseOrThrow(userCreateSchema, { ...base, password: 'short-pass' }, 'user');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('invalid');
      expect((e as DomainError).issues).toEqual([{ path: 'password', message: 'password must be at least 12 characters' }]);
      expect(JSON.stringify((e as DomainError).issues)).not.toContain('short-pass');
    }
  });
});
