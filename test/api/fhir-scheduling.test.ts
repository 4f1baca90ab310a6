import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal, type Role } from '../../src/core/access/index.ts';
import { PatientInputSchema } from '../../src/core/patients/index.ts';
import { slotId } from '../../src/core/scheduling/index.ts';
import { fixedClock } from '../../src/core/shared/index.ts';
import { expectValidFhir } from '../fhir-schema.ts';
import { startHarness, type Harness } from '../harness.ts';

// Issue 4 item 7: FHIR R4 Schedule, Slot and Appointment. The clock is fixed at Monday
// 2031-03-10 08:00 in Chicago (CDT, UTC-5). Dr. A works weekdays 08:00-12:00 (any type),
// Dr. B 13:00-17:00 (follow-ups only), both at the first location.
const FHIR = '/fhir/R4';
const TYPE_SYSTEM = 'urn:medoffice:appointment-type';
const clock = fixedClock('2031-03-10T13:00:00.000Z');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let h: Harness;
let loc: string;
let locName: string;
let provA: string;
let provB: string;
let multi: string;
let follow: string;
let consult: string;
const pts: string[] = [];

/** Every answer must be valid R4 with the FHIR media type; returns the body. */
const call = async (opts: InjectOptions, status: number): Promise<Json> => {
  const res = await h.app.inject(opts);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json; charset=utf-8/);
  const body = res.json() as Json;
  expectValidFhir(body);
  return body;
};
const get = (url: string, status = 200, role: Role = 'front_desk') => call({ method: 'GET', url: `${FHIR}/${url}`, headers: h.as(role) }, status);
const send = (method: 'POST' | 'PUT', url: string, payload: unknown, status: number, headers: Record<string, string> = {}, role: Role = 'front_desk') =>
  call({ method, url: `${FHIR}/${url}`, headers: { ...h.as(role), 'content-type': 'application/fhir+json', ...headers }, payload: payload as object }, status);
const resources = (b: Json): Json[] => (b.entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource);
const issue = (o: Json) => o.issue[0] as { code: string; diagnostics: string; expression?: string[] };
const patientRef = (i: number) => ({ actor: { reference: `Patient/${pts[i]}` }, status: 'accepted' });
const bySlot = (slot: string, patient: number) => ({ resourceType: 'Appointment', status: 'booked', slot: [{ reference: `Slot/${slot}` }], participant: [patientRef(patient)] });
const direct = (patient: number, start: string, more: Json = {}) => ({
  resourceType: 'Appointment',
  status: 'booked',
  appointmentType: { coding: [{ system: TYPE_SYSTEM, code: follow }] },
  start,
  participant: [patientRef(patient), { actor: { reference: `Practitioner/${provB}` }, status: 'accepted' }, { actor: { reference: `Location/${loc}` }, status: 'accepted' }],
  ...more,
});
const slotsOf = (query: string) => get(`Slot?${query}`).then(resources);
const scheduleOf = async (providerId: string): Promise<string> => resources(await get(`Schedule?actor=Practitioner/${providerId}`))[0]!.id;

beforeAll(async () => {
  h = await startHarness({ clock });
  ({ id: loc, name: locName } = (await h.container.repos.reference.listLocations())[0]!);
  const here = (await h.container.repos.reference.listProviders()).filter((p) => p.locationIds.includes(loc));
  const single = here.filter((p) => p.locationIds.length === 1);
  [provA, provB] = [single[0]!.id, single[1]!.id];
  multi = here.find((p) => p.locationIds.length > 1)!.id;
  const sys = systemPrincipal('test');
  for (let i = 0; i < 10; i++) {
    const input = PatientInputSchema.parse({ familyName: `Fhirsched${i}`, givenName: `Lee${i}`, birthDate: `197${i}-02-0${1 + (i % 8)}`, sex: i % 2 ? 'female' : 'male', acknowledgeDuplicates: true });
    pts.push((await h.container.services.patients.create(sys, input)).patient.id);
  }
  const post = (url: string, payload: object) => h.app.inject({ method: 'POST', url, headers: h.as('admin'), payload });
  follow = (await post('/api/scheduling/appointment-types', { name: 'Follow-up', durationMinutes: 30 })).json().id;
  consult = (await post('/api/scheduling/appointment-types', { name: 'Consultation', durationMinutes: 60 })).json().id;
  for (const weekday of [1, 2, 3, 4, 5]) {
    expect((await post('/api/scheduling/templates', { providerId: provA, locationId: loc, weekday, start: '08:00', end: '12:00', effectiveFrom: '2031-01-01' })).statusCode).toBe(201);
    expect((await post('/api/scheduling/templates', { providerId: provB, locationId: loc, weekday, start: '13:00', end: '17:00', effectiveFrom: '2031-01-01', effectiveTo: '2031-12-31', allowedTypeIds: [follow] })).statusCode).toBe(201);
  }
}, 120_000);
afterAll(async () => h?.close());

