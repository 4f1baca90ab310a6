import { describe, expect, it } from 'vitest';
import { fixedClock } from '../shared/index.ts';
import { createPrincipalCache, noPrincipalCache } from './principal-cache.ts';
import type { Principal } from './principal.ts';
import { DEFAULT_SESSION_POLICY, sessionUsableUntil } from './session.ts';

const T0 = '2025-03-03T14:00:00.000Z';
const frank: Principal = { userId: 'u-frank', username: 'frank', role: 'front_desk', principalId: 'token:t1', kind: 'token', sourceIp: '203.0.113.7', breakGlass: null };
const paula: Principal = { ...frank, userId: 'u-paula', username: 'paula', role: 'provider', principalId: 'token:t2' };

describe('principal cache', () => {
  it('answers for a second, stamped with each request’s own address, then forgets', () => {
    const clock = fixedClock(T0);
    const cache = createPrincipalCache(clock);
    cache.begin()('t:h1', frank);
    expect(cache.get('t:h1', '198.51.100.1')).toEqual({ ...frank, sourceIp: '198.51.100.1' });
    expect(cache.get('t:h2', null)).toBeUndefined();
    clock.advance(999);
    expect(cache.get('t:h1', null)).toMatchObject({ userId: 'u-frank', sourceIp: null });
    clock.advance(1);
    expect(cache.get('t:h1', null)).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('hands out copies: changing an answer does not change the cache', () => {
    const cache = createPrincipalCache(fixedClock(T0));
    cache.begin()('t:h1', frank);
    const a = cache.get('t:h1', null)!;
    a.role = 'admin';
    expect(cache.get('t:h1', null)?.role).toBe('front_desk');
  });

  it('never keeps an entry past the instant the caller names', () => {
    const clock = fixedClock(T0);
    const cache = createPrincipalCache(clock);
    cache.begin()('s:h1', frank, clock.now().getTime() + 300);
    clock.advance(300);
    expect(cache.get('s:h1', null)).toBeUndefined();
    cache.begin()('s:h2', frank, clock.now().getTime());
    expect(cache.size()).toBe(0);
  });

  it('forgets every entry of one user and keeps the others', () => {
    const cache = createPrincipalCache(fixedClock(T0));
    cache.begin()('t:h1', frank);
    cache.begin()('s:h2', { ...frank, kind: 'session', principalId: 'session:s1' });
    cache.begin()('t:h3', paula);
    cache.forgetUser('u-frank');
    expect(cache.get('t:h1', null)).toBeUndefined();
    expect(cache.get('s:h2', null)).toBeUndefined();
    expect(cache.get('t:h3', null)).toMatchObject({ userId: 'u-paula' });
    cache.clear();
    expect(cache.get('t:h3', null)).toBeUndefined();
  });

  it('does not store the answer of a lookup that began before the cache forgot', () => {
    const cache = createPrincipalCache(fixedClock(T0));
    const slowLookup = cache.begin();
    cache.forgetUser('u-frank'); // e.g. the token is revoked while the lookup is reading the old row
    slowLookup('t:h1', frank);
    expect(cache.get('t:h1', null)).toBeUndefined();
    const afterClear = cache.begin();
    cache.clear();
    afterClear('t:h1', frank);
    expect(cache.get('t:h1', null)).toBeUndefined();
    cache.begin()('t:h1', frank);
    expect(cache.get('t:h1', null)).toMatchObject({ userId: 'u-frank' });
  });

  it('stays bounded', () => {
    const cache = createPrincipalCache(fixedClock(T0), 1000, 3);
    for (let i = 0; i < 10; i++) cache.begin()(`t:h${i}`, frank);
    expect(cache.size()).toBeLessThanOrEqual(3);
    expect(cache.get('t:h9', null)).toMatchObject({ userId: 'u-frank' });
  });

  it('keeps nothing with a zero lifetime', () => {
    const cache = createPrincipalCache(fixedClock(T0), 0);
    expect(cache).toBe(noPrincipalCache);
    cache.begin()('t:h1', frank);
    expect(cache.get('t:h1', null)).toBeUndefined();
  });

  it('computes a session’s last usable instant from its idle and absolute limits', () => {
    const s = { state: 'active', createdAt: T0, lastSeenAt: '2025-03-03T20:00:00.000Z', expiresAt: '2025-03-04T02:00:00.000Z', revokedAt: null };
    expect(new Date(sessionUsableUntil(s, DEFAULT_SESSION_POLICY)).toISOString()).toBe('2025-03-03T20:15:00.000Z');
    const late = { ...s, lastSeenAt: '2025-03-04T01:50:00.000Z' };
    expect(new Date(sessionUsableUntil(late, DEFAULT_SESSION_POLICY)).toISOString()).toBe('2025-03-04T02:00:00.000Z');
    expect(new Date(sessionUsableUntil(late, { ...DEFAULT_SESSION_POLICY, absoluteMinutes: 60 })).toISOString()).toBe('2025-03-03T15:00:00.000Z');
  });
});
