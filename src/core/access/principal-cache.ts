import type { Clock } from '../shared/index.ts';
import type { Principal } from './principal.ts';

/**
 * A short-lived memo of "token → principal", so that a burst of requests with one API token or
 * session does not look the token and its user up again for each of them.
 *
 * - An entry lives `ttlMs` (1 s by default) and never past the instant the caller names (a
 *   session's idle or absolute end).
 * - Every change that affects a principal (logout, "kill all sessions", role change,
 *   deactivation, password or MFA reset, token revocation, emergency access start or end)
 *   calls `forgetUser` after its transaction has committed: from then on the next request
 *   looks the token up again. A lookup that was already running when the cache was told to
 *   forget does not store its (possibly stale) answer.
 * - Only positive answers are kept; unknown tokens are looked up every time.
 * - Keys are token hashes, never the tokens themselves; the request's source address is not
 *   cached but stamped on each answer.
 *
 * The memo is local to one process: a change made by another process (the CLI) takes effect
 * here within `ttlMs`.
 */
export interface PrincipalCache {
  /** The cached principal of a key, stamped with the request's address; undefined when absent or stale. */
  get(key: string, ip: string | null): Principal | undefined;
  /**
   * Opens a lookup. The returned function stores its result, unless the cache forgot anything
   * since `begin` was called. `notAfter` (epoch ms) shortens the entry's life.
   */
  begin(): (key: string, principal: Principal, notAfter?: number) => void;
  /** Drops every entry of the user (all their sessions and API tokens). */
  forgetUser(userId: string): void;
  /** Drops every entry. */
  clear(): void;
  /** Entries held (fresh or not yet pruned). */
  size(): number;
}

export const DEFAULT_PRINCIPAL_CACHE_MS = 1000;

/** A cache that keeps nothing: every request looks its token up. */
export const noPrincipalCache: PrincipalCache = {
  get: () => undefined,
  begin: () => () => {},
  forgetUser: () => {},
  clear: () => {},
  size: () => 0,
};

export const createPrincipalCache = (clock: Clock, ttlMs: number = DEFAULT_PRINCIPAL_CACHE_MS, maxEntries = 10_000): PrincipalCache => {
  if (ttlMs <= 0) return noPrincipalCache;
  const entries = new Map<string, { principal: Principal; until: number }>();
  // Bumped by every forget: a lookup begun under an older generation must not store its answer.
  let generation = 0;

  const prune = (now: number): void => {
    for (const [k, e] of entries) if (e.until <= now) entries.delete(k);
    if (entries.size >= maxEntries) entries.clear();
  };

  return {
    get(key, ip) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.until <= clock.now().getTime()) {
        entries.delete(key);
        return undefined;
      }
      return { ...e.principal, sourceIp: ip };
    },
    begin() {
      const started = generation;
      return (key, principal, notAfter = Infinity) => {
        if (generation !== started) return;
        const now = clock.now().getTime();
        const until = Math.min(now + ttlMs, notAfter);
        if (until <= now) return;
        if (entries.size >= maxEntries) prune(now);
        entries.set(key, { principal: { ...principal, sourceIp: null }, until });
      };
    },
    forgetUser(userId) {
      generation += 1;
      for (const [k, e] of entries) if (e.principal.userId === userId) entries.delete(k);
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    size: () => entries.size,
  };
};
