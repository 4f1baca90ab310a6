import type { Kysely } from 'kysely';

// One migration set for SQLite and PostgreSQL: only portable column types (text, integer, bigint).
type Db = Kysely<unknown>;

const idx = async (db: Db, table: string, cols: string[], unique = false): Promise<void> => {
  let b = db.schema.createIndex(`${table}_${cols.join('_')}_${unique ? 'uq' : 'ix'}`).on(table).columns(cols);
  if (unique) b = b.unique();
  await b.execute();
};

export const up = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('emergency_access', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mfa_secret_enc', 'text')
    .addColumn('mfa_pending_secret_enc', 'text')
    .addColumn('mfa_enrolled_at', 'text')
    .addColumn('mfa_last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('source_ip', 'text')
    .execute();
  await idx(db, 'sessions', ['user_id']);

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .execute();
  await idx(db, 'login_attempts', ['username', 'at']);
  await idx(db, 'login_attempts', ['source_ip', 'at']);

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('break_glass_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .execute();
  await idx(db, 'break_glass_grants', ['user_id', 'ends_at']);

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .addColumn('break_glass', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
  await idx(db, 'audit_log', ['at']);
  await idx(db, 'audit_log', ['patient_id', 'seq']);
  await idx(db, 'audit_log', ['user_id', 'seq']);
  await idx(db, 'audit_log', ['action', 'seq']);

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
  // The chain starts at sequence 0 with an all-zero mac (GENESIS_MAC in core/audit).
  await db.insertInto('audit_head' as never).values({ id: 1, seq: 0, mac: '0'.repeat(64) } as never).execute();

  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('disclosed_on', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await idx(db, 'disclosures', ['patient_id', 'disclosed_on']);

  await createPatientTables(db);
  await createReferenceTables(db);

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal_id', 'key'])
    .execute();

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
};

const createPatientTables = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('patients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mrn', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('suffix', 'text')
    .addColumn('preferred_name', 'text')
    .addColumn('family_norm', 'text', (c) => c.notNull())
    .addColumn('given_norm', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('gender_identity', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('primary_phone_digits', 'text')
    .addColumn('email', 'text')
    .addColumn('language', 'text')
    .addColumn('contact_preferences', 'text', (c) => c.notNull())
    .addColumn('ssn_enc', 'text')
    .addColumn('ssn_last4', 'text')
    .addColumn('ssn_index', 'text')
    .addColumn('guarantor', 'text')
    .addColumn('referring_physician', 'text')
    .addColumn('chronic_conditions', 'text', (c) => c.notNull())
    .addColumn('allergies', 'text', (c) => c.notNull())
    .addColumn('care_team', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await idx(db, 'patients', ['family_norm', 'given_norm', 'id']);
  await idx(db, 'patients', ['birth_date']);
  await idx(db, 'patients', ['ssn_index']);

  await db.schema
    .createTable('patient_search_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patient_search_keys_pk', ['key', 'patient_id'])
    .execute();
  await idx(db, 'patient_search_keys', ['patient_id']);

  await db.schema
    .createTable('patient_phones')
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('digits', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patient_phones_pk', ['digits', 'patient_id'])
    .execute();
  await idx(db, 'patient_phones', ['patient_id']);

  await db.schema
    .createTable('patient_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute();
  await idx(db, 'patient_history', ['patient_id', 'version']);

  await db.schema
    .createTable('coverages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('payer_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_id_norm', 'text', (c) => c.notNull())
    .addColumn('group_number', 'text')
    .addColumn('plan_name', 'text')
    .addColumn('plan_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('subscriber_patient_id', 'text')
    .addColumn('subscriber', 'text')
    .addColumn('effective_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await idx(db, 'coverages', ['patient_id', 'priority']);
  await idx(db, 'coverages', ['member_id_norm']);
  await idx(db, 'coverages', ['end_date']);

  await db.schema
    .createTable('duplicate_suspects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await idx(db, 'duplicate_suspects', ['patient_id', 'candidate_id'], true);
  await idx(db, 'duplicate_suspects', ['status']);
};

const createReferenceTables = async (db: Db): Promise<void> => {
  await db.schema
    .createTable('payers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payer_code', 'text', (c) => c.notNull().unique())
    .addColumn('plan_types', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('place_of_service', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('npi', 'text', (c) => c.notNull().unique())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('credentials', 'text')
    .addColumn('taxonomy_code', 'text', (c) => c.notNull())
    .addColumn('specialty', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('location_ids', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('practice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('npi', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .execute();
};
