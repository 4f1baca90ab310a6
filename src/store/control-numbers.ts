import { MAX_CONTROL_NUMBER, type ControlNumberKind, type ControlNumberSource } from '../x12/index.ts';
import type { Db } from './db.ts';
import { nextSequence } from './sequences.ts';

/**
 * X12 control numbers from database sequences (one per envelope level and sender), so they are
 * unique across requests, processes and restarts; after 999,999,999 they start again at 1.
 * Each allocation commits on its own (or with the caller's unit of work): a rolled-back batch
 * gives its numbers back, which X12 allows since the envelope was never sent.
 */
export const createControlNumberSource = (db: Db, sender = 'default'): ControlNumberSource => ({
  async next(kind: ControlNumberKind) {
    const n = await nextSequence(db, `x12.${sender}.${kind}`);
    return ((n - 1) % MAX_CONTROL_NUMBER) + 1;
  },
});
