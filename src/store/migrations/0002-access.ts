import { sql, type Kysely } from 'kysely';

// Sign-in throttling must tell a failed attempt from a throttled one (which must not extend a
// lock) and from a password accepted pending MFA (which must not reset the failure count).
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .alterTable('login_attempts')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('failure'))
    .execute();
  await sql`update login_attempts set outcome = 'success' where ok = 1`.execute(db);
};
