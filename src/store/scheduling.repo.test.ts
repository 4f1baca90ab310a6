import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { blocksOf, claimsOf, OccupancyTaken, type Appointment, type AppointmentRepo, type ScheduleSetupRepo } from '../core/scheduling/index.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { createAppointmentRepo, createScheduleSetupRepo } from './scheduling.repo.ts';

// The contract of the scheduling store, on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set.
let db: Db;
let repo: AppointmentRepo;
let setup: ScheduleSetupRepo;
beforeEach(async () => {
  db = await freshDb();
  repo = createAppointmentRepo(db);
  setup = createScheduleSetupRepo(db, () => '2026-03-10T15:00:00.000Z');
});
afterEach(async () => db.close());

let n = 0;
const visit = (over: Partial<Appointment> = {}): Appointment => ({
  id: `appt-${String(++n).padStart(4, '0')}`,
  patientId: `patient-${n}`,
  providerId: 'prov-1',
  locationId: 'loc-1',
  roomId: null,
  typeId: 'type-1',
  start: '2026-03-11T14:00:00.000Z',
  end: '2026-03-11T14:30:00.000Z',
  timeZone: 'America/New_York',
  status: 'booked',
  cancelReason: null,
  override: null,
  referralId: null,
  rebookedFromId: null,
  recallId: null,
  createdAt: '2026-03-10T15:00:00.000Z',
  updatedAt: '2026-03-10T15:00:00.000Z',
  version: 1,
  ...over,
});

/** Books in its own transaction, as the service does; a refusal rolls the whole visit back. */
const book = (a: Appointment, overbook = false): Promise<Appointment> => db.uow.run(async () => (await repo.insert(a, claimsOf(a, overbook)), a));
const refusal = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(OccupancyTaken);
  return (e as OccupancyTaken).resource;
};
const range = { from: '2026-03-11T00:00:00.000Z', to: '2026-03-12T00:00:00.000Z', limit: 100 };

describe('appointment store', () => {
  it('round-trips a visit with its override', async () => {
    const a = await book(visit({ roomId: 'room-1', override: { kind: 'rule_exception', reason: 'urgent follow-up', by: 'u-1' }, referralId: 'ref-1' }));
    expect(await repo.get(a.id)).toEqual(a);
    expect(await repo.get('nope')).toBeNull();
  });

  it('refuses an overlapping visit of the same provider and keeps nothing of it', async () => {
    await book(visit());
    const late = visit({ start: '2026-03-11T14:25:00.000Z', end: '2026-03-11T14:55:00.000Z' });
    expect(await refusal(book(late))).toBe('provider');
    expect(await repo.get(late.id)).toBeNull();
    expect((await repo.listRange(range)).map((a) => a.id)).toHaveLength(1);
  });

  it('lets back-to-back visits and other providers through', async () => {
    await book(visit());
    await book(visit({ start: '2026-03-11T14:30:00.000Z', end: '2026-03-11T15:00:00.000Z' }));
    await book(visit({ providerId: 'prov-2' }));
    expect(await repo.listRange(range)).toHaveLength(3);
  });

  it('holds a part-block: 14:02-14:07 collides with 14:05-14:10', async () => {
    await book(visit({ start: '2026-03-11T14:02:00.000Z', end: '2026-03-11T14:07:00.000Z' }));
    expect(await refusal(book(visit({ start: '2026-03-11T14:05:00.000Z', end: '2026-03-11T14:10:00.000Z' })))).toBe('provider');
  });

  it('refuses the same patient with two providers, and the same room for two providers', async () => {
    await book(visit({ patientId: 'pat-x', roomId: 'room-1' }));
    expect(await refusal(book(visit({ patientId: 'pat-x', providerId: 'prov-2' })))).toBe('patient');
    expect(await refusal(book(visit({ providerId: 'prov-3', roomId: 'room-1' })))).toBe('room');
  });

  it('gives overbooks the lowest free extra lane; ordinary visits still collide', async () => {
    const first = await book(visit());
    const ob1 = await book(visit({ override: { kind: 'overbook', reason: 'work-in', by: 'u' } }), true);
    const ob2 = await book(visit({ start: '2026-03-11T14:10:00.000Z', end: '2026-03-11T14:20:00.000Z' }), true);
    expect(await refusal(book(visit()))).toBe('provider');
    const lanes = await db.kysely.selectFrom('appointment_occupancy').select(['appointment_id', 'lane']).where('resource_kind', '=', 'provider').distinct().execute();
    const laneOf = (id: string): number[] => [...new Set(lanes.filter((l) => l.appointment_id === id).map((l) => Number(l.lane)))];
    expect([laneOf(first.id), laneOf(ob1.id), laneOf(ob2.id)]).toEqual([[0], [1], [2]]);
    // The patient is never overbooked: each visit holds its own patient in lane 0.
    const patientLanes = await db.kysely.selectFrom('appointment_occupancy').select('lane').where('resource_kind', '=', 'patient').distinct().execute();
    expect(patientLanes.map((l) => Number(l.lane))).toEqual([0]);
  });

  it('frees the time on release and names the occupant', async () => {
    const a = await book(visit());
    expect(await repo.occupant('provider', 'prov-1', '2026-03-11T14:20:00.000Z', '2026-03-11T14:40:00.000Z')).toBe(a.id);
    expect(await repo.occupant('patient', a.patientId, a.start, a.end)).toBe(a.id);
    await db.uow.run(() => repo.release(a.id));
    expect(await repo.occupant('provider', 'prov-1', a.start, a.end)).toBeNull();
    await book(visit());
  });

  it('updates only from the expected version', async () => {
    const a = await book(visit());
    expect(await repo.update({ ...a, status: 'cancelled', cancelReason: 'patient ill', version: 2 }, 1)).toBe(true);
    expect(await repo.update({ ...a, status: 'no_show', version: 2 }, 1)).toBe(false);
    expect(await repo.get(a.id)).toMatchObject({ status: 'cancelled', cancelReason: 'patient ill', version: 2 });
  });

  it('lists a range by overlap, provider, location and status', async () => {
    const early = await book(visit({ start: '2026-03-10T23:45:00.000Z', end: '2026-03-11T00:15:00.000Z' }));
    const other = await book(visit({ providerId: 'prov-2', locationId: 'loc-2' }));
    const gone = await book(visit({ start: '2026-03-11T16:00:00.000Z', end: '2026-03-11T16:30:00.000Z' }));
    await book(visit({ start: '2026-03-12T00:00:00.000Z', end: '2026-03-12T00:30:00.000Z' }));
    await repo.update({ ...gone, status: 'cancelled', version: 2 }, 1);
    expect((await repo.listRange(range)).map((a) => a.id)).toEqual([early.id, other.id]);
    expect((await repo.listRange({ ...range, includeCancelled: true })).map((a) => a.id)).toEqual([early.id, other.id, gone.id]);
    expect((await repo.listRange({ ...range, providerIds: ['prov-2'] })).map((a) => a.id)).toEqual([other.id]);
    expect((await repo.listRange({ ...range, locationId: 'loc-1' })).map((a) => a.id)).toEqual([early.id]);
    expect((await repo.listRange({ ...range, patientId: other.patientId })).map((a) => a.id)).toEqual([other.id]);
  });

  it('the unique index itself refuses a second holder of a block, whatever code writes it', async () => {
    const row = { resource_kind: 'provider', resource_id: 'prov-9', block_start: blocksOf('2026-03-11T14:00:00.000Z', '2026-03-11T14:05:00.000Z')[0]!, lane: 0, appointment_id: 'a1' };
    await db.kysely.insertInto('appointment_occupancy').values(row).execute();
    const e = await db.kysely.insertInto('appointment_occupancy').values({ ...row, appointment_id: 'a2' }).execute().then(() => null, (err: unknown) => err);
    expect(isUniqueViolation(e)).toBe(true);
    await db.kysely.insertInto('appointment_occupancy').values({ ...row, appointment_id: 'a3', lane: 1 }).execute();
  });
});

