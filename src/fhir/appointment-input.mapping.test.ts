import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { slotId, type Appointment, type AppointmentType, type ProviderSummary } from '../core/scheduling/index.ts';
import { DomainError } from '../core/shared/index.ts';
import { appointmentCreateFromFhir, appointmentUpdateFromFhir, bookingFromRequest, type BookingLookups } from './appointment-input.mapping.ts';

const TYPE = 'urn:medoffice:appointment-type';
const refusal = (f: () => unknown): { code: string; fhir: unknown; paths: string[]; message: string } => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, fhir: e.details.fhirIssueCode, paths: e.issues.map((i) => i.path), message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};

const fu: AppointmentType = { id: 'fu', name: 'Follow-up', durationMinutes: 30, newPatient: null, roomType: null, instructions: null, expectedCodes: [], colour: '#000000', minAgeYears: null, maxAgeYears: null };
const providers: ProviderSummary[] = [
  { id: 'pA', familyName: 'Alvarez', givenName: 'Maria', credentials: 'MD', active: true, locationIds: ['l1'] },
  { id: 'pM', familyName: 'Many', givenName: 'Mo', credentials: null, active: true, locationIds: ['l1', 'l2'] },
];
const lookups = (over: Partial<BookingLookups> = {}): BookingLookups => ({ slot: null, types: [fu], providers, ...over });
const SLOT = slotId('pA', 'l1', 'fu', '2031-03-11T13:00:00.000Z');
const slotParts = { providerId: 'pA', locationId: 'l1', typeId: 'fu', start: '2031-03-11T13:00:00.000Z' };
const patient = { actor: { reference: 'Patient/p1' }, status: 'accepted' };
const direct = (more: Record<string, unknown> = {}) => ({
  resourceType: 'Appointment', status: 'booked', start: '2031-03-11T08:00:00-05:00', appointmentType: { coding: [{ system: TYPE, code: 'fu' }] },
  participant: [patient, { actor: { reference: 'Practitioner/pA' } }], ...more,
});

