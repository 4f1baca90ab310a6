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
