import type { Clock } from '../../core/shared/index.ts';
import { CORE_MIN_RETRY_MS } from './payer-connection.ts';

/**
 * When an inquiry that failed may go out again. CORE: never sooner than 90 seconds after a
 * failure. Keys are per payer and trace number, so a rebuilt 270 for the same check waits too.
 */
export interface RetryClock {
  /** The time the inquiry may be sent again, or null when it may go now. */
  notBefore(key: string): Date | null;
  /** Records a failure now; returns the earliest re-send time (now + max(delay, 90 s)). */
  failed(key: string, delayMs?: number): Date;
  /** Forgets the key once an answer came. */
  clear(key: string): void;
}

/** The re-send key of an inquiry. */
export const retryKey = (payerId: string, traceNumber: string): string => `${payerId}\u0000${traceNumber}`;

/** An in-memory re-send clock on `clock` (a fixed clock in tests). Entries past their time are dropped. */
export const createRetryClock = (clock: Clock): RetryClock => {
  const until = new Map<string, number>();
  const prune = (now: number): void => {
    for (const [k, t] of until) if (t <= now) until.delete(k);
  };
  return {
    notBefore: (key) => {
      const t = until.get(key);
      if (t === undefined || t <= clock.now().getTime()) return null;
      return new Date(t);
    },
    failed: (key, delayMs = CORE_MIN_RETRY_MS) => {
      const now = clock.now().getTime();
      if (until.size > 10_000) prune(now);
      const t = now + Math.max(delayMs, CORE_MIN_RETRY_MS);
      until.set(key, t);
      return new Date(t);
    },
    clear: (key) => void until.delete(key),
  };
};
