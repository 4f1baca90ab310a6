import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import type { Db } from './db.ts';
import { nextSequenceAutonomous } from './sequences.ts';

let db: Db | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

describe('store: counters allocated without holding their lock', () => {
  it('hands out distinct numbers; on PostgreSQL a registration still open does not hold up the next', async () => {
    db = await freshDb();
    const d = db;
    if (d.dialect === 'postgres') {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      // The first transaction takes a number and stays open; the second must not wait for it.
      const first = d.uow.run(async () => {
        const n = await nextSequenceAutonomous(d, 'mrn');
        await held;
        return n;
      });
      const second = await d.uow.run(() => nextSequenceAutonomous(d, 'mrn'));
      release();
      expect([await first, second].sort()).toEqual([1, 2]);
      // A number taken by a transaction that rolls back is skipped, not handed out twice.
      await d.uow.run(async () => {
        await nextSequenceAutonomous(d, 'mrn');
        throw new Error('roll back');
      }).catch(() => undefined);
      expect(await d.uow.run(() => nextSequenceAutonomous(d, 'mrn'))).toBe(4);
    } else {
      const numbers = await Promise.all([1, 2, 3].map(() => d.uow.run(() => nextSequenceAutonomous(d, 'mrn'))));
      expect(numbers.sort()).toEqual([1, 2, 3]);
      // On SQLite the number is part of the transaction: a rollback gives it back.
      await d.uow.run(async () => {
        await nextSequenceAutonomous(d, 'mrn');
        throw new Error('roll back');
      }).catch(() => undefined);
      expect(await d.uow.run(() => nextSequenceAutonomous(d, 'mrn'))).toBe(4);
    }
  });
});
