import type { Kysely } from 'kysely';

// Scheduling, second part: the group's guideline rule sets (versioned, one row per version),
// referrals waiting to be booked, recalls, the waitlist, outreach attempts, and the link from a
// rebooked visit to the one it replaces. Portable types only; lists and rules as JSON text.
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('guideline_rule_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Two admins saving the same scope at once: one of them gets the version, the other a conflict.
  await db.schema.createIndex('guideline_rule_sets_scope_version_uq').on('guideline_rule_sets').columns(['scope_key', 'version']).unique().execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('referring_name', 'text', (c) => c.notNull())
    .addColumn('referring_npi', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('authorization_number', 'text')
    .addColumn('visit_limit', 'integer')
    .addColumn('expires_on', 'text')
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('close_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referrals_status_ix').on('referrals').columns(['status', 'received_on']).execute();
  await db.schema.createIndex('referrals_patient_id_ix').on('referrals').columns(['patient_id']).execute();

  await db.schema
    .createTable('recalls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('location_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('appointment_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recalls_status_due_on_ix').on('recalls').columns(['status', 'due_on']).execute();
  await db.schema.createIndex('recalls_patient_id_ix').on('recalls').columns(['patient_id']).execute();

  await db.schema
    .createTable('waitlist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('earliest_on', 'text', (c) => c.notNull())
    .addColumn('latest_on', 'text', (c) => c.notNull())
    .addColumn('current_appointment_id', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('appointment_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('waitlist_entries_status_ix').on('waitlist_entries').columns(['status', 'earliest_on']).execute();

  await db.schema
    .createTable('outreach_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('by_user', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outreach_attempts_subject_ix').on('outreach_attempts').columns(['subject_kind', 'subject_id', 'at']).execute();

  await db.schema.alterTable('appointments').addColumn('rebooked_from_id', 'text').execute();
  await db.schema.alterTable('appointments').addColumn('recall_id', 'text').execute();
  await db.schema.createIndex('appointments_rebooked_from_id_ix').on('appointments').columns(['rebooked_from_id']).execute();
  await db.schema.createIndex('appointments_status_start_at_ix').on('appointments').columns(['status', 'start_at']).execute();
  await db.schema.createIndex('appointments_referral_id_ix').on('appointments').columns(['referral_id']).execute();
};