describe('appointmentCreateFromFhir and bookingFromRequest', () => {
  it('books a slot named with only the patient: type, provider, location and start come from the slot', () => {
    const { value, notes } = appointmentCreateFromFhir({ resourceType: 'Appointment', status: 'booked', slot: [{ reference: `Slot/${SLOT}` }], participant: [patient, { type: [{ text: 'interpreter' }] }] });
    expect(value).toMatchObject({ patientId: 'p1', slotId: SLOT });
    expect(notes.map((n) => n.path)).toEqual(['Appointment.participant[1]']);
    expect(bookingFromRequest(value, lookups({ slot: slotParts }))).toEqual({ patientId: 'p1', providerId: 'pA', locationId: 'l1', typeId: 'fu', start: '2031-03-11T13:00:00.000Z' });
  });

  it('books with start, type and practitioner; the only location is taken; the end must fit the type', () => {
    const { value } = appointmentCreateFromFhir(direct({ end: '2031-03-11T08:30:00-05:00', minutesDuration: 30 }));
    expect(bookingFromRequest(value, lookups())).toEqual({ patientId: 'p1', providerId: 'pA', locationId: 'l1', typeId: 'fu', start: '2031-03-11T13:00:00.000Z' });
    const serviceTypeOnly = appointmentCreateFromFhir(direct({ appointmentType: undefined, serviceType: [{ coding: [{ system: TYPE, code: 'fu' }] }] })).value;
    expect(serviceTypeOnly.typeId).toBe('fu');
    const multi = appointmentCreateFromFhir(direct({ participant: [patient, { actor: { reference: 'Practitioner/pM' } }, { actor: { reference: 'Location/l2' } }] })).value;
    expect(bookingFromRequest(multi, lookups()).locationId).toBe('l2');
  });

  it.each([
    ['no patient', { ...direct(), participant: [{ actor: { reference: 'Practitioner/pA' } }] }, 'Appointment.participant', 'required'],
    ['no start', direct({ start: undefined }), 'Appointment.start', 'required'],
    ['no type', direct({ appointmentType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'FOLLOWUP' }] } }), 'Appointment.appointmentType', 'required'],
    ['no practitioner', { ...direct(), participant: [patient] }, 'Appointment.participant', 'required'],
    ['two patients', { ...direct(), participant: [patient, { actor: { reference: 'Patient/p2' } }, { actor: { reference: 'Practitioner/pA' } }] }, 'Appointment.participant[1].actor', 'not-supported'],
    ['a bare id', { ...direct(), participant: [{ actor: { reference: 'p1' } }] }, 'Appointment.participant[0].actor', 'invalid'],
    ['a role', { ...direct(), participant: [patient, { actor: { reference: 'PractitionerRole/r1' } }] }, 'Appointment.participant[1].actor', 'not-supported'],
    ['two slots', { ...direct(), slot: [{ reference: `Slot/${SLOT}` }, { reference: `Slot/${SLOT}` }] }, 'Appointment.slot[1]', 'not-supported'],
    ['a slot of another server', { ...direct(), slot: [{ reference: 'Slot/123' }] }, 'Appointment.slot[0]', 'invalid'],
    ['status pending', direct({ status: 'pending' }), 'Appointment.status', 'not-supported'],
    ['status cancelled', direct({ status: 'cancelled' }), 'Appointment.status', 'value'],
    ['end before start', direct({ end: '2031-03-11T07:00:00-05:00' }), 'Appointment.end', 'invalid'],
    ['types that disagree', direct({ serviceType: [{ coding: [{ system: TYPE, code: 'np' }] }] }), 'Appointment.serviceType[0]', 'invalid'],
    ['a start without zone', direct({ start: '2031-03-11T08:00:00' }), 'Appointment.start', 'structure'],
    ['a fractional duration', direct({ minutesDuration: 2.5 }), 'Appointment.minutesDuration', 'structure'],
    ['another resource', { resourceType: 'Patient' }, 'Appointment.resourceType', 'structure'],
  ])('refuses %s naming the element', (_what, body, at, fhir) => {
    expect(refusal(() => appointmentCreateFromFhir(body))).toMatchObject({ code: 'invalid', fhir, paths: [at] });
  });

  it.each([
    ['an unknown slot', { slotId: SLOT, paths: { patient: 'x', slot: 'Appointment.slot[0]' } }, null, 'Appointment.slot[0]'],
    ['a practitioner other than the slot\'s', { slotId: SLOT, providerId: 'pM', paths: { patient: 'x', slot: 'Appointment.slot[0]', provider: 'Appointment.participant[1].actor' } }, slotParts, 'Appointment.participant[1].actor'],
    ['a start other than the slot\'s', { slotId: SLOT, start: '2031-03-11T14:00:00.000Z', paths: { patient: 'x', slot: 'Appointment.slot[0]' } }, slotParts, 'Appointment.start'],
    ['an unknown practitioner', { providerId: 'nobody', typeId: 'fu', start: '2031-03-11T13:00:00.000Z', paths: { patient: 'x', provider: 'Appointment.participant[1].actor' } }, null, 'Appointment.participant[1].actor'],
    ['a location the practitioner does not work at', { providerId: 'pA', locationId: 'l2', typeId: 'fu', start: '2031-03-11T13:00:00.000Z', paths: { patient: 'x', location: 'Appointment.participant[2].actor' } }, null, 'Appointment.participant[2].actor'],
    ['no location for a practitioner at several', { providerId: 'pM', typeId: 'fu', start: '2031-03-11T13:00:00.000Z', paths: { patient: 'x' } }, null, 'Appointment.participant'],
    ['an unknown type', { providerId: 'pA', typeId: 'zz', start: '2031-03-11T13:00:00.000Z', paths: { patient: 'x', type: 'Appointment.appointmentType' } }, null, 'Appointment.appointmentType'],
    ['an end that does not fit the type', { providerId: 'pA', typeId: 'fu', start: '2031-03-11T13:00:00.000Z', end: '2031-03-11T14:00:00.000Z', paths: { patient: 'x' } }, null, 'Appointment.end'],
    ['a duration that does not fit the type', { providerId: 'pA', typeId: 'fu', start: '2031-03-11T13:00:00.000Z', minutesDuration: 45, paths: { patient: 'x' } }, null, 'Appointment.minutesDuration'],
  ])('refuses %s against the practice data', (_what, req, slot, at) => {
    expect(refusal(() => bookingFromRequest({ patientId: 'p1', ...req }, lookups({ slot })))).toMatchObject({ code: 'invalid', paths: [at] });
  });

  it.each([
    ['appointment-example.json', 'required', 'Appointment.appointmentType'],
    ['appointment-example2doctors.json', 'not-supported', 'Appointment.participant[2].actor'],
  ])('reads the official %s structurally and says what the practice needs', (file, fhir, at) => {
    // The official R4 examples beside the schema (see docs: ../shared/data/fhir/examples).
    const dir = fileURLToPath(new URL('../../../shared/data/fhir/examples/', import.meta.url));
    const { id: _id, ...example } = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    expect(refusal(() => appointmentCreateFromFhir(example))).toMatchObject({ fhir, paths: [at] });
  });
});

