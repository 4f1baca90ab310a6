import { describe, expect, it } from 'vitest';
import type { Appointment, WorkingTemplate } from './appointment.ts';
import { evaluateBooking } from './guideline-evaluation.ts';
import { indexSchedule, type SlotSearchData } from './schedule-index.ts';
import { slotId, slotIdStart } from './slot-id.ts';
import { findSlots, firstAvailable, type SlotQuery } from './slot-search.ts';
import { appt, context, exception, LA, MAIN, NY, PATEL, RUIZ, ruleSet, searchData, template, TYPES, WEST } from './testing/schedule-data.ts';

const query = (over: Partial<SlotQuery> = {}): SlotQuery => ({
  typeId: TYPES.followUp.id,
  from: '2026-03-03',
  to: '2026-03-03',
  providerIds: [PATEL.id],
  now: '2026-01-01T00:00:00.000Z',
  ...over,
});
const starts = (q: SlotQuery, d: SlotSearchData): string[] => findSlots(q, d).map((s) => s.start);
const locals = (q: SlotQuery, d: SlotSearchData): string[] => findSlots(q, d).map((s) => s.localStart);

describe('findSlots across DST in America/New_York', () => {
  const sunday = (start: string, end: string): WorkingTemplate[] => [template('tpl-sun', 0, start, end)];

  it.each([
    // date, template, first UTC start, last UTC start, slot count (30 minutes each)
    ['2026-03-01', ['08:00', '17:00'], '2026-03-01T13:00:00.000Z', '2026-03-01T21:30:00.000Z', 18], // EST
    ['2026-03-08', ['08:00', '17:00'], '2026-03-08T12:00:00.000Z', '2026-03-08T20:30:00.000Z', 18], // spring forward: EDT
    ['2026-11-01', ['08:00', '17:00'], '2026-11-01T13:00:00.000Z', '2026-11-01T21:30:00.000Z', 18], // fall back: EST
    ['2026-03-08', ['00:00', '06:00'], '2026-03-08T05:00:00.000Z', '2026-03-08T09:30:00.000Z', 10], // a 5-hour night
    ['2026-11-01', ['00:00', '06:00'], '2026-11-01T04:00:00.000Z', '2026-11-01T10:30:00.000Z', 14], // a 7-hour night
  ])('%s %j: %s .. %s, %i slots', (date, [start, end], first, last, count) => {
    const got = starts(query({ from: date, to: date }), searchData({ templates: sunday(start!, end!) }));
    expect(got).toHaveLength(count);
    expect(got[0]).toBe(first);
    expect(got.at(-1)).toBe(last);
  });

  it('has no 02:30 on spring-forward day: 01:30 EST is followed by 03:00 EDT', () => {
    const got = locals(query({ from: '2026-03-08', to: '2026-03-08' }), searchData({ templates: sunday('00:00', '06:00') }));
    expect(got.slice(2, 5)).toEqual(['2026-03-08T01:00:00-05:00', '2026-03-08T01:30:00-05:00', '2026-03-08T03:00:00-04:00']);
    expect(got.some((s) => s.includes('T02:'))).toBe(false);
  });

  it('offers 01:30 twice on fall-back day, EDT then EST, with different ids', () => {
    const slots = findSlots(query({ from: '2026-11-01', to: '2026-11-01' }), searchData({ templates: sunday('00:00', '06:00') }));
    const at0130 = slots.filter((s) => s.localStart.slice(11, 16) === '01:30');
    expect(at0130.map((s) => [s.start, s.localStart])).toEqual([
      ['2026-11-01T05:30:00.000Z', '2026-11-01T01:30:00-04:00'],
      ['2026-11-01T06:30:00.000Z', '2026-11-01T01:30:00-05:00'],
    ]);
    expect(new Set(at0130.map((s) => s.id)).size).toBe(2);
  });

  it('a booking asked for at 02:30 on spring-forward day is evaluated at 03:30 EDT (the documented move)', () => {
    const verdicts = evaluateBooking(
      context({ templates: sunday('08:00', '17:00'), now: '2026-03-01T00:00:00.000Z' }, { start: '2026-03-08T07:30:00.000Z', end: '2026-03-08T08:00:00.000Z' }),
    );
    expect(verdicts.map((v) => v.sentence)).toEqual([
      'Dr. Patel works at Main Street 8:00 AM to 5:00 PM on Sun, Mar 8, 2026; 3:30 AM to 4:00 AM is outside those hours.',
    ]);
  });
});

