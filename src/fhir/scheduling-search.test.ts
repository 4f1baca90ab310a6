import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/shared/index.ts';
import {
  appointmentWindow,
  inDateRange,
  parseAppointmentSearch,
  parseDateRange,
  parseReference,
  parseScheduleSearch,
  parseSlotSearch,
  slotWindow,
  windowInstants,
} from './scheduling-search.ts';

const q = (s: string): [string, string][] => [...new URLSearchParams(s).entries()];
const strict = { lenient: false };
const refusal = (f: () => unknown): { code: string; fhir: unknown; paths: string[]; message: string } => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, fhir: e.details.fhirIssueCode, paths: e.issues.map((i) => i.path), message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};
const ms = (iso: string) => Date.parse(iso);

describe('parseReference', () => {
  it.each([
    ['Practitioner/p1', ['Practitioner'], { type: 'Practitioner', id: 'p1' }],
    ['p1', ['Practitioner'], { type: 'Practitioner', id: 'p1' }],
    ['p1', ['Practitioner', 'Location'], { type: null, id: 'p1' }],
    ['https://host/fhir/R4/Location/l-1.2', ['Practitioner', 'Location'], { type: 'Location', id: 'l-1.2' }],
    ['Patient/p1/_history/3', ['Patient'], { type: 'Patient', id: 'p1' }],
    ['Device/d1', ['Practitioner'], null],
  ] as const)('%s', (raw, allowed, expected) => {
    expect(parseReference('actor', raw, allowed)).toEqual(expected);
  });

  it.each(['Practitioner/bad_id!', 'bad id', 'Practitioner/', 'lowercase/x'])('refuses %s naming the parameter', (raw) => {
    expect(refusal(() => parseReference('actor', raw, ['Practitioner'])).paths).toEqual(['actor']);
  });
});

describe('date ranges', () => {
  it.each([
    ['2031-03-11', { lower: { bound: { kind: 'date', date: '2031-03-11' }, inclusive: true }, upper: { bound: { kind: 'date', date: '2031-03-11' }, inclusive: true } }],
    ['gt2031-03-11', { lower: { bound: { kind: 'date', date: '2031-03-11' }, inclusive: false } }],
    ['lt2031-03-11T09:00:00-05:00', { upper: { bound: { kind: 'instant', ms: ms('2031-03-11T14:00:00Z') }, inclusive: false } }],
    ['le2031-03-11T09:00Z', { upper: { bound: { kind: 'instant', ms: ms('2031-03-11T09:00:00Z') }, inclusive: true } }],
  ])('%s', (raw, expected) => {
    expect(parseDateRange('date', [raw])).toEqual(expected);
  });

  it.each([
    [['sa2031-03-11'], 'not-supported'],
    [['2031'], 'not-supported'],
    [['2031-02-30'], 'invalid'],
    [['2031-03-11T09:00'], 'invalid'],
    [['ge2031-03-11', 'gt2031-03-12'], 'not-supported'],
    [['2031-03-11', 'le2031-03-12'], 'not-supported'],
  ])('refuses %j (%s)', (values, fhir) => {
    expect(refusal(() => parseDateRange('date', values))).toMatchObject({ fhir, paths: ['date'] });
  });

  it('matches local dates for date bounds and instants for instant bounds', () => {
    const day = parseDateRange('start', ['ge2031-03-11', 'lt2031-03-12']);
    // 23:30 in Chicago on the 11th is the 12th in UTC: still the 11th locally.
    expect(inDateRange(day, ms('2031-03-12T04:30:00Z'), '2031-03-11')).toBe(true);
    expect(inDateRange(day, ms('2031-03-12T05:00:00Z'), '2031-03-12')).toBe(false);
    const morning = parseDateRange('start', ['ge2031-03-11T09:00:00-05:00', 'le2031-03-11T10:00:00-05:00']);
    expect(inDateRange(morning, ms('2031-03-11T14:00:00Z'), '2031-03-11')).toBe(true);
    expect(inDateRange(morning, ms('2031-03-11T15:00:00Z'), '2031-03-11')).toBe(true);
    expect(inDateRange(morning, ms('2031-03-11T15:30:00Z'), '2031-03-11')).toBe(false);
    expect(inDateRange(parseDateRange('start', ['gt2031-03-11T14:00:00Z']), ms('2031-03-11T14:00:00Z'), '2031-03-11')).toBe(false);
    expect(inDateRange({}, 0, '1970-01-01')).toBe(true);
  });

  it('opens a slot window from today for 14 days, never in the past, at most 31 days', () => {
    expect(slotWindow({}, '2031-03-10')).toEqual({ from: '2031-03-10', to: '2031-03-24' });
    expect(slotWindow(parseDateRange('start', ['ge2031-03-20']), '2031-03-10')).toEqual({ from: '2031-03-20', to: '2031-04-03' });
    expect(slotWindow(parseDateRange('start', ['ge2031-01-01', 'le2031-03-12']), '2031-03-10')).toEqual({ from: '2031-03-10', to: '2031-03-12' });
    expect(slotWindow(parseDateRange('start', ['lt2031-03-10']), '2031-03-10')).toBeNull();
    // Instant bounds widen the dates by a day each way; the exact bound is applied to each slot.
    expect(slotWindow(parseDateRange('start', ['ge2031-03-12T09:00:00-05:00', 'lt2031-03-12T12:00:00-05:00']), '2031-03-10')).toEqual({ from: '2031-03-11', to: '2031-03-13' });
    expect(slotWindow(parseDateRange('start', ['ge2031-03-10', 'le2031-04-09']), '2031-03-10')).toEqual({ from: '2031-03-10', to: '2031-04-09' });
    expect(refusal(() => slotWindow(parseDateRange('start', ['ge2031-03-10', 'le2031-04-10']), '2031-03-10'))).toMatchObject({ fhir: 'not-supported', paths: ['start'] });
  });

  it('opens an appointment window around today, from one bound, at most 92 days', () => {
    expect(appointmentWindow({}, '2031-03-10')).toEqual({ from: '2031-02-08', to: '2031-05-10' });
    expect(appointmentWindow(parseDateRange('date', ['ge2031-03-01']), '2031-03-10')).toEqual({ from: '2031-03-01', to: '2031-05-31' });
    expect(appointmentWindow(parseDateRange('date', ['lt2031-03-01']), '2031-03-10')).toEqual({ from: '2030-11-29', to: '2031-02-28' });
    expect(appointmentWindow(parseDateRange('date', ['gt2031-03-02', 'lt2031-03-02']), '2031-03-10')).toBeNull();
    expect(refusal(() => appointmentWindow(parseDateRange('date', ['ge2031-01-01', 'le2031-12-31']), '2031-03-10')).paths).toEqual(['date']);
    expect(windowInstants({ from: '2031-03-10', to: '2031-03-10' })).toEqual({ from: '2031-03-09T00:00:00.000Z', to: '2031-03-12T00:00:00.000Z' });
  });
});