describe('appointmentUpdateFromFhir', () => {
  const current: Appointment = {
    id: 'a1', patientId: 'p1', providerId: 'pA', locationId: 'l1', roomId: null, typeId: 'fu', start: '2031-03-11T13:00:00.000Z', end: '2031-03-11T13:30:00.000Z',
    timeZone: 'America/Chicago', status: 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null,
    createdAt: '2031-03-01T00:00:00.000Z', updatedAt: '2031-03-01T00:00:00.000Z', version: 2,
  };
  const body = (more: Record<string, unknown> = {}) => ({
    resourceType: 'Appointment', id: 'a1', meta: { versionId: '2' }, status: 'booked', start: '2031-03-11T08:00:00-05:00', end: '2031-03-11T08:30:00-05:00',
    appointmentType: { coding: [{ system: TYPE, code: 'fu' }] }, participant: [patient, { actor: { reference: 'Practitioner/pA' } }, { actor: { reference: 'Location/l1' } }], ...more,
  });
  const change = (b: unknown, ifMatch?: string, cur: Appointment = current) => appointmentUpdateFromFhir(b, cur, { ifMatch }).value;

  it('reads status changes', () => {
    expect(change(body())).toEqual({ kind: 'none' });
    expect(change(body({ status: 'arrived' }))).toEqual({ kind: 'status', version: 2, to: 'checked_in' });
    expect(change(body({ status: 'checked-in' }))).toEqual({ kind: 'status', version: 2, to: 'checked_in' });
    expect(change(body({ status: 'noshow' }))).toEqual({ kind: 'status', version: 2, to: 'no_show' });
    expect(change(body({ status: 'fulfilled' }), undefined, { ...current, status: 'checked_in' })).toEqual({ kind: 'status', version: 2, to: 'completed' });
    expect(change(body({ status: 'cancelled', cancelationReason: { coding: [{ code: 'pat', display: 'Patient request' }] } }))).toEqual({ kind: 'status', version: 2, to: 'cancelled', reason: 'Patient request' });
  });

  it('reads moves: a new start keeps the length unless an end is given; another practitioner', () => {
    expect(change(body({ start: '2031-03-11T09:00:00-05:00', end: undefined }))).toEqual({ kind: 'move', version: 2, start: '2031-03-11T14:00:00.000Z', end: '2031-03-11T14:30:00.000Z' });
    expect(change(body({ end: '2031-03-11T09:00:00-05:00' }))).toEqual({ kind: 'move', version: 2, start: current.start, end: '2031-03-11T14:00:00.000Z' });
    expect(change(body({ participant: [patient, { actor: { reference: 'Practitioner/pM' } }] }), 'W/"2"')).toEqual({ kind: 'move', version: 2, start: current.start, end: current.end, providerId: 'pM' });
  });

  it.each([
    ['a stale version', body({ meta: { versionId: '1' } }), undefined, 'precondition_failed', []],
    ['a stale If-Match', body(), 'W/"1"', 'precondition_failed', []],
    ['no version', body({ meta: undefined }), undefined, 'precondition_failed', []],
    ['a malformed If-Match', body(), 'version 2', 'invalid', ['If-Match']],
    ['another id', body({ id: 'a2' }), undefined, 'invalid', ['Appointment.id']],
    ['no status', body({ status: undefined }), undefined, 'invalid', ['Appointment.status']],
    ['status waitlist', body({ status: 'waitlist' }), undefined, 'invalid', ['Appointment.status']],
    ['another patient', body({ participant: [{ actor: { reference: 'Patient/p2' } }] }), undefined, 'invalid', ['Appointment.participant[0].actor']],
    ['another location', body({ participant: [{ actor: { reference: 'Location/l2' } }] }), undefined, 'invalid', ['Appointment.participant[0].actor']],
    ['another type', body({ appointmentType: { coding: [{ system: TYPE, code: 'np' }] } }), undefined, 'invalid', ['Appointment.appointmentType']],
    ['a move and a status change', body({ status: 'cancelled', start: '2031-03-11T09:00:00-05:00', end: undefined }), undefined, 'invalid', ['Appointment.status']],
    ['a cancellation without reason', body({ status: 'cancelled', cancelationReason: { text: 'no' } }), undefined, 'invalid', ['Appointment.cancelationReason']],
    ['a duration that does not match', body({ minutesDuration: 20 }), undefined, 'invalid', ['Appointment.minutesDuration']],
    ['an end before the start', body({ end: '2031-03-11T07:00:00-05:00' }), undefined, 'invalid', ['Appointment.end']],
    ['fulfilled straight from booked', body({ status: 'fulfilled' }), undefined, 'precondition_failed', []],
  ])('refuses %s', (_what, b, ifMatch, code, paths) => {
    expect(refusal(() => change(b, ifMatch))).toMatchObject({ code, paths });
  });
});
