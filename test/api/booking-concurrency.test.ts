import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/core/access/index.ts';
import { PatientInputSchema } from '../../src/core/patients/index.ts';
import type { Appointment } from '../../src/core/scheduling/index.ts';
import { startHarness, type Harness } from '../harness.ts';

// Acceptance: the database makes double-booking impossible, on SQLite and on PostgreSQL
// (run under scripts/with-postgres.sh). Times are far in the future so no lead-time rule interferes.
let h: Harness;
let locationId: string;
let providerA: string;
let providerB: string;
let typeId: string;
let roomId: string;
const patients: string[] = [];

const DAY = '2031-03-11';
const at = (hhmm: string): string => `${DAY}T${hhmm}:00.000Z`;

beforeAll(async () => {
  h = await startHarness();
  const providers = await h.container.repos.reference.listProviders();
  const withLocation = providers.filter((p) => p.locationIds.length > 0);
  locationId = withLocation[0]!.locationIds[0]!;
  const here = withLocation.filter((p) => p.locationIds.includes(locationId));
  [providerA, providerB] = [here[0]!.id, here[1]!.id];
  const sys = systemPrincipal('test');
  for (let i = 0; i < 210; i++) {
    const input = PatientInputSchema.parse({ familyName: `Slotson${i}`, givenName: `Pat${i}`, birthDate: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'female' : 'male', acknowledgeDuplicates: true });
    patients.push((await h.container.services.patients.create(sys, input)).patient.id);
  }
  const type = await h.app.inject({ method: 'POST', url: '/api/scheduling/appointment-types', headers: h.as('admin'), payload: { name: 'Follow-up', durationMinutes: 30 } });
  expect(type.statusCode).toBe(201);
  typeId = type.json().id;
  const room = await h.app.inject({ method: 'POST', url: '/api/scheduling/rooms', headers: h.as('admin'), payload: { locationId, name: 'Procedure 1', roomType: 'procedure' } });
  expect(room.statusCode).toBe(201);
  roomId = room.json().id;
  // Both providers work that whole day (the guidelines refuse a time outside working hours).
  const weekday = new Date(`${DAY}T12:00:00Z`).getUTCDay();
  for (const providerId of [providerA, providerB]) {
    const t = await h.app.inject({ method: 'POST', url: '/api/scheduling/templates', headers: h.as('admin'), payload: { providerId, locationId, weekday, start: '05:00', end: '23:00', effectiveFrom: '2031-01-01' } });
    expect(t.statusCode).toBe(201);
  }
}, 120_000);
afterAll(async () => h?.close());

const book = (role: 'front_desk' | 'back_office', over: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/api/appointments', headers: { ...h.as(role), ...headers }, payload: { providerId: providerA, locationId, typeId, start: at('14:00'), ...over } });

const calendar = async (): Promise<Appointment[]> => {
  const r = await h.app.inject({ method: 'POST', url: '/api/appointments/search', headers: h.as('front_desk'), payload: { from: `${DAY}T00:00:00Z`, to: `${DAY}T23:59:59Z` } });
  expect(r.statusCode).toBe(200);
  return r.json().appointments;
};

describe('booking never double-books', () => {
  let winner: Appointment;

  it('200 simultaneous requests for one slot: exactly one success and 199 conflicts', async () => {
    const all = await Promise.all(patients.slice(0, 200).map((patientId) => book('front_desk', { patientId })));
    const codes = all.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(199);
    winner = all.find((r) => r.statusCode === 201)!.json();
    expect(winner).toMatchObject({ providerId: providerA, start: at('14:00'), end: at('14:30'), status: 'booked', version: 1 });
    for (const refused of all.filter((r) => r.statusCode === 409).map((r) => r.json().error)) {
      expect(refused.message).toMatch(/^The provider is already booked at this time/);
      expect(refused.details).toMatchObject({ resource: 'provider', appointmentId: winner.id });
    }
    expect(await calendar()).toHaveLength(1);
  }, 120_000);

  it('overlapping (not identical) times conflict; back-to-back does not', async () => {
    const overlap = await book('front_desk', { patientId: patients[200], start: at('14:25') });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.details.resource).toBe('provider');
    const before = await book('front_desk', { patientId: patients[200], start: at('13:35') });
    expect(before.statusCode).toBe(409);
    const next = await book('front_desk', { patientId: patients[200], start: at('14:30') });
    expect(next.statusCode).toBe(201);
  });

  it('the same patient with two providers at once conflicts, naming the patient without patient data', async () => {
    const r = await book('front_desk', { patientId: winner.patientId, providerId: providerB, start: at('14:10') });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'conflict', details: { resource: 'patient', appointmentId: winner.id } });
    expect(r.json().error.message).toMatch(/^The patient already has a visit at this time/);
    expect(JSON.stringify(r.json())).not.toMatch(/Slotson|Pat\d/);
  });

  it('a room conflicts across providers', async () => {
    const first = await book('front_desk', { patientId: patients[201], providerId: providerB, start: at('15:00'), roomId });
    expect(first.statusCode).toBe(201);
    const second = await book('front_desk', { patientId: patients[202], start: at('15:15'), roomId });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details).toMatchObject({ resource: 'room', appointmentId: first.json().id });
  });

  it('an authorised overbook with a reason succeeds and is audited; ordinary bookings still conflict', async () => {
    const override = { kind: 'overbook', reason: 'Urgent work-in approved by Dr. A' };
    expect((await book('front_desk', { patientId: patients[203], override })).statusCode).toBe(403);
    const noReason = await book('back_office', { patientId: patients[203], override: { kind: 'overbook' } });
    expect(noReason.statusCode).toBe(400);
    const ob = await book('back_office', { patientId: patients[203], override });
    expect(ob.statusCode).toBe(201);
    expect(ob.json().override).toMatchObject({ kind: 'overbook', reason: override.reason });
    expect((await book('front_desk', { patientId: patients[204] })).statusCode).toBe(409);
    await h.container.flushAudit();
    const { entries } = await h.container.services.audit.report(systemPrincipal('t'), { action: 'appointment.book', outcome: 'success', sort: 'seq', order: 'asc', limit: 100, offset: 0 });
    const entry = entries.find((e) => e.patientId === patients[203]);
    expect(entry).toMatchObject({ username: 'back_office', category: 'scheduling' });
    expect(JSON.parse(entry!.detail)).toMatchObject({ appointmentId: ob.json().id, override: 'overbook', reason: override.reason });
  });

  it('afterwards the calendar holds exactly what it should, and the store no trace of the refusals', async () => {
    const cal = await calendar();
    const summary = cal.map((a) => `${a.providerId === providerA ? 'A' : 'B'} ${a.start.slice(11, 16)}-${a.end.slice(11, 16)}${a.roomId ? ' room' : ''}${a.override ? ' overbook' : ''}`).sort();
    expect(summary).toEqual(['A 14:00-14:30', 'A 14:00-14:30 overbook', 'A 14:30-15:00', 'B 15:00-15:30 room']);
    const rows = await h.container.db.kysely.selectFrom('appointments').select('id').execute();
    expect(rows).toHaveLength(4);
    const holders = await h.container.db.kysely.selectFrom('appointment_occupancy').select('appointment_id').distinct().execute();
    expect(holders.map((r) => r.appointment_id).sort()).toEqual(cal.map((a) => a.id).sort());
    const refusals = await h.container.services.audit.report(systemPrincipal('t'), { action: 'appointment.book', outcome: 'failure', sort: 'seq', order: 'asc', limit: 1, offset: 0 });
    expect(refusals.total).toBeGreaterThanOrEqual(199 + 5);
  });
});

