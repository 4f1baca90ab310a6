import type { Selectable } from 'kysely';
import { blocksOf, OccupancyTaken, type Appointment, type AppointmentRepo, type AppointmentType, type OccupancyClaim, type Room, type ScheduleException, type ScheduleSetupRepo, type WorkingTemplate } from '../core/scheduling/index.ts';
import { isUniqueViolation, RetryableConflict, type Db } from './db.ts';
import type { AppointmentsTable, AppointmentTypesTable, WorkingTemplatesTable } from './schema.ts';

/** No visit is longer than a day: the lower bound that lets a range query use the start index. */
const LONGEST_VISIT_MS = 86_400_000;

const toRow = (a: Appointment): AppointmentsTable => ({
  id: a.id,
  patient_id: a.patientId,
  provider_id: a.providerId,
  location_id: a.locationId,
  room_id: a.roomId,
  type_id: a.typeId,
  start_at: a.start,
  end_at: a.end,
  time_zone: a.timeZone,
  status: a.status,
  cancel_reason: a.cancelReason,
  override_kind: a.override?.kind ?? null,
  override_reason: a.override?.reason ?? null,
  override_by: a.override?.by ?? null,
  referral_id: a.referralId,
  rebooked_from_id: a.rebookedFromId,
  recall_id: a.recallId,
  version: a.version,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});

