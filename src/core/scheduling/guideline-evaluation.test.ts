import { describe, expect, it } from 'vitest';
import type { GuidelineContext, RuleVerdict } from './guideline-context.ts';
import { bookable, evaluateBooking, roomFor } from './guideline-evaluation.ts';
import { appt, context, exception, MAIN, PATEL, ROOMS, ruleSet, template, TYPES } from './testing/schedule-data.ts';

// Tuesday 2026-03-03 in New York is EST (UTC-5): 10:00 local = 15:00Z.
const at = (localHour: number, localMinute = 0): string => new Date(Date.UTC(2026, 2, 3, localHour + 5, localMinute)).toISOString();
const slot = (h: number, m = 0, minutes = 30): { start: string; end: string } => ({ start: at(h, m), end: new Date(Date.parse(at(h, m)) + minutes * 60_000).toISOString() });

type Case = [name: string, over: Partial<GuidelineContext>, candidate: Partial<GuidelineContext['candidate']>, expected: Partial<RuleVerdict>[]];

const block = (code: RuleVerdict['code'], sentence: string, overridable = true): Partial<RuleVerdict> => ({ code, sentence, blocking: true, overridable });

describe('evaluateBooking: one blocking case per rule, with its sentence', () => {
  it.each<Case>([
    ['a free time inside the template', {}, {}, []],
    [
      'time off',
      { exceptions: [exception('time_off', at(14), at(17), 'vacation')] },
      slot(14),
      [block('exception', 'Dr. Patel is on time off from 2:00 PM to 5:00 PM (vacation).', false)],
    ],
    [
      'a location holiday all day',
      { exceptions: [exception('holiday', at(0), at(24), "Founders' Day", { locationId: MAIN.id })] },
      {},
      [block('exception', "Main Street is closed for a holiday all day on Tue, Mar 3, 2026 (Founders' Day).", false)],
    ],
    [
      'blocked time (a rule exception may release it)',
      { exceptions: [exception('blocked', at(10), at(11), 'staff meeting')] },
      {},
      [block('exception', "Dr. Patel's time is blocked from 10:00 AM to 11:00 AM (staff meeting).")],
    ],
    [
      'outside the template (lunch)',
      {},
      slot(12),
      [block('outside_template', 'Dr. Patel works at Main Street 8:00 AM to 12:00 PM and 1:00 PM to 5:00 PM on Tue, Mar 3, 2026; 12:00 PM to 12:30 PM is outside those hours.')],
    ],
    [
      'no template that weekday',
      {},
      { start: '2026-03-04T15:00:00.000Z', end: '2026-03-04T15:30:00.000Z' },
      [block('outside_template', 'Dr. Patel does not work at Main Street on Wed, Mar 4, 2026.')],
    ],
    [
      'a type not allowed in the block',
      { templates: [template('tpl-am', 2, '08:00', '12:00', { allowedTypeIds: [TYPES.followUp.id, TYPES.established.id] })], type: TYPES.newVisit },
      {},
      [block('type_not_allowed', "New Patient Visit is not booked in Dr. Patel's 8:00 AM to 12:00 PM block (allowed: Follow-up, Established Visit).")],
    ],
    [
      'a new-patient type for an established patient',
      { type: TYPES.newVisit, patient: { patientId: 'pt-1', ageYears: 40, isNew: false, payerId: null, planType: null } },
      {},
      [block('type_not_allowed', 'New Patient Visit is for new patients only.')],
    ],
    [
      'the provider is already booked',
      { providerAppointments: [appt(at(10), at(10, 30))] },
      {},
      [block('conflict_provider', 'Dr. Patel already has a Follow-up from 10:00 AM to 10:30 AM.')],
    ],
    [
      'the provider is booked at another location (another zone)',
      { providerAppointments: [appt(at(9, 45), at(10, 15), { locationId: 'l-west', timeZone: 'America/Los_Angeles' })] },
      {},
      [block('conflict_provider', 'Dr. Patel already has a Follow-up at another location from 9:45 AM to 10:15 AM.')],
    ],
    [
      'overbooking beyond the hourly cap',
      {
        rules: [ruleSet({ maxOverbookPerHour: 1 })],
        override: { overbook: true },
        providerAppointments: [appt(at(10), at(10, 30)), appt(at(10), at(10, 30), { override: { kind: 'overbook', reason: 'urgent', by: 'u1' } })],
      },
      {},
      [
        { code: 'conflict_provider', blocking: false, overridable: true, overrideKind: 'overbook' },
        { code: 'conflict_provider', blocking: false },
        block('overbook_limit', 'Dr. Patel already has 1 overbooked visit between 10:00 AM and 11:00 AM; the limit is 1 per hour.', false),
      ],
    ],
    [
      'the chosen room is taken',
      { type: TYPES.procedure, roomAppointments: [appt(at(10), at(11), { roomId: 'r-proc1', providerId: 'p-ruiz' })] },
      { ...slot(10, 0, 60), roomId: 'r-proc1' },
      [block('conflict_room', 'Procedure Room is taken from 10:00 AM to 11:00 AM.', false)],
    ],
    [
      'every room of the type is taken',
      { type: TYPES.procedure, roomAppointments: [appt(at(9, 30), at(10, 30), { roomId: 'r-proc1', providerId: 'p-ruiz' })] },
      slot(10, 0, 60),
      [block('conflict_room', 'Every procedure room at Main Street is taken from 10:00 AM to 11:00 AM.', false)],
    ],
    [
      'a room type the location lacks (rule-assigned)',
      { rules: [ruleSet({ roomTypes: [{ typeId: TYPES.followUp.id, roomType: 'imaging' }] })] },
      {},
      [block('room_required', 'Follow-up needs an imaging room and Main Street has none.', false)],
    ],
    [
      'a chosen room of the wrong type',
      { type: TYPES.procedure },
      { ...slot(10, 0, 60), roomId: 'r-exam1' },
      [block('room_required', 'Procedure needs a procedure room; Exam 1 is an exam room.', false)],
    ],
    [
      'the patient is booked elsewhere then',
      {
        patient: { patientId: 'pt-1', ageYears: 40, isNew: false, payerId: null, planType: null },
        patientAppointments: [appt(at(10, 15), at(10, 45), { patientId: 'pt-1', providerId: 'p-ruiz' })],
      },
      {},
      [block('conflict_patient', 'The patient already has an appointment from 10:15 AM to 10:45 AM.', false)],
    ],
    [
      'a buffer after an earlier procedure',
      { rules: [ruleSet({ buffersAfter: [{ typeId: TYPES.procedure.id, minutes: 15 }] })], providerAppointments: [appt(at(9), at(10), { typeId: TYPES.procedure.id })] },
      {},
      [block('buffer', 'Dr. Patel keeps 15 minutes free after a Procedure that ends at 10:00 AM (until 10:15 AM).')],
    ],
    [
      'a buffer the candidate itself needs',
      { type: TYPES.procedure, rules: [ruleSet({ buffersAfter: [{ typeId: TYPES.procedure.id, minutes: 15 }] })], providerAppointments: [appt(at(11, 10), at(11, 40))] },
      slot(10, 0, 60),
      [block('buffer', 'Procedure needs 15 minutes free after it, and Dr. Patel has a Follow-up at 11:10 AM.')],
    ],
    [
      'new patients per day',
      { type: TYPES.newVisit, rules: [ruleSet({ maxNewPatientsPerDay: 2 })], providerAppointments: [appt(at(8), at(8, 30), { typeId: 't-new' }), appt(at(14), at(14, 30), { typeId: 't-new' })] },
      {},
      [block('new_patient_limit', 'Dr. Patel already has 2 new patients on Tue, Mar 3, 2026; the limit is 2 per day.')],
    ],
    [
      'new patients per session',
      { type: TYPES.newVisit, rules: [ruleSet({ maxNewPatientsPerSession: 1, maxNewPatientsPerDay: 5 })], providerAppointments: [appt(at(8), at(8, 30), { typeId: 't-new' }), appt(at(14), at(14, 30), { typeId: 't-new' })] },
      {},
      [block('new_patient_limit', 'Dr. Patel already has 1 new patient in the 8:00 AM to 12:00 PM session; the limit is 1 per session.')],
    ],
    [
      'too little notice',
      { rules: [ruleSet({ minLeadTimeMinutes: 1440 })], now: '2026-03-03T12:00:00.000Z' },
      {},
      [block('lead_time', 'Visits need at least 1 day notice; 10:00 AM on Tue, Mar 3, 2026 is only 3 hours away.')],
    ],
    ['in the past', { now: '2026-03-03T16:00:00.000Z' }, {}, [block('lead_time', '10:00 AM on Tue, Mar 3, 2026 has already passed.')]],
    [
      'beyond the booking horizon',
      { rules: [ruleSet({ bookingHorizonDays: 1 })] },
      {},
      [block('horizon', 'Visits can be booked up to 1 day ahead (until Mon, Mar 2, 2026); Tue, Mar 3, 2026 is further out.')],
    ],
    [
      'a payer the provider does not take',
      {
        rules: [ruleSet({ payersNotAccepted: ['payer-acme'] }, { level: 'provider', providerId: PATEL.id })],
        patient: { patientId: 'pt-1', ageYears: 40, isNew: false, payerId: 'payer-acme', payerName: 'Acme Health', planType: 'PPO' },
      },
      {},
      [block('payer_not_accepted', 'Dr. Patel does not take Acme Health.')],
    ],
    [
      'a plan type the provider does not take',
      {
        rules: [ruleSet({ planTypesNotAccepted: ['Medicaid'] }, { level: 'provider', providerId: PATEL.id, locationId: MAIN.id })],
        patient: { patientId: 'pt-1', ageYears: 40, isNew: false, payerId: 'payer-state', planType: 'Medicaid' },
      },
      {},
      [block('payer_not_accepted', 'Dr. Patel does not take Medicaid plans.')],
    ],
    [
      "an age outside the type's limits",
      { type: TYPES.pediatric, patient: { patientId: 'pt-1', ageYears: 18, isNew: false, payerId: null, planType: null } },
      {},
      [block('age_limit', 'Pediatric Visit is for patients aged 0 to 17.')],
    ],
    [
      'an age outside a rule that replaces the type limits',
      { rules: [ruleSet({ ageLimits: [{ typeId: TYPES.followUp.id, minAgeYears: 65, maxAgeYears: null }] })], patient: { patientId: 'pt-1', ageYears: 64, isNew: false, payerId: null, planType: null } },
      {},
      [block('age_limit', 'Follow-up is for patients aged 65 and over.')],
    ],
  ])('%s', (_name, over, candidate, expected) => {
    const verdicts = evaluateBooking(context(over, candidate));
    expect(verdicts).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(verdicts[i]).toMatchObject(e));
  });
});