describe('the visit lifecycle', () => {
  it('books idempotently: concurrent retries with one key make one visit', async () => {
    const headers = { 'idempotency-key': 'book-visit-0001' };
    const all = await Promise.all(Array.from({ length: 10 }, () => book('front_desk', { patientId: patients[205], start: at('17:00') }, headers)));
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(all.map((r) => r.json().id)).size).toBe(1);
    const other = await book('front_desk', { patientId: patients[206], start: at('17:00') }, headers);
    expect(other.statusCode).toBe(409);
  });

  it('reschedules with the version read, cancels to free the time, and refuses invalid transitions', async () => {
    const a = (await book('front_desk', { patientId: patients[207], start: at('18:00') })).json();
    const post = (path: string, payload?: unknown) => h.app.inject({ method: 'POST', url: `/api/appointments/${a.id}/${path}`, headers: h.as('front_desk'), payload: payload ?? {} });
    expect((await post('reschedule', { start: at('14:00'), version: 1 })).statusCode).toBe(409);
    expect((await post('reschedule', { start: at('18:30'), version: 2 })).statusCode).toBe(412);
    const moved = await post('reschedule', { start: at('18:30'), version: 1 });
    expect(moved.json()).toMatchObject({ start: at('18:30'), end: at('19:00'), version: 2 });
    expect((await book('front_desk', { patientId: patients[208], start: at('18:00') })).statusCode).toBe(201);
    expect((await post('complete')).statusCode).toBe(412);
    expect((await post('check-in')).json()).toMatchObject({ status: 'checked_in', version: 3 });
    expect((await post('complete')).json()).toMatchObject({ status: 'completed' });
    expect((await post('cancel', { reason: 'patient asked' })).statusCode).toBe(412);

    const c = (await book('front_desk', { patientId: patients[209], start: at('19:00') })).json();
    const cancelled = await h.app.inject({ method: 'POST', url: `/api/appointments/${c.id}/cancel`, headers: h.as('front_desk'), payload: { reason: 'patient unwell' } });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'patient unwell' });
    expect((await book('front_desk', { patientId: patients[209], start: at('19:00') })).statusCode).toBe(201);
    expect((await h.app.inject({ method: 'GET', url: `/api/appointments/${c.id}`, headers: h.as('biller') })).json().status).toBe('cancelled');
  });

  it('answers 404 for unknown parts and 403 to a role without scheduling', async () => {
    expect((await book('front_desk', { patientId: 'nobody' })).statusCode).toBe(404);
    expect((await book('front_desk', { patientId: patients[0], typeId: 'none' })).statusCode).toBe(404);
    const auditor = await h.app.inject({ method: 'POST', url: '/api/appointments/search', headers: h.as('auditor'), payload: { from: at('00:00'), to: at('23:00') } });
    expect(auditor.statusCode).toBe(403);
  });
});
