import { sql, SqliteAdapter, type Kysely } from 'kysely';

/** How many recent changes the log keeps; a reader further behind than this starts afresh. */
export const PATIENT_CHANGES_KEPT = 10_000;

// The change log behind the patient read cache (store/patient-cache.ts): every insert, update or
// delete of a patient or a coverage appends the patient's id, in commit order. A process reads
// the entries after the last one it saw before answering from its cache, so a change made by any
// connection or process (the CLI included) is never answered stale.
//
// SQLite only: its writers are serialised, so sequence order is commit order. On PostgreSQL two
// transactions may commit their sequence values out of order, so there is no cache and no
// triggers there; the (empty) table exists on both to keep one schema.
export const up = async (db: Kysely<unknown>): Promise<void> => {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('patient_changes')
    .addColumn('seq', sqlite ? 'integer' : 'bigserial', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .execute();
  if (!sqlite) return;
  const log = (table: string, event: string, id: string): string =>
    `create trigger ${table}_${event}_changes after ${event} on ${table} begin insert into patient_changes (patient_id) values (${id}); end`;
  for (const stmt of [
    log('patients', 'insert', 'new.id'),
    log('patients', 'update', 'new.id'),
    log('patients', 'delete', 'old.id'),
    log('coverages', 'insert', 'new.patient_id'),
    // A coverage moved to another patient (a merge) changes both.
    `create trigger coverages_update_changes after update on coverages begin insert into patient_changes (patient_id) values (old.patient_id); insert into patient_changes (patient_id) select new.patient_id where new.patient_id <> old.patient_id; end`,
    log('coverages', 'delete', 'old.patient_id'),
    `create trigger patient_changes_prune after insert on patient_changes begin delete from patient_changes where seq <= new.seq - ${PATIENT_CHANGES_KEPT}; end`,
  ]) await sql.raw(stmt).execute(db);
};
