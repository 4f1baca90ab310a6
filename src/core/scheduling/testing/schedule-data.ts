// Builders for scheduling tests: a small practice in two time zones. Test-only (see the
// dependency-cruiser TEST_FILES pattern: files under testing/).
import type { Appointment, AppointmentType, Room, ScheduleException, WorkingTemplate } from '../appointment.ts';
import type { GuidelineContext } from '../guideline-context.ts';
import type { GuidelineRuleSet, GuidelineRules } from '../guideline-rules.ts';
import type { SlotSearchData } from '../schedule-index.ts';

export const NY = 'America/New_York';
export const LA = 'America/Los_Angeles';

const type = (id: string, name: string, durationMinutes: number, more: Partial<AppointmentType> = {}): AppointmentType => ({
  id,
  name,
  durationMinutes,
  newPatient: null,
  roomType: null,
  instructions: null,
  expectedCodes: [],
  colour: '#336699',
  minAgeYears: null,
  maxAgeYears: null,
  ...more,
});

export const TYPES = {
  followUp: type('t-follow', 'Follow-up', 30),
  newVisit: type('t-new', 'New Patient Visit', 30, { newPatient: true }),
  established: type('t-est', 'Established Visit', 30, { newPatient: false }),
  procedure: type('t-proc', 'Procedure', 60, { roomType: 'procedure' }),
  pediatric: type('t-peds', 'Pediatric Visit', 30, { minAgeYears: 0, maxAgeYears: 17 }),
} as const;
export const TYPE_LIST: AppointmentType[] = Object.values(TYPES);
export const TYPE_MAP: ReadonlyMap<string, AppointmentType> = new Map(TYPE_LIST.map((t) => [t.id, t]));

export const PATEL = { id: 'p-patel', familyName: 'Patel', givenName: 'Asha', credentials: 'MD', active: true };
export const RUIZ = { id: 'p-ruiz', familyName: 'Ruiz', givenName: 'Ana', credentials: 'NP', active: true };
export const MAIN = { id: 'l-main', name: 'Main Street', timeZone: NY };
export const WEST = { id: 'l-west', name: 'Sunset Clinic', timeZone: LA };

export const ROOMS: Room[] = [
  { id: 'r-exam1', locationId: MAIN.id, name: 'Exam 1', roomType: 'exam' },
  { id: 'r-proc1', locationId: MAIN.id, name: 'Procedure Room', roomType: 'procedure' },
  { id: 'r-west-exam', locationId: WEST.id, name: 'West Exam', roomType: 'exam' },
];

/** A weekly block; effective from 2026-01-01 with no end unless given. */
export const template = (
  id: string,
  weekday: number,
  start: string,
  end: string,
  more: Partial<WorkingTemplate> = {},
): WorkingTemplate => ({
  id,
  providerId: PATEL.id,
  locationId: MAIN.id,
  weekday,
  start,
  end,
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  allowedTypeIds: null,
  ...more,
});

let seq = 0;
/** A booked appointment of Dr. Patel at Main Street (UTC instants). */
export const appt = (start: string, end: string, more: Partial<Appointment> = {}): Appointment => ({
  id: `a-${++seq}`,
  patientId: 'pt-other',
  providerId: PATEL.id,
  locationId: MAIN.id,
  roomId: null,
  typeId: TYPES.followUp.id,
  start,
  end,
  timeZone: NY,
  status: 'booked',
  cancelReason: null,
  override: null,
  referralId: null,
  rebookedFromId: null,
  recallId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...more,
});

export const exception = (kind: ScheduleException['kind'], start: string, end: string, reason: string, more: Partial<ScheduleException> = {}): ScheduleException => ({
  id: `x-${++seq}`,
  kind,
  providerId: kind === 'holiday' ? null : PATEL.id,
  locationId: null,
  start,
  end,
  reason,
  ...more,
});

export const ruleSet = (rules: GuidelineRules, scope: GuidelineRuleSet['scope'] = { level: 'group' }, version = 1): GuidelineRuleSet => ({
  id: `rs-${++seq}`,
  scope,
  version,
  rules,
});

/** Dr. Patel at Main Street on Tuesdays 08:00-12:00 and 13:00-17:00 (New York). */
export const TUESDAY = [template('tpl-am', 2, '08:00', '12:00'), template('tpl-pm', 2, '13:00', '17:00')];

/** A context for Tuesday 2026-03-03 (EST, UTC-5), 10:00-10:30 local, a follow-up, no rules. */
export const context = (over: Partial<GuidelineContext> = {}, candidate: Partial<GuidelineContext['candidate']> = {}): GuidelineContext => ({
  candidate: {
    providerId: PATEL.id,
    locationId: MAIN.id,
    typeId: (over.type ?? TYPES.followUp).id,
    start: '2026-03-03T15:00:00.000Z',
    end: '2026-03-03T15:30:00.000Z',
    roomId: null,
    ...candidate,
  },
  type: TYPES.followUp,
  types: TYPE_MAP,
  provider: PATEL,
  location: MAIN,
  patient: null,
  templates: TUESDAY,
  exceptions: [],
  providerAppointments: [],
  roomAppointments: [],
  patientAppointments: [],
  rooms: ROOMS,
  rules: [],
  now: '2026-03-01T12:00:00.000Z',
  ...over,
});

/** Search data with Dr. Patel at Main Street; override what a test needs. */
export const searchData = (over: Partial<SlotSearchData> = {}): SlotSearchData => ({
  types: TYPE_LIST,
  providers: [PATEL, RUIZ],
  locations: [MAIN, WEST],
  templates: TUESDAY,
  exceptions: [],
  appointments: [],
  rooms: ROOMS,
  ruleSets: [],
  ...over,
});