describe('findSlots: calendar edges', () => {
  it('a leap day (Tuesday 2028-02-29) has its slots', () => {
    const slots = findSlots(query({ from: '2028-02-28', to: '2028-03-01' }), searchData());
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2028-02-29']));
    expect(slots[0]).toMatchObject({ start: '2028-02-29T13:00:00.000Z', localStart: '2028-02-29T08:00:00-05:00', localEnd: '2028-02-29T08:30:00-05:00', templateId: 'tpl-am' });
    expect(slots).toHaveLength(16);
  });

  it('a holiday closes the day; the next week is open', () => {
    const holiday = exception('holiday', '2026-03-03T05:00:00.000Z', '2026-03-04T05:00:00.000Z', 'Closed');
    const slots = findSlots(query({ from: '2026-03-01', to: '2026-03-14' }), searchData({ exceptions: [holiday] }));
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2026-03-10']));
  });

  it('time off removes part of a day', () => {
    const off = exception('time_off', '2026-03-03T18:00:00.000Z', '2026-03-03T22:00:00.000Z', 'dentist'); // 13:00-17:00 EST
    expect(new Set(findSlots(query(), searchData({ exceptions: [off] })).map((s) => s.templateId))).toEqual(new Set(['tpl-am']));
  });

  it('a template that changes mid-month: mornings to the 15th, afternoons from the 16th', () => {
    const templates = [
      template('tpl-old', 2, '08:00', '10:00', { effectiveTo: '2026-03-15' }),
      template('tpl-new', 2, '14:00', '15:00', { effectiveFrom: '2026-03-16' }),
    ];
    const slots = findSlots(query({ from: '2026-03-01', to: '2026-03-31' }), searchData({ templates }));
    const byDate = (d: string): string[] => slots.filter((s) => s.localDate === d).map((s) => s.localStart.slice(11, 16));
    expect(byDate('2026-03-10')).toEqual(['08:00', '08:30', '09:00', '09:30']);
    expect(byDate('2026-03-17')).toEqual(['14:00', '14:30']);
    expect(byDate('2026-03-24')).toEqual(['14:00', '14:30']);
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31']));
  });

  it('a provider at two locations in two zones on the same day', () => {
    const templates = [template('tpl-ny', 2, '08:00', '09:00'), template('tpl-la', 2, '13:00', '14:00', { locationId: WEST.id })];
    const slots = findSlots(query(), searchData({ templates }));
    expect(slots.map((s) => [s.locationId, s.timeZone, s.start, s.localStart])).toEqual([
      [MAIN.id, NY, '2026-03-03T13:00:00.000Z', '2026-03-03T08:00:00-05:00'],
      [MAIN.id, NY, '2026-03-03T13:30:00.000Z', '2026-03-03T08:30:00-05:00'],
      [WEST.id, LA, '2026-03-03T21:00:00.000Z', '2026-03-03T13:00:00-08:00'],
      [WEST.id, LA, '2026-03-03T21:30:00.000Z', '2026-03-03T13:30:00-08:00'],
    ]);
  });

  it('a booking in New York blocks the same instant in Los Angeles', () => {
    // 12:00-13:00 EST and 09:00-10:00 PST are the same hour, 17:00-18:00Z.
    const templates = [template('tpl-ny', 2, '12:00', '13:00'), template('tpl-la', 2, '09:00', '10:00', { locationId: WEST.id })];
    const appointments = [appt('2026-03-03T17:00:00.000Z', '2026-03-03T17:30:00.000Z')];
    const slots = findSlots(query(), searchData({ templates, appointments }));
    expect(slots.map((s) => [s.locationId, s.localStart.slice(11, 16)])).toEqual([
      [MAIN.id, '12:30'],
      [WEST.id, '09:30'],
    ]);
  });
});