describe('CapabilityStatement', () => {
  it('lists Schedule, Slot and Appointment with exactly the interactions and parameters served', async () => {
    const cs = await call({ method: 'GET', url: `${FHIR}/metadata` }, 200);
    const byType = new Map<string, Json>(cs.rest[0].resource.map((r: Json) => [r.type, r]));
    const summary = (t: string) => [byType.get(t)!.interaction.map((i: Json) => i.code), byType.get(t)!.searchParam.map((p: Json) => `${p.name}:${p.type}`)];
    expect(summary('Schedule')).toEqual([['read', 'search-type'], ['actor:reference']]);
    expect(summary('Slot')).toEqual([['read', 'search-type'], ['schedule:reference', 'schedule.actor:reference', 'start:date', 'status:token', 'service-type:token']]);
    expect(summary('Appointment')).toEqual([['read', 'search-type', 'create', 'update'], ['date:date', 'patient:reference', 'practitioner:reference', 'status:token']]);
    expect(byType.get('Appointment')!.searchParam[0].definition).toBe('http://hl7.org/fhir/SearchParameter/Appointment-date');
  });
});

describe('Schedule', () => {
  it('is one per provider and location with templates, with the allowed types as serviceType', async () => {
    const all = resources(await get('Schedule'));
    const ours = all.filter((s) => [provA, provB].some((p) => s.actor[0].reference === `Practitioner/${p}`));
    expect(ours).toHaveLength(2);
    const a = ours.find((s) => s.actor[0].reference === `Practitioner/${provA}`)!;
    const b = ours.find((s) => s.actor[0].reference === `Practitioner/${provB}`)!;
    expect(a.id).toMatch(/^sched-[0-9a-f]{16}$/);
    expect(a).toMatchObject({ active: true, actor: [{ reference: `Practitioner/${provA}` }, { reference: `Location/${loc}`, display: locName }], planningHorizon: { start: '2031-01-01' } });
    expect(a.serviceType.map((t: Json) => t.coding[0].code).sort()).toEqual([consult, follow].sort());
    expect(b.serviceType).toEqual([{ coding: [{ system: TYPE_SYSTEM, code: follow, display: 'Follow-up' }], text: 'Follow-up' }]);
    expect(b.planningHorizon).toEqual({ start: '2031-01-01', end: '2031-12-31' });
    expect(await get(`Schedule/${a.id}`)).toEqual(a);
    expect(resources(await get(`Schedule?actor=Practitioner/${provB}`)).map((s) => s.id)).toEqual([b.id]);
    expect(resources(await get(`Schedule?actor=Location/${loc}`)).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(resources(await get('Schedule?actor=Device/abc'))).toEqual([]);
    const paged = await get('Schedule?_count=1');
    expect(resources(paged)).toHaveLength(1);
    expect(paged.link.map((l: Json) => l.relation)).toEqual(['self', 'next']);
    expect(issue(await get('Schedule/sched-0000000000000000', 404)).code).toBe('not-found');
  });
});

describe('Slot', () => {
  it('searches by schedule, type and start; ids are stable and are the core slot ids', async () => {
    const schedA = await scheduleOf(provA);
    const q = `schedule=Schedule/${schedA}&service-type=${follow}&start=ge2031-03-11&start=lt2031-03-12`;
    const first = await slotsOf(q);
    expect(first.map((s) => s.start)).toEqual(['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((t) => `2031-03-11T${t}:00-05:00`));
    expect(first[0]).toEqual({
      resourceType: 'Slot', id: slotId(provA, loc, follow, '2031-03-11T13:00:00.000Z'), status: 'free', schedule: { reference: `Schedule/${schedA}` },
      start: '2031-03-11T08:00:00-05:00', end: '2031-03-11T08:30:00-05:00',
      serviceType: [{ coding: [{ system: TYPE_SYSTEM, code: follow, display: 'Follow-up' }], text: 'Follow-up' }],
      appointmentType: { coding: [{ system: TYPE_SYSTEM, code: follow, display: 'Follow-up' }], text: 'Follow-up' },
    });
    expect((await slotsOf(q)).map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(await get(`Slot/${first[3]!.id}`)).toEqual(first[3]);
  });

  it('searches by schedule.actor, an instant bound and status; other statuses are empty', async () => {
    const b = await slotsOf(`schedule.actor=Practitioner/${provB}&start=ge2031-03-12T15:00:00-05:00&start=le2031-03-12T16:00:00-05:00`);
    expect(b.map((s) => s.start)).toEqual(['2031-03-12T15:00:00-05:00', '2031-03-12T15:30:00-05:00', '2031-03-12T16:00:00-05:00']);
    for (const s of b) expect(s.serviceType[0].coding[0].code).toBe(follow);
    // Without a type, Dr. A's slots of both types come in start order.
    const a = await slotsOf(`schedule.actor=Practitioner/${provA}&start=2031-03-13&status=free&_count=100`);
    expect(new Set(a.map((s) => s.appointmentType.coding[0].code))).toEqual(new Set([follow, consult]));
    expect(a.map((s) => s.start)).toEqual([...a.map((s) => s.start)].sort());
    expect(a.filter((s) => s.appointmentType.coding[0].code === consult)).toHaveLength(4);
    expect(await slotsOf(`schedule.actor=Practitioner/${provA}&start=2031-03-13&status=busy`)).toEqual([]);
    expect(await slotsOf(`schedule.actor=Practitioner/${provA}&start=2031-03-13&service-type=http://other.example|x`)).toEqual([]);
    expect(await slotsOf(`schedule.actor=Location/${loc}&start=2031-03-15`)).toEqual([]); // a Saturday
  });

  it('defaults to today and the next 14 days, never the past, and pages', async () => {
    const page = await get(`Slot?schedule.actor=Practitioner/${provA}&service-type=${follow}&_count=5`);
    const list = resources(page);
    expect(list).toHaveLength(5);
    // It is 08:00 now: a slot starting now is still offered, none before it.
    expect(list[0]!.start).toBe('2031-03-10T08:00:00-05:00');
    const next = page.link.find((l: Json) => l.relation === 'next').url as string;
    const more = resources(await call({ method: 'GET', url: next.slice(next.indexOf(FHIR)), headers: h.as('front_desk') }, 200));
    expect(more[0]!.start).toBe('2031-03-10T10:30:00-05:00');
    const far = await slotsOf(`schedule.actor=Practitioner/${provA}&service-type=${follow}&start=ge2031-03-24&_count=100`);
    expect(far.at(-1)!.start.slice(0, 10)).toBe('2031-04-07');
  });

  it('refuses bad parameters naming them', async () => {
    expect(issue(await get('Slot?start=ge2031-03-01&start=le2031-05-01', 400))).toMatchObject({ code: 'not-supported', expression: ['start'] });
    expect(issue(await get('Slot?start=sa2031-03-11', 400)).expression).toEqual(['start']);
    expect(issue(await get('Slot?start=2031-03', 400)).expression).toEqual(['start']);
    expect(issue(await get('Slot?start=2031-03-11T09:00', 400)).diagnostics).toMatch(/zone/);
    expect(issue(await get('Slot?status=open', 400)).expression).toEqual(['status']);
    expect(issue(await get('Slot?schedule=not a ref/', 400)).expression).toEqual(['schedule']);
    expect(issue(await get('Slot?colour=blue', 400)).expression).toEqual(['colour']);
    expect(issue(await get('Slot/bad_id!', 400)).expression).toEqual(['Slot.id']);
    expect(issue(await get('Slot/slot-203103111300-0000000000000000', 404)).code).toBe('not-found');
  });
});

describe('Appointment create', () => {
  let slot: Json;
  let booked: Json;

  it('books a free slot naming only the slot and the patient; the slot is then gone', async () => {
    slot = (await slotsOf(`schedule.actor=Practitioner/${provA}&service-type=${follow}&start=2031-03-12&_count=1`))[0]!;
    const res = await h.app.inject({ method: 'POST', url: `${FHIR}/Appointment`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: bySlot(slot.id, 0) });
    expect(res.statusCode, res.body).toBe(201);
    booked = res.json();
    expectValidFhir(booked);
    expect(res.headers.location).toMatch(new RegExp(`/fhir/R4/Appointment/${booked.id}/_history/1$`));
    expect(res.headers.etag).toBe('W/"1"');
    expect(booked).toMatchObject({
      status: 'booked', start: slot.start, end: slot.end, minutesDuration: 30, meta: { versionId: '1' },
      appointmentType: { coding: [{ system: TYPE_SYSTEM, code: follow }] },
      participant: [{ actor: { reference: `Patient/${pts[0]}` } }, { actor: { reference: `Practitioner/${provA}` } }, { actor: { reference: `Location/${loc}` } }],
    });
    expect(await get(`Appointment/${booked.id}`)).toEqual(booked);
    expect(issue(await get(`Slot/${slot.id}`, 404)).diagnostics).toMatch(/no longer free/);
    expect((await slotsOf(`schedule.actor=Practitioner/${provA}&service-type=${follow}&start=2031-03-12`)).map((s) => s.id)).not.toContain(slot.id);
  });

  it('answers a second booking of the same slot with 409 naming the visit in the way', async () => {
    const again = await send('POST', 'Appointment', bySlot(slot.id, 1), 409);
    expect(issue(again).code).toBe('conflict');
    expect(issue(again).diagnostics).toContain(`Appointment/${booked.id}`);
    // The same patient at an overlapping time with another provider: the patient is in the way.
    const overlap = await send('POST', 'Appointment', direct(0, '2031-03-12T08:00:00-05:00', { participant: [patientRef(0), { actor: { reference: `Practitioner/${multi}` } }, { actor: { reference: `Location/${loc}` } }] }), 409);
    expect(overlap.issue.map((i: Json) => i.code)).toContain('conflict');
  });

  it('books with start, type and participants; the end follows from the type', async () => {
    const made = await send('POST', 'Appointment', direct(2, '2031-03-12T14:00:00-05:00', { end: '2031-03-12T14:30:00-05:00' }), 201);
    expect(made).toMatchObject({ status: 'booked', start: '2031-03-12T14:00:00-05:00', end: '2031-03-12T14:30:00-05:00', participant: [{}, { actor: { reference: `Practitioner/${provB}` } }, {}] });
    // Without the location: Dr. B works at one location only.
    const { participant, ...rest } = direct(3, '2031-03-12T15:00:00-05:00');
    expect((await send('POST', 'Appointment', { ...rest, participant: participant.slice(0, 2) }, 201)).participant[2].actor.reference).toBe(`Location/${loc}`);
  });

  it('answers a time outside the guidelines with 409 and every blocking sentence', async () => {
    const early = await send('POST', 'Appointment', direct(4, '2031-03-12T07:00:00-05:00'), 409);
    expect(early.issue.length).toBeGreaterThanOrEqual(1);
    expect(early.issue[0]).toMatchObject({ code: 'conflict', details: { coding: [{ system: 'urn:medoffice:scheduling-verdict', code: 'outside_template' }] } });
    expect(early.issue[0].diagnostics.length).toBeGreaterThan(10);
    const wrongType = await send('POST', 'Appointment', direct(4, '2031-03-12T13:00:00-05:00', { appointmentType: { coding: [{ system: TYPE_SYSTEM, code: consult }] } }), 409);
    expect(wrongType.issue.map((i: Json) => i.details.coding[0].code)).toContain('type_not_allowed');
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'fhir-appt-0001' };
    const first = await send('POST', 'Appointment', direct(5, '2031-03-13T13:00:00-05:00'), 201, headers);
    const again = await send('POST', 'Appointment', direct(5, '2031-03-13T13:00:00-05:00'), 200, headers);
    expect(again.id).toBe(first.id);
  });

  it('refuses bad input with 400 naming the element, never a 500', async () => {
    const cases: [unknown, string][] = [
      [{ resourceType: 'Appointment', status: 'booked', slot: [{ reference: `Slot/${slot.id}` }] }, 'Appointment.participant'],
      [{ ...bySlot(slot.id, 0), slot: [{ reference: 'Slot/abc' }] }, 'Appointment.slot[0]'],
      [bySlot('slot-203103121300-0000000000000000', 0), 'Appointment.slot[0]'],
      [{ ...direct(6, '2031-03-12T16:00:00-05:00'), start: 20310312 }, 'Appointment.start'],
      [{ ...direct(6, '2031-03-12T16:00:00-05:00'), start: '2031-03-12 16:00' }, 'Appointment.start'],
      [direct(6, '2031-03-12T16:00:00-05:00', { end: '2031-03-12T17:00:00-05:00' }), 'Appointment.end'],
      [direct(6, '2031-03-12T16:00:00-05:00', { minutesDuration: 45 }), 'Appointment.minutesDuration'],
      [direct(6, '2031-03-12T16:00:00-05:00', { appointmentType: { text: 'Checkup' } }), 'Appointment.appointmentType'],
      [direct(6, '2031-03-12T16:00:00-05:00', { appointmentType: { coding: [{ system: TYPE_SYSTEM, code: 'no-such-type' }] } }), 'Appointment.appointmentType'],
      [direct(6, '2031-03-12T16:00:00-05:00', { status: 'proposed' }), 'Appointment.status'],
      [{ ...direct(6, '2031-03-12T16:00:00-05:00'), participant: [{ actor: { reference: 'Patient/unknown-patient' } }, { actor: { reference: `Practitioner/${provB}` } }] }, 'Appointment.participant[0].actor'],
      [{ ...direct(6, '2031-03-12T16:00:00-05:00'), participant: [patientRef(6), { actor: { reference: `Practitioner/${multi}` } }] }, 'Appointment.participant'],
      [{ ...direct(6, '2031-03-12T16:00:00-05:00'), participant: [patientRef(6), { actor: { reference: 'Practitioner/nobody' } }] }, 'Appointment.participant[1].actor'],
      [{ resourceType: 'Patient' }, 'Appointment.resourceType'],
    ];
    for (const [payload, path] of cases) {
      const o = await send('POST', 'Appointment', payload, 400);
      expect(o.issue.flatMap((i: Json) => i.expression ?? []), JSON.stringify(payload)).toContain(path);
    }
    expect(issue(await send('POST', 'Appointment', '{"resourceType": "Appoint', 400)).code).toBe('structure');
    expect(issue(await call({ method: 'POST', url: `${FHIR}/Appointment`, headers: { ...h.as('front_desk'), 'content-type': 'text/plain' }, payload: 'hi' }, 415)).code).toBe('not-supported');
    await call({ method: 'DELETE', url: `${FHIR}/Appointment/abc`, headers: h.as('front_desk') }, 405);
  });
});

describe('Appointment search and update', () => {
  const made: Json[] = [];
  beforeAll(async () => {
    // Thursday 2031-03-13: three visits with Dr. B (13:00 is taken by the idempotency test).
    for (const [i, t] of [[7, '14:00'], [8, '14:30'], [9, '15:00']] as const) made.push(await send('POST', 'Appointment', direct(i, `2031-03-13T${t}:00-05:00`), 201));
  });
  const ids = async (query: string) => resources(await get(`Appointment?${query}`)).map((a) => a.id);

  it('searches by date, patient, practitioner and status', async () => {
    const day = await ids('date=2031-03-13');
    expect(day).toEqual(expect.arrayContaining(made.map((a) => a.id)));
    expect(await ids('date=ge2031-03-13T14:15:00-05:00&date=lt2031-03-13T15:00:00-05:00')).toEqual([made[1]!.id]);
    expect(await ids(`patient=Patient/${pts[8]}`)).toEqual([made[1]!.id]);
    expect(await ids(`patient=${pts[8]}&date=2031-03-14`)).toEqual([]);
    const byB = await ids(`practitioner=Practitioner/${provB}&date=2031-03-13`);
    expect(byB).toEqual(expect.arrayContaining(made.map((a) => a.id)));
    expect(await ids(`practitioner=Practitioner/${provA}&date=2031-03-13`)).toEqual([]);
    expect(await ids('status=booked&date=2031-03-13')).toEqual(day);
    expect(await ids('status=cancelled&date=2031-03-13')).toEqual([]);
    expect(await ids('status=proposed')).toEqual([]);
    const paged = await get('Appointment?date=2031-03-13&_count=2');
    expect(resources(paged)).toHaveLength(2);
    expect(paged.link.map((l: Json) => l.relation)).toContain('next');
    const posted = await call({ method: 'POST', url: `${FHIR}/Appointment/_search`, headers: { ...h.as('front_desk'), 'content-type': 'application/x-www-form-urlencoded' }, payload: `patient=Patient/${pts[9]}` }, 200);
    expect(resources(posted).map((a) => a.id)).toEqual([made[2]!.id]);
  });

  it('refuses bad search parameters', async () => {
    expect(issue(await get('Appointment?date=ap2031-03-13', 400)).expression).toEqual(['date']);
    expect(issue(await get('Appointment?date=ge2031-01-01&date=le2031-12-31', 400)).expression).toEqual(['date']);
    expect(issue(await get('Appointment?date=ge2031-01-01&date=ge2031-02-01', 400)).expression).toEqual(['date']);
    expect(issue(await get('Appointment?status=done', 400)).expression).toEqual(['status']);
    expect(issue(await get('Appointment?patient=Patient/bad_id!', 400)).expression).toEqual(['patient']);
    expect(issue(await get('Appointment?patient:missing=true', 400)).code).toBe('not-supported');
    expect(issue(await get('Appointment/does-not-exist', 404)).code).toBe('not-found');
  });

  it('cancels with a reason (the slot is free again), and refuses a stale version or a missing reason', async () => {
    const a = made[0]!;
    const slot = slotId(provB, loc, follow, '2031-03-13T19:00:00.000Z');
    await get(`Slot/${slot}`, 404);
    const noReason = await send('PUT', `Appointment/${a.id}`, { ...a, status: 'cancelled' }, 400, { 'if-match': 'W/"1"' });
    expect(issue(noReason).expression).toEqual(['Appointment.cancelationReason']);
    const cancelled = await send('PUT', `Appointment/${a.id}`, { ...a, status: 'cancelled', cancelationReason: { text: 'Patient is travelling' } }, 200, { 'if-match': 'W/"1"' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'Patient is travelling' }, meta: { versionId: '2' } });
    expect((await get(`Slot/${slot}`)).id).toBe(slot);
    expect(await ids('status=cancelled&date=2031-03-13')).toEqual([a.id]);
    const stale = await send('PUT', `Appointment/${a.id}`, { ...a, status: 'arrived' }, 412, { 'if-match': 'W/"1"' });
    expect(issue(stale).code).toBe('conflict');
    const back = await send('PUT', `Appointment/${a.id}`, { ...cancelled, status: 'booked' }, 412);
    expect(issue(back).diagnostics).toMatch(/cancelled and cannot become booked/);
    const noVersion = await send('PUT', `Appointment/${a.id}`, { ...a, meta: undefined, status: 'arrived' }, 412);
    expect(issue(noVersion).code).toBe('conflict');
  });

  it('checks in (arrived), completes (fulfilled) and marks a no-show, using meta.versionId', async () => {
    const b = made[1]!;
    const arrived = await send('PUT', `Appointment/${b.id}`, { ...b, status: 'arrived' }, 200);
    expect(arrived).toMatchObject({ status: 'arrived', meta: { versionId: '2' } });
    expect(await send('PUT', `Appointment/${b.id}`, { ...arrived, status: 'fulfilled' }, 200)).toMatchObject({ status: 'fulfilled', meta: { versionId: '3' } });
    const c = made[2]!;
    expect(await send('PUT', `Appointment/${c.id}`, { ...c, status: 'noshow' }, 200)).toMatchObject({ status: 'noshow' });
    expect(await ids('status=arrived&date=2031-03-13')).toEqual([]);
    expect(await ids('status=fulfilled&date=2031-03-13')).toEqual([b.id]);
  });

  it('moves a booked visit with start and end; a move onto a taken time is 409; status and time not both', async () => {
    const m = await send('POST', 'Appointment', direct(7, '2031-03-14T14:00:00-05:00'), 201);
    const moved = await send('PUT', `Appointment/${m.id}`, { ...m, start: '2031-03-14T16:00:00-05:00', end: '2031-03-14T16:30:00-05:00' }, 200);
    expect(moved).toMatchObject({ start: '2031-03-14T16:00:00-05:00', end: '2031-03-14T16:30:00-05:00', meta: { versionId: '2' } });
    const other = await send('POST', 'Appointment', direct(8, '2031-03-14T15:00:00-05:00'), 201);
    const onto = await send('PUT', `Appointment/${moved.id}`, { ...moved, start: '2031-03-14T15:00:00-05:00', end: undefined }, 409);
    expect(issue(onto).diagnostics).toContain(`Appointment/${other.id}`);
    const both = await send('PUT', `Appointment/${moved.id}`, { ...moved, start: '2031-03-14T13:00:00-05:00', end: '2031-03-14T13:30:00-05:00', status: 'cancelled', cancelationReason: { text: 'no longer needed' } }, 400);
    expect(issue(both).expression).toEqual(['Appointment.status']);
    const patient = await send('PUT', `Appointment/${moved.id}`, { ...moved, participant: [patientRef(1), ...moved.participant.slice(1)] }, 400);
    expect(issue(patient).expression).toEqual(['Appointment.participant[0].actor']);
    const mismatch = await send('PUT', `Appointment/${moved.id}`, { ...moved, id: 'other' }, 400);
    expect(issue(mismatch).expression).toEqual(['Appointment.id']);
    expect((await send('PUT', `Appointment/${moved.id}`, moved, 200)).meta.versionId).toBe('2');
  });
});

describe('access', () => {
  it('refuses the auditor (no schedule access) with 403 OperationOutcomes; a biller may read but not book', async () => {
    const schedA = await scheduleOf(provA);
    const slot = (await slotsOf(`schedule=Schedule/${schedA}&service-type=${follow}&start=2031-03-17&_count=1`))[0]!;
    for (const url of ['Schedule', `Schedule/${schedA}`, 'Slot', `Slot/${slot.id}`, 'Appointment', 'Appointment?status=proposed']) expect(issue(await get(url, 403, 'auditor')).code).toBe('forbidden');
    expect(issue(await send('POST', 'Appointment', bySlot(slot.id, 1), 403, {}, 'auditor')).code).toBe('forbidden');
    const [appt] = resources(await get(`Appointment?patient=Patient/${pts[0]}`));
    expect(issue(await send('PUT', `Appointment/${appt!.id}`, { ...appt, status: 'arrived' }, 403, {}, 'auditor')).code).toBe('forbidden');
    expect(resources(await get(`Slot?schedule=Schedule/${schedA}&start=2031-03-17`, 200, 'biller')).length).toBeGreaterThan(0);
    expect(issue(await send('POST', 'Appointment', bySlot(slot.id, 1), 403, {}, 'biller')).code).toBe('forbidden');
    const res = await h.app.inject({ method: 'GET', url: `${FHIR}/Appointment` });
    expect(res.statusCode).toBe(401);
  });

  it('audits FHIR bookings and reads like the domain API', async () => {
    await h.container.flushAudit();
    const report = await h.container.services.audit.report(systemPrincipal('t'), { action: 'appointment.book', sort: 'seq', order: 'asc', limit: 100, offset: 0 });
    expect(report.total).toBeGreaterThan(5);
    const reads = await h.container.services.audit.report(systemPrincipal('t'), { action: 'appointment.read', sort: 'seq', order: 'asc', limit: 100, offset: 0 });
    expect(reads.total).toBeGreaterThan(0);
  });
});
