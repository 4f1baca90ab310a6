import { sql } from 'kysely';
import { isUniqueViolation, RetryableConflict, type Db } from './db.ts';

/**
 * Allocates the next value of a named counter inside the current transaction (MRNs, and later
 * X12 control numbers). The row update takes the row lock on PostgreSQL; SQLite writers are serialised.
 */
export const nextSequence = async (db: Db, name: string): Promise<number> =>
  db.uow.run(async () => {
    const row = await db.q().updateTable('sequences').set({ value: sql`value + 1` }).where('name', '=', name).returning('value').executeTakeFirst();
    if (row) return Number(row.value);
    try {
      await db.q().insertInto('sequences').values({ name, value: 1 }).execute();
    } catch (e) {
      // Two first allocations raced; the unit of work retries and takes the update path.
      if (isUniqueViolation(e)) throw new RetryableConflict(`sequence ${name}`);
      throw e;
    }
    return 1;
  });

/**
 * Allocates the next value of a counter for a caller inside a transaction without holding the
 * counter's row lock until that transaction ends: on PostgreSQL in a statement of its own that
 * commits at once (a value taken by a transaction that then rolls back is skipped, as with a
 * PostgreSQL sequence), so concurrent registrations do not queue behind each other; on SQLite,
 * whose writers are serialised anyway, inside the current transaction.
 */
export const nextSequenceAutonomous = async (db: Db, name: string): Promise<number> => {
  const side = db.autonomous();
  if (!side) return nextSequence(db, name);
  const r = await sql<{ value: number }>`insert into sequences (name, value) values (${name}, 1) on conflict (name) do update set value = sequences.value + 1 returning value`.execute(side);
  return Number(r.rows[0]!.value);
};