describe('findSlots: bookings, rooms and rules', () => {
  const morning = [template('tpl-am', 2, '08:00', '10:00')];

  it.each<[string, Partial<SlotSearchData>, Partial<SlotQuery>, string[]]>([
    ['an open morning', { templates: morning }, {}, ['08:00', '08:30', '09:00', '09:30']],
    ['a booking takes its slot', { templates: morning, appointments: [appt('2026-03-03T13:30:00.000Z', '2026-03-03T14:00:00.000Z')] }, {}, ['08:00', '09:00', '09:30']],
    ['a cancelled booking frees it', { templates: morning, appointments: [appt('2026-03-03T13:30:00.000Z', '2026-03-03T14:00:00.000Z', { status: 'cancelled' })] }, {}, ['08:00', '08:30', '09:00', '09:30']],
    ['an off-grid booking takes both slots it touches', { templates: morning, appointments: [appt('2026-03-03T13:20:00.000Z', '2026-03-03T13:40:00.000Z')] }, {}, ['09:00', '09:30']],
    ['a type the block does not allow', { templates: [template('tpl-am', 2, '08:00', '10:00', { allowedTypeIds: [TYPES.procedure.id] })] }, {}, []],
    ['a 15-minute step', { templates: [template('tpl-am', 2, '08:00', '09:00')] }, { stepMinutes: 15 }, ['08:00', '08:15', '08:30']],
    ['lead time from now', { templates: morning, ruleSets: [ruleSet({ minLeadTimeMinutes: 60 })] }, { now: '2026-03-03T12:45:00.000Z' }, ['09:00', '09:30']],
    ['the booking horizon', { templates: morning, ruleSets: [ruleSet({ bookingHorizonDays: 30 })] }, {}, []],
    [
      'a buffer after a procedure',
      { templates: morning, ruleSets: [ruleSet({ buffersAfter: [{ typeId: TYPES.procedure.id, minutes: 15 }] })], appointments: [appt('2026-03-03T13:00:00.000Z', '2026-03-03T13:30:00.000Z', { typeId: TYPES.procedure.id })] },
      {},
      ['09:00', '09:30'],
    ],
    ['a payer the provider does not take', { templates: morning, ruleSets: [ruleSet({ payersNotAccepted: ['acme'] })] }, { patient: { patientId: 'pt', ageYears: 30, isNew: false, payerId: 'acme', planType: 'PPO' } }, []],
    [
      'new patients per session',
      { templates: morning, ruleSets: [ruleSet({ maxNewPatientsPerSession: 1 })], appointments: [appt('2026-03-03T13:00:00.000Z', '2026-03-03T13:30:00.000Z', { typeId: TYPES.newVisit.id })] },
      { typeId: TYPES.newVisit.id },
      [],
    ],
    ['the patient is busy', { templates: morning }, { patient: { patientId: 'pt', ageYears: 30, isNew: false, payerId: null, planType: null }, patientAppointments: [appt('2026-03-03T13:00:00.000Z', '2026-03-03T14:00:00.000Z', { patientId: 'pt', providerId: RUIZ.id })] }, ['09:00', '09:30']],
  ])('%s', (_name, data, q, expected) => {
    expect(locals(query(q), searchData(data)).map((s) => s.slice(11, 16))).toEqual(expected);
  });

  it('a procedure gets the free procedure room; none when it is taken', () => {
    const slots = findSlots(query({ typeId: TYPES.procedure.id }), searchData({ templates: morning }));
    expect(slots.map((s) => [s.localStart.slice(11, 16), s.roomId])).toEqual([
      ['08:00', 'r-proc1'],
      ['09:00', 'r-proc1'],
    ]);
    const taken = appt('2026-03-03T13:00:00.000Z', '2026-03-03T14:00:00.000Z', { providerId: RUIZ.id, roomId: 'r-proc1' });
    expect(locals(query({ typeId: TYPES.procedure.id }), searchData({ templates: morning, appointments: [taken] })).map((s) => s.slice(11, 16))).toEqual(['09:00']);
  });

  it('any provider at a location, sorted by start then provider', () => {
    const templates = [template('a', 2, '08:00', '09:00'), template('b', 2, '08:30', '09:30', { providerId: RUIZ.id })];
    const slots = findSlots(query({ providerIds: null, locationId: MAIN.id }), searchData({ templates }));
    expect(slots.map((s) => [s.localStart.slice(11, 16), s.providerId])).toEqual([
      ['08:00', PATEL.id],
      ['08:30', PATEL.id],
      ['08:30', RUIZ.id],
      ['09:00', RUIZ.id],
    ]);
  });

  it('first available across providers and days', () => {
    const templates = [template('a', 2, '08:00', '09:00'), template('b', 4, '08:00', '09:00', { providerId: RUIZ.id })];
    const appointments = [appt('2026-03-03T13:00:00.000Z', '2026-03-03T14:00:00.000Z')];
    const data = indexSchedule(searchData({ templates, appointments }));
    const q = query({ providerIds: [PATEL.id, RUIZ.id], from: '2026-03-03', to: '2026-03-31' });
    expect(firstAvailable(q, data, 3).map((s) => [s.localDate, s.localStart.slice(11, 16), s.providerId])).toEqual([
      ['2026-03-05', '08:00', RUIZ.id],
      ['2026-03-05', '08:30', RUIZ.id],
      ['2026-03-10', '08:00', PATEL.id],
    ]);
    expect(firstAvailable(q, data, 3)).toEqual(findSlots(q, data).slice(0, 3));
    expect(firstAvailable(q, data, 0)).toEqual([]);
  });
});

