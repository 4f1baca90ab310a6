import { randomBytes } from 'node:crypto';
import type { Clock, Ids } from '../core/shared/index.ts';

/** Time-ordered ids: 12 hex digits of milliseconds, then 16 random hex digits (valid FHIR ids). */
export const createIds = (clock: Clock): Ids => ({
  newId: () => clock.now().getTime().toString(16).padStart(12, '0') + randomBytes(8).toString('hex'),
});

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