describe('overrides', () => {
  it.each<[string, Partial<GuidelineContext>, RuleVerdict['code'], boolean]>([
    ['overbook lifts a provider conflict', { providerAppointments: [appt(at(10), at(10, 30))], override: { overbook: true } }, 'conflict_provider', false],
    ['a rule exception does not lift a provider conflict', { providerAppointments: [appt(at(10), at(10, 30))], override: { ruleException: true } }, 'conflict_provider', true],
    ['a rule exception lifts blocked time', { exceptions: [exception('blocked', at(10), at(11), 'meeting')], override: { ruleException: true } }, 'exception', false],
    ['nothing lifts time off', { exceptions: [exception('time_off', at(10), at(11), 'sick')], override: { ruleException: true, overbook: true } }, 'exception', true],
    ['a rule exception lifts the horizon', { rules: [ruleSet({ bookingHorizonDays: 1 })], override: { ruleException: true } }, 'horizon', false],
  ])('%s', (_name, over, code, blocking) => {
    const verdicts = evaluateBooking(context(over));
    expect(verdicts.map((v) => [v.code, v.blocking])).toEqual([[code, blocking]]);
    expect(bookable(verdicts)).toBe(!blocking);
  });
});

describe('why not this time?', () => {
  it('returns every reason at once, in a fixed order', () => {
    const verdicts = evaluateBooking(
      context(
        {
          type: TYPES.pediatric,
          now: '2026-03-03T20:00:00.000Z',
          exceptions: [exception('blocked', at(12), at(13), 'lunch meeting')],
          providerAppointments: [appt(at(12), at(12, 30))],
          rules: [ruleSet({ payersNotAccepted: ['payer-acme'] })],
          patient: { patientId: 'pt-1', ageYears: 30, isNew: false, payerId: 'payer-acme', payerName: 'Acme Health', planType: 'PPO' },
        },
        slot(12),
      ),
    );
    expect(verdicts.map((v) => v.code)).toEqual(['exception', 'outside_template', 'conflict_provider', 'lead_time', 'payer_not_accepted', 'age_limit']);
    expect(verdicts.every((v) => v.blocking)).toBe(true);
    expect(verdicts.map((v) => v.sentence)).toContain('12:00 PM on Tue, Mar 3, 2026 has already passed.');
  });

  it('a reschedule does not conflict with the appointment being moved', () => {
    const moving = appt(at(10), at(10, 30));
    expect(evaluateBooking(context({ providerAppointments: [moving], excludeAppointmentId: moving.id }))).toEqual([]);
    expect(evaluateBooking(context({ providerAppointments: [{ ...moving, status: 'cancelled' }] }))).toEqual([]);
  });
});

describe('roomFor', () => {
  it('picks the free room of the needed type, or none', () => {
    expect(roomFor(context({ type: TYPES.procedure }, slot(10, 0, 60)))?.id).toBe('r-proc1');
    expect(roomFor(context({ type: TYPES.followUp }))).toBeNull();
    const busy = context({ type: TYPES.procedure, roomAppointments: [appt(at(10), at(11), { roomId: 'r-proc1' })] }, slot(10, 0, 60));
    expect(roomFor(busy)).toBeNull();
    expect(ROOMS).toHaveLength(3);
  });
});
