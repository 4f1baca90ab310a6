import { describe, expect, it } from 'vitest';
import { slotId, type Appointment, type AppointmentType, type ProviderSummary, type Slot, type WorkingTemplate } from '../core/scheduling/index.ts';
import { bookingRefusalOutcome, toFhirAppointment } from './appointment.mapping.ts';
import { keyMatchesActor, scheduleId, scheduleKeys, toFhirSchedule, toFhirSchedules, typesOfKeys, type ScheduleSources } from './schedule.mapping.ts';
import { appointmentStatusFromFhir, FHIR_APPOINTMENT_STATUS } from './scheduling-types.ts';
import { resolveSlotId, toFhirSlot } from './slot.mapping.ts';

const type = (id: string, name: string, durationMinutes = 30): AppointmentType => ({
  id, name, durationMinutes, newPatient: null, roomType: null, instructions: null, expectedCodes: [], colour: '#000000', minAgeYears: null, maxAgeYears: null,
});
const template = (over: Partial<WorkingTemplate>): WorkingTemplate => ({
  id: 't', providerId: 'pA', locationId: 'l1', weekday: 1, start: '08:00', end: '12:00', effectiveFrom: '2031-01-01', effectiveTo: null, allowedTypeIds: null, ...over,
});
const providers: ProviderSummary[] = [
  { id: 'pA', familyName: 'Alvarez', givenName: 'Maria', credentials: 'MD', active: true, locationIds: ['l1', 'l2'] },
  { id: 'pB', familyName: 'Brook', givenName: 'Ben', credentials: null, active: false, locationIds: ['l1'] },
];
const sources: ScheduleSources = {
  templates: [
    template({ id: 't1' }),
    template({ id: 't2', weekday: 2 }),
    template({ id: 't3', locationId: 'l2', allowedTypeIds: ['fu'], effectiveTo: '2031-02-28' }),
    template({ id: 't4', providerId: 'pB', allowedTypeIds: ['fu', 'gone'] }),
  ],
  providers,
  locations: [{ id: 'l1', name: 'Main Clinic', timeZone: 'America/Chicago' }, { id: 'l2', name: 'East', timeZone: 'America/New_York' }],
  types: [type('fu', 'Follow-up'), type('np', 'New patient', 60)],
};

describe('Schedule mapping', () => {
  it('derives a FHIR id from the two ids, whatever their length', () => {
    const long = 'x'.repeat(64);
    expect(scheduleId(long, long)).toMatch(/^sched-[0-9a-f]{16}$/);
    expect(scheduleId('pA', 'l1')).toBe(scheduleId('pA', 'l1'));
    expect(scheduleId('pA', 'l1')).not.toBe(scheduleId('l1', 'pA'));
  });

  it('makes one Schedule per provider and location with templates', () => {
    const keys = scheduleKeys(sources.templates);
    expect(keys.map((k) => `${k.providerId}@${k.locationId}`)).toEqual(['pA@l1', 'pA@l2', 'pB@l1']);
    const all = toFhirSchedules(sources, '2031-03-10');
    expect(all[0]).toEqual({
      resourceType: 'Schedule', id: scheduleId('pA', 'l1'), active: true,
      serviceType: [
        { coding: [{ system: 'urn:medoffice:appointment-type', code: 'fu', display: 'Follow-up' }], text: 'Follow-up' },
        { coding: [{ system: 'urn:medoffice:appointment-type', code: 'np', display: 'New patient' }], text: 'New patient' },
      ],
      actor: [{ reference: 'Practitioner/pA', display: 'Maria Alvarez, MD' }, { reference: 'Location/l1', display: 'Main Clinic' }],
      planningHorizon: { start: '2031-01-01' },
    });
    // Templates that ended: inactive, with their last types and the horizon's end.
    expect(all[1]).toMatchObject({ active: false, serviceType: [{ coding: [{ code: 'fu' }] }], planningHorizon: { start: '2031-01-01', end: '2031-02-28' } });
    // An inactive provider: inactive; a type id no longer known is left out.
    expect(all[2]).toMatchObject({ active: false, actor: [{ display: 'Ben Brook' }, {}] });
    expect(all[2]!.serviceType).toHaveLength(1);
  });

  it('matches actors and lists the types a set of schedules allows', () => {
    const [a1, a2, b1] = scheduleKeys(sources.templates) as [ReturnType<typeof scheduleKeys>[number], ReturnType<typeof scheduleKeys>[number], ReturnType<typeof scheduleKeys>[number]];
    expect(keyMatchesActor(a1, { type: 'Practitioner', id: 'pA' })).toBe(true);
    expect(keyMatchesActor(a1, { type: 'Location', id: 'pA' })).toBe(false);
    expect(keyMatchesActor(b1, { type: null, id: 'l1' })).toBe(true);
    expect(keyMatchesActor(a2, undefined)).toBe(true);
    expect(typesOfKeys([a2, b1], sources.templates, sources.types)).toEqual(['fu']);
    expect(typesOfKeys([a1], sources.templates, sources.types)).toEqual(['fu', 'np']);
    expect(toFhirSchedule(a2, { ...sources, providers: [], locations: [] }, '2031-03-10').actor).toEqual([{ reference: 'Practitioner/pA' }, { reference: 'Location/l2' }]);
  });
});