describe('slot ids', () => {
  it('are stable, FHIR-valid, and carry their start', () => {
    const [a] = findSlots(query(), searchData());
    const [b] = findSlots(query(), indexSchedule(searchData()));
    expect(a!.id).toBe(b!.id);
    expect(a!.id).toBe(slotId(PATEL.id, MAIN.id, TYPES.followUp.id, '2026-03-03T13:00:00.000Z'));
    expect(a!.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(slotIdStart(a!.id)).toBe('2026-03-03T13:00:00.000Z');
  });
});

describe('performance smoke: 50 providers x 90 days, 60 days of bookings', () => {
  it('runs and returns slots', () => {
    const providers = Array.from({ length: 50 }, (_, i) => ({ ...PATEL, id: `p${String(i).padStart(2, '0')}` }));
    const templates = providers.flatMap((p) =>
      [1, 2, 3, 4, 5].flatMap((wd) => [
        template(`${p.id}-${wd}-am`, wd, '08:00', '12:00', { providerId: p.id }),
        template(`${p.id}-${wd}-pm`, wd, '13:00', '17:00', { providerId: p.id }),
      ]),
    );
    // Every provider booked solid for the first 60 days (08:00-17:00 EST/EDT every day).
    const appointments: Appointment[] = [];
    for (const p of providers)
      for (let d = 0; d < 60; d++) {
        const day = Date.UTC(2026, 3, 1) + d * 86_400_000;
        for (let h = 12; h < 22; h++) appointments.push(appt(new Date(day + h * 3_600_000).toISOString(), new Date(day + (h + 1) * 3_600_000).toISOString(), { providerId: p.id }));
      }
    const data = indexSchedule(searchData({ providers, templates, appointments, ruleSets: [ruleSet({ maxNewPatientsPerDay: 4, buffersAfter: [{ typeId: TYPES.procedure.id, minutes: 10 }] })] }));
    const q = query({ providerIds: null, locationId: MAIN.id, from: '2026-04-01', to: '2026-06-29', now: '2026-03-31T12:00:00.000Z' });
    const first = firstAvailable(q, data, 3);
    // Booked through Sat 2026-05-30; Sunday has no template: Monday 08:00 EDT, the first three providers.
    expect(first.map((s) => [s.start, s.providerId])).toEqual([
      ['2026-06-01T12:00:00.000Z', 'p00'],
      ['2026-06-01T12:00:00.000Z', 'p01'],
      ['2026-06-01T12:00:00.000Z', 'p02'],
    ]);
    const all = findSlots(q, data);
    expect(all.length).toBeGreaterThan(1000);
  });
});
