import { randomFillSync } from 'node:crypto';
import type { Clock, Ids } from '../core/shared/index.ts';

/**
 * Random hex from the system CSPRNG, drawn 4 KiB at a time: each call into the generator costs
 * as much as a small draw's worth of other work, and a registration takes several ids. Every byte
 * is handed out once.
 */
const randomHex = (() => {
  const pool = Buffer.alloc(4096);
  let used = pool.length;
  return (bytes: number): string => {
    if (used + bytes > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    used += bytes;
    return pool.toString('hex', used - bytes, used);
  };
})();

/** Time-ordered ids: 12 hex digits of milliseconds, then 16 random hex digits (valid FHIR ids). */
export const createIds = (clock: Clock): Ids => ({
  newId: () => clock.now().getTime().toString(16).padStart(12, '0') + randomHex(8),
});

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
