import type { Kysely } from 'kysely';

// Scheduling: the calendar's set-up and its appointments. Portable types only: instants are
// ISO-8601 UTC text (canonical `toISOString` form, so text order is time order), local dates
// YYYY-MM-DD, local times HH:MM, lists as JSON text.
//
// Double-booking is refused by the database, not by a read-then-write check: every appointment
// that occupies the calendar holds one `appointment_occupancy` row per 5-minute block, per
// resource (provider, room, patient), and a UNIQUE index on (resource_kind, resource_id,
// block_start, lane) lets only one transaction hold a block. Overlapping visits share at least
// one block, so they collide however they are timed and however many requests race. PostgreSQL
// alone could say this with an exclusion constraint over tstzrange (btree_gist), but SQLite has
// none and the project keeps one migration set for both dialects; a unique index behaves the same
// on both (PostgreSQL makes the second inserter wait for the first to commit, then refuses it).
// An authorised overbook takes an extra lane (1..N), so ordinary bookings (lane 0) still collide.
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('appointment_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('new_patient', 'integer')
    .addColumn('room_type', 'text')
    .addColumn('instructions', 'text')
    .addColumn('expected_codes', 'text', (c) => c.notNull())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('min_age_years', 'integer')
    .addColumn('max_age_years', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('room_type', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rooms_location_id_ix').on('rooms').columns(['location_id']).execute();

  await db.schema
    .createTable('working_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('allowed_type_ids', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('working_templates_provider_id_ix').on('working_templates').columns(['provider_id', 'weekday']).execute();
  await db.schema.createIndex('working_templates_location_id_ix').on('working_templates').columns(['location_id']).execute();

  await db.schema
    .createTable('schedule_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('location_id', 'text')
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedule_exceptions_start_at_ix').on('schedule_exceptions').columns(['start_at']).execute();
  await db.schema.createIndex('schedule_exceptions_provider_id_ix').on('schedule_exceptions').columns(['provider_id', 'start_at']).execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text')
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('override_kind', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('override_by', 'text')
    .addColumn('referral_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appointments_provider_id_start_at_ix').on('appointments').columns(['provider_id', 'start_at']).execute();
  await db.schema.createIndex('appointments_location_id_start_at_ix').on('appointments').columns(['location_id', 'start_at']).execute();
  await db.schema.createIndex('appointments_patient_id_start_at_ix').on('appointments').columns(['patient_id', 'start_at']).execute();
  await db.schema.createIndex('appointments_start_at_ix').on('appointments').columns(['start_at']).execute();

  await db.schema
    .createTable('appointment_occupancy')
    .addColumn('resource_kind', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('block_start', 'text', (c) => c.notNull())
    .addColumn('lane', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('appointment_id', 'text', (c) => c.notNull())
    .execute();
  // The guarantee itself (see above): one holder per resource, block and lane.
  await db.schema
    .createIndex('appointment_occupancy_resource_block_lane_uq')
    .on('appointment_occupancy')
    .columns(['resource_kind', 'resource_id', 'block_start', 'lane'])
    .unique()
    .execute();
  await db.schema.createIndex('appointment_occupancy_appointment_id_ix').on('appointment_occupancy').columns(['appointment_id']).execute();
};