describe('parseScheduleSearch and parseSlotSearch', () => {
  it('reads actor, schedule, schedule.actor, start, status and service-type', () => {
    expect(parseScheduleSearch(q('actor=Location/l1'), strict).criteria).toEqual({ actor: { type: 'Location', id: 'l1' }, possible: true });
    expect(parseScheduleSearch(q('actor=Device/d1'), strict).criteria.possible).toBe(false);
    const s = parseSlotSearch(q('schedule=Schedule/sched-1&schedule.actor=Practitioner/p1&start=ge2031-03-11&start=lt2031-03-12&status=free&service-type=urn:medoffice:appointment-type|fu&_count=5'), strict);
    expect(s.criteria).toMatchObject({ scheduleId: 'sched-1', actor: { type: 'Practitioner', id: 'p1' }, typeId: 'fu', possible: true });
    expect(s.criteria.start.lower?.bound).toEqual({ kind: 'date', date: '2031-03-11' });
    expect(s.page).toEqual({ count: 5, offset: 0 });
    expect(s.used.map(([k]) => k)).toEqual(['schedule', 'schedule.actor', 'status', 'service-type', 'start', 'start']);
  });

  it.each(['status=busy', 'status=http://other|free', 'service-type=http://snomed.info/sct|123', 'schedule=Practitioner/p1'])('%s matches nothing', (s) => {
    expect(parseSlotSearch(q(s), strict).criteria.possible).toBe(false);
  });

  it.each([
    ['status=open', 'status'],
    ['start=ge2031-03-01&start=le2031-03-02&start=eq2031-03-01', 'start'],
    ['start=ge2031-03-01,le2031-03-02', 'start'],
    ['start:missing=true', 'start:missing'],
    ['colour=blue', 'colour'],
    ['service-type=bad id', 'service-type'],
  ])('refuses %s naming %s', (s, path) => {
    expect(refusal(() => parseSlotSearch(q(s), strict)).paths).toEqual([path]);
  });

  it('ignores unknown parameters when lenient', () => {
    expect(parseSlotSearch(q('colour=blue&status=free'), { lenient: true }).ignored).toEqual(['colour']);
  });
});

describe('parseAppointmentSearch', () => {
  it('reads date bounds, patient, practitioner and status', () => {
    const p = parseAppointmentSearch(q('date=ge2031-03-01&date=le2031-03-31&patient=Patient/p1&practitioner=pr1&status=arrived'), strict);
    expect(p.criteria).toMatchObject({ patientId: 'p1', practitionerId: 'pr1', status: 'checked_in', possible: true });
    expect(p.criteria.date.upper).toEqual({ bound: { kind: 'date', date: '2031-03-31' }, inclusive: true });
  });

  it.each(['status=proposed', 'status=http://other|booked', 'patient=Group/g1'])('%s matches nothing', (s) => {
    expect(parseAppointmentSearch(q(s), strict).criteria.possible).toBe(false);
  });

  it.each([
    ['status=done', 'status'],
    ['date=ne2031-03-01', 'date'],
    ['patient=Patient/bad_id!', 'patient'],
    ['practitioner=a&practitioner=b', 'practitioner'],
  ])('refuses %s naming %s', (s, path) => {
    expect(refusal(() => parseAppointmentSearch(q(s), strict)).paths).toEqual([path]);
  });
});
