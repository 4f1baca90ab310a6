import type { Kysely } from 'kysely';

// Eligibility checks: one row per inquiry (or phone verification), written as `sending` before
// the inquiry goes out and completed with the answer. The raw 270 and 271 are kept encrypted
// (AES-256-GCM, the field key) beside the parsed snapshot. The trace number is unique: a resumed
// inquiry reuses its row and trace number, never a second one.
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('eligibility_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('coverage_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('payer_id', 'text', (c) => c.notNull())
    .addColumn('appointment_id', 'text')
    .addColumn('date_of_service', 'text', (c) => c.notNull())
    .addColumn('trace_number', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('reason', 'text')
    .addColumn('retry_after', 'text')
    .addColumn('manual', 'text')
    .addColumn('raw_270_enc', 'text')
    .addColumn('raw_271_enc', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eligibility_checks_trace_number_uq').on('eligibility_checks').columns(['trace_number']).unique().execute();
  await db.schema.createIndex('eligibility_checks_coverage_ix').on('eligibility_checks').columns(['coverage_id', 'requested_at']).execute();
  await db.schema.createIndex('eligibility_checks_patient_ix').on('eligibility_checks').columns(['patient_id', 'requested_at']).execute();
  await db.schema.createIndex('eligibility_checks_appointment_ix').on('eligibility_checks').columns(['appointment_id', 'requested_at']).execute();
  await db.schema.createIndex('eligibility_checks_state_ix').on('eligibility_checks').columns(['state']).execute();
};