export const appointmentFromRow = (r: Selectable<AppointmentsTable>): Appointment => ({
  id: r.id,
  patientId: r.patient_id,
  providerId: r.provider_id,
  locationId: r.location_id,
  roomId: r.room_id,
  typeId: r.type_id,
  start: r.start_at,
  end: r.end_at,
  timeZone: r.time_zone,
  status: r.status as Appointment['status'],
  cancelReason: r.cancel_reason,
  override: r.override_kind ? { kind: r.override_kind as 'overbook' | 'rule_exception', reason: r.override_reason ?? '', by: r.override_by ?? '' } : null,
  referralId: r.referral_id,
  rebookedFromId: r.rebooked_from_id,
  recallId: r.recall_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

/** Appointments and their occupancy blocks on Kysely; the unique index on occupancy is the double-booking guard. */
export const createAppointmentRepo = (db: Db): AppointmentRepo => {
  /** The lowest extra lane (1..N) free in every block of the span, for an authorised overbook. */
  const freeLane = async (c: OccupancyClaim, blocks: string[]): Promise<number> => {
    const rows = await db.q().selectFrom('appointment_occupancy').select('lane').distinct()
      .where('resource_kind', '=', c.kind).where('resource_id', '=', c.resourceId).where('block_start', 'in', blocks).where('lane', '>=', 1).execute();
    const taken = new Set(rows.map((r) => Number(r.lane)));
    let lane = 1;
    while (taken.has(lane)) lane++;
    return lane;
  };

  const occupy = async (a: Appointment, claims: OccupancyClaim[]): Promise<void> => {
    const blocks = blocksOf(a.start, a.end);
    // Provider, room, patient in that order and blocks ascending: every transaction takes the
    // index entries in the same order, so concurrent bookings wait on each other rather than deadlock.
    for (const c of claims) {
      const lane = c.overbook ? await freeLane(c, blocks) : 0;
      try {
        await db.q().insertInto('appointment_occupancy')
          .values(blocks.map((b) => ({ resource_kind: c.kind, resource_id: c.resourceId, block_start: b, lane, appointment_id: a.id })))
          .execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // An extra lane taken by a concurrent overbook (PostgreSQL): rerun the unit, which picks the next lane.
        if (c.overbook) throw new RetryableConflict(`overbook lane of ${c.kind} ${c.resourceId}`);
        throw new OccupancyTaken(c.kind, c.resourceId);
      }
    }
  };

  return {
    async insert(a, claims) {
      await db.q().insertInto('appointments').values(toRow(a)).execute();
      await occupy(a, claims);
    },
    async get(id) {
      const r = await db.read().selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? appointmentFromRow(r) : null;
    },
    async update(a, expectedVersion) {
      const { id: _id, created_at: _c, ...row } = toRow(a);
      const r = await db.q().updateTable('appointments').set(row).where('id', '=', a.id).where('version', '=', expectedVersion).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    occupy,
    async release(appointmentId) {
      await db.q().deleteFrom('appointment_occupancy').where('appointment_id', '=', appointmentId).execute();
    },
    async occupant(resource, resourceId, start, end) {
      const r = await db.read().selectFrom('appointment_occupancy').select('appointment_id')
        .where('resource_kind', '=', resource).where('resource_id', '=', resourceId).where('block_start', 'in', blocksOf(start, end)).where('lane', '=', 0)
        .orderBy('block_start').limit(1).executeTakeFirst();
      return r?.appointment_id ?? null;
    },
    async listRange(q) {
      const lowest = new Date(Date.parse(q.from) - LONGEST_VISIT_MS).toISOString();
      let s = db.read().selectFrom('appointments').selectAll().where('start_at', '<', q.to).where('start_at', '>', lowest).where('end_at', '>', q.from);
      if (q.providerIds) s = s.where('provider_id', 'in', q.providerIds);
      if (q.locationId) s = s.where('location_id', '=', q.locationId);
      if (q.patientId) s = s.where('patient_id', '=', q.patientId);
      if (!q.includeCancelled) s = s.where('status', '<>', 'cancelled');
      return (await s.orderBy('start_at').orderBy('id').limit(q.limit).execute()).map(appointmentFromRow);
    },
  };
};

const typeFromRow = (r: Selectable<AppointmentTypesTable>): AppointmentType => ({
  id: r.id,
  name: r.name,
  durationMinutes: Number(r.duration_minutes),
  newPatient: r.new_patient === null ? null : Number(r.new_patient) === 1,
  roomType: r.room_type,
  instructions: r.instructions,
  expectedCodes: JSON.parse(r.expected_codes),
  colour: r.colour,
  minAgeYears: r.min_age_years === null ? null : Number(r.min_age_years),
  maxAgeYears: r.max_age_years === null ? null : Number(r.max_age_years),
});

const templateFromRow = (r: Selectable<WorkingTemplatesTable>): WorkingTemplate => ({
  id: r.id,
  providerId: r.provider_id,
  locationId: r.location_id,
  weekday: Number(r.weekday),
  start: r.start_time,
  end: r.end_time,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  allowedTypeIds: r.allowed_type_ids === null ? null : JSON.parse(r.allowed_type_ids),
});

/** Appointment types, rooms, weekly templates, exceptions, and the lookups booking needs. */
export const createScheduleSetupRepo = (db: Db, now: () => string): ScheduleSetupRepo => ({
  async location(id) {
    const r = await db.read().selectFrom('locations').select(['id', 'time_zone']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, timeZone: r.time_zone } : null;
  },
  async provider(id) {
    const r = await db.read().selectFrom('providers').select(['id', 'location_ids', 'active']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, locationIds: JSON.parse(r.location_ids), active: Number(r.active) === 1 } : null;
  },
  async patientStatus(id) {
    const r = await db.read().selectFrom('patients').select('status').where('id', '=', id).executeTakeFirst();
    return r?.status ?? null;
  },
  async listTypes() {
    return (await db.read().selectFrom('appointment_types').selectAll().where('active', '=', 1).orderBy('name').execute()).map(typeFromRow);
  },
  async getType(id) {
    const r = await db.read().selectFrom('appointment_types').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? typeFromRow(r) : null;
  },
  async insertType(t) {
    await db.q().insertInto('appointment_types').values({
      id: t.id, name: t.name, duration_minutes: t.durationMinutes, new_patient: t.newPatient === null ? null : t.newPatient ? 1 : 0, room_type: t.roomType, instructions: t.instructions,
      expected_codes: JSON.stringify(t.expectedCodes), colour: t.colour, min_age_years: t.minAgeYears, max_age_years: t.maxAgeYears, created_at: now(),
    }).execute();
  },
  async listRooms(locationId) {
    let s = db.read().selectFrom('rooms').select(['id', 'location_id', 'name', 'room_type']).where('active', '=', 1);
    if (locationId) s = s.where('location_id', '=', locationId);
    return (await s.orderBy('name').orderBy('id').execute()).map((r): Room => ({ id: r.id, locationId: r.location_id, name: r.name, roomType: r.room_type }));
  },
  async getRoom(id) {
    const r = await db.read().selectFrom('rooms').select(['id', 'location_id', 'name', 'room_type']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, locationId: r.location_id, name: r.name, roomType: r.room_type } : null;
  },
  async insertRoom(r) {
    await db.q().insertInto('rooms').values({ id: r.id, location_id: r.locationId, name: r.name, room_type: r.roomType, created_at: now() }).execute();
  },
  async listTemplates(q) {
    let s = db.read().selectFrom('working_templates').selectAll();
    if (q.providerId) s = s.where('provider_id', '=', q.providerId);
    if (q.locationId) s = s.where('location_id', '=', q.locationId);
    return (await s.orderBy('provider_id').orderBy('weekday').orderBy('start_time').orderBy('id').execute()).map(templateFromRow);
  },
  async insertTemplate(t) {
    await db.q().insertInto('working_templates').values({
      id: t.id, provider_id: t.providerId, location_id: t.locationId, weekday: t.weekday, start_time: t.start, end_time: t.end, effective_from: t.effectiveFrom, effective_to: t.effectiveTo,
      allowed_type_ids: t.allowedTypeIds === null ? null : JSON.stringify(t.allowedTypeIds), created_at: now(),
    }).execute();
  },
  async listExceptions(q) {
    let s = db.read().selectFrom('schedule_exceptions').selectAll().where('start_at', '<', q.to).where('end_at', '>', q.from);
    // A holiday (no provider) applies to every provider; a location-less exception to every location.
    if (q.providerId) s = s.where((eb) => eb.or([eb('provider_id', '=', q.providerId!), eb('provider_id', 'is', null)]));
    if (q.locationId) s = s.where((eb) => eb.or([eb('location_id', '=', q.locationId!), eb('location_id', 'is', null)]));
    return (await s.orderBy('start_at').orderBy('id').execute()).map((r): ScheduleException => ({
      id: r.id, kind: r.kind as ScheduleException['kind'], providerId: r.provider_id, locationId: r.location_id, start: r.start_at, end: r.end_at, reason: r.reason,
    }));
  },
  async insertException(e) {
    await db.q().insertInto('schedule_exceptions').values({ id: e.id, kind: e.kind, provider_id: e.providerId, location_id: e.locationId, start_at: e.start, end_at: e.end, reason: e.reason, created_at: now() }).execute();
  },
});
