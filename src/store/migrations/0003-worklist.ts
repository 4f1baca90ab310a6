import type { Kysely } from 'kysely';

// The worklist: one row per cause, unique on (kind, source_key) so that re-running a generator
// updates rather than duplicates. Portable types only; instants are ISO-8601 UTC text.
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('work_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snoozed_until', 'text')
    .addColumn('snooze_reason', 'text')
    .addColumn('link_kind', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('link_related_id', 'text')
    .addColumn('completed_by', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('completion_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_items_kind_source_key_uq').on('work_items').columns(['kind', 'source_key']).unique().execute();
  await db.schema.createIndex('work_items_status_due_ix').on('work_items').columns(['status', 'due']).execute();
  await db.schema.createIndex('work_items_owner_id_status_ix').on('work_items').columns(['owner_id', 'status']).execute();
  await db.schema.createIndex('work_items_team_status_ix').on('work_items').columns(['team', 'status']).execute();
  await db.schema.createIndex('work_items_patient_id_ix').on('work_items').columns(['patient_id']).execute();
};