describe('schedule set-up store', () => {
  it('round-trips types, rooms, templates and exceptions', async () => {
    const type = { id: 't1', name: 'New patient visit', durationMinutes: 40, newPatient: true, roomType: 'exam', instructions: 'Arrive 15 minutes early', expectedCodes: ['99204'], colour: '#336699', minAgeYears: 18, maxAgeYears: null };
    await setup.insertType(type);
    await setup.insertType({ ...type, id: 't2', name: 'Follow-up', newPatient: null, roomType: null, instructions: null, expectedCodes: [], minAgeYears: null });
    expect(await setup.getType('t1')).toEqual(type);
    expect((await setup.listTypes()).map((t) => t.name)).toEqual(['Follow-up', 'New patient visit']);

    await setup.insertRoom({ id: 'r1', locationId: 'loc-1', name: 'Exam 1', roomType: 'exam' });
    await setup.insertRoom({ id: 'r2', locationId: 'loc-2', name: 'Procedure', roomType: 'procedure' });
    expect(await setup.listRooms('loc-2')).toEqual([{ id: 'r2', locationId: 'loc-2', name: 'Procedure', roomType: 'procedure' }]);
    expect(await setup.getRoom('r1')).toMatchObject({ name: 'Exam 1' });

    const tpl = { id: 'w1', providerId: 'prov-1', locationId: 'loc-1', weekday: 2, start: '08:00', end: '12:00', effectiveFrom: '2026-03-01', effectiveTo: null, allowedTypeIds: ['t1'] };
    await setup.insertTemplate(tpl);
    await setup.insertTemplate({ ...tpl, id: 'w2', providerId: 'prov-2', allowedTypeIds: null, effectiveTo: '2026-03-31' });
    expect(await setup.listTemplates({ providerId: 'prov-1' })).toEqual([tpl]);
    expect(await setup.listTemplates({ locationId: 'loc-1' })).toHaveLength(2);

    await setup.insertException({ id: 'x1', kind: 'holiday', providerId: null, locationId: null, start: '2026-05-25T04:00:00.000Z', end: '2026-05-26T04:00:00.000Z', reason: 'Memorial Day' });
    await setup.insertException({ id: 'x2', kind: 'time_off', providerId: 'prov-2', locationId: null, start: '2026-05-20T12:00:00.000Z', end: '2026-05-27T12:00:00.000Z', reason: 'Leave' });
    const may = { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' };
    expect((await setup.listExceptions({ ...may, providerId: 'prov-1' })).map((x) => x.id)).toEqual(['x1']);
    expect((await setup.listExceptions({ ...may, providerId: 'prov-2' })).map((x) => x.id)).toEqual(['x2', 'x1']);
    expect(await setup.listExceptions({ from: '2026-05-27T12:00:00.000Z', to: '2026-06-01T00:00:00.000Z' })).toEqual([]);
  });

  it('looks up what booking joins: location zone, provider locations, patient status', async () => {
    expect(await setup.location('nope')).toBeNull();
    expect(await setup.provider('nope')).toBeNull();
    expect(await setup.patientStatus('nope')).toBeNull();
    await db.kysely.insertInto('locations').values({ id: 'loc-1', name: 'Main', address: '{}', time_zone: 'America/Chicago', phone: null, place_of_service: '11', created_at: 'x' }).execute();
    expect(await setup.location('loc-1')).toEqual({ id: 'loc-1', timeZone: 'America/Chicago' });
  });
});