describe('Slot mapping', () => {
  const slot: Slot = {
    id: slotId('pA', 'l2', 'fu', '2031-03-09T07:30:00.000Z'), providerId: 'pA', locationId: 'l2', typeId: 'fu', templateId: 't3', roomId: null,
    start: '2031-03-09T07:30:00.000Z', end: '2031-03-09T08:00:00.000Z', timeZone: 'America/New_York', localDate: '2031-03-09',
    localStart: '2031-03-09T03:30:00-04:00', localEnd: '2031-03-09T04:00:00-04:00',
  };

  it('is a free Slot of its provider and location schedule, with the local offset', () => {
    const s = toFhirSlot(slot, sources.types[0]);
    expect(s).toMatchObject({ id: slot.id, status: 'free', schedule: { reference: `Schedule/${scheduleId('pA', 'l2')}` }, start: '2031-03-09T03:30:00-04:00', appointmentType: { text: 'Follow-up' } });
    expect(toFhirSlot(slot, undefined).serviceType).toEqual([{ coding: [{ system: 'urn:medoffice:appointment-type', code: 'fu' }] }]);
  });

  it('resolves a slot id to its provider, location, type and start', () => {
    const pairs = scheduleKeys(sources.templates);
    expect(resolveSlotId(slot.id, pairs, ['np', 'fu'])).toEqual({ providerId: 'pA', locationId: 'l2', typeId: 'fu', start: '2031-03-09T07:30:00.000Z' });
    expect(resolveSlotId(slot.id, pairs, ['np'])).toBeNull();
    expect(resolveSlotId(slot.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')), pairs, ['fu'])).toBeNull();
    expect(resolveSlotId('not-a-slot', pairs, ['fu'])).toBeNull();
  });
});

describe('Appointment mapping', () => {
  const visit = (over: Partial<Appointment> = {}): Appointment => ({
    id: 'a1', patientId: 'p1', providerId: 'pA', locationId: 'l2', roomId: null, typeId: 'fu',
    // 2031-03-09 is the spring-forward Sunday in New York: 01:30 EST, then 03:00 EDT.
    start: '2031-03-09T06:30:00.000Z', end: '2031-03-09T07:30:00.000Z', timeZone: 'America/New_York',
    status: 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null,
    createdAt: '2031-03-01T12:00:00.000Z', updatedAt: '2031-03-02T12:00:00.000Z', version: 4, ...over,
  });

  it('maps times with the offset of each instant, participants, type and version', () => {
    const a = toFhirAppointment(visit(), { type: sources.types[0], provider: providers[0], location: sources.locations[1] });
    expect(a).toMatchObject({
      resourceType: 'Appointment', id: 'a1', meta: { versionId: '4', lastUpdated: '2031-03-02T12:00:00.000Z' }, status: 'booked',
      start: '2031-03-09T01:30:00-05:00', end: '2031-03-09T03:30:00-04:00', minutesDuration: 60, created: '2031-03-01T12:00:00.000Z',
      participant: [
        { actor: { reference: 'Patient/p1' }, required: 'required', status: 'accepted' },
        { actor: { reference: 'Practitioner/pA', display: 'Maria Alvarez, MD' }, type: [{ coding: [{ code: 'PPRF' }] }] },
        { actor: { reference: 'Location/l2', display: 'East' } },
      ],
    });
    expect(a.cancelationReason).toBeUndefined();
  });

  it.each([
    ['booked', 'booked'],
    ['checked_in', 'arrived'],
    ['completed', 'fulfilled'],
    ['cancelled', 'cancelled'],
    ['no_show', 'noshow'],
  ] as const)('maps status %s to %s and back', (ours, fhir) => {
    expect(FHIR_APPOINTMENT_STATUS[ours]).toBe(fhir);
    expect(appointmentStatusFromFhir(fhir)).toBe(ours);
    expect(toFhirAppointment(visit({ status: ours })).status).toBe(fhir);
  });

  it('reads checked-in as arrived and knows no proposed or waitlist visits', () => {
    expect(appointmentStatusFromFhir('checked-in')).toBe('checked_in');
    expect(appointmentStatusFromFhir('proposed')).toBeUndefined();
    expect(appointmentStatusFromFhir('waitlist')).toBeUndefined();
    expect(toFhirAppointment(visit({ status: 'cancelled', cancelReason: 'Patient is travelling' })).cancelationReason).toEqual({ text: 'Patient is travelling' });
  });

  it('answers a conflict and a guideline refusal as conflict OperationOutcomes', () => {
    const c = bookingRefusalOutcome({ kind: 'conflict', resource: 'provider', appointmentId: 'a9' });
    expect(c.issue).toEqual([{ severity: 'error', code: 'conflict', details: { coding: [{ system: 'urn:medoffice:scheduling-verdict', code: 'conflict_provider' }] }, diagnostics: 'The practitioner is already booked at this time (Appointment/a9); choose another slot' }]);
    const r = bookingRefusalOutcome({
      kind: 'refused',
      verdicts: [
        { code: 'outside_template', sentence: 'Dr. Alvarez does not work at 7:00 AM.', blocking: true, overridable: true, overrideKind: 'rule_exception' },
        { code: 'conflict_patient', sentence: 'The patient already has a visit at 7:00 AM.', blocking: true, overridable: false, overrideKind: null, appointmentId: 'a7' },
        { code: 'buffer', sentence: 'Lifted by the override.', blocking: false, overridable: true, overrideKind: 'rule_exception' },
      ],
    });
    expect(r.issue.map((i) => [i.code, i.details?.coding?.[0]?.code, i.diagnostics])).toEqual([
      ['conflict', 'outside_template', 'Dr. Alvarez does not work at 7:00 AM.'],
      ['conflict', 'conflict_patient', 'The patient already has a visit at 7:00 AM. (Appointment/a7)'],
    ]);
  });
});
