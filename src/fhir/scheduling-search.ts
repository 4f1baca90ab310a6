import type { AppointmentStatus } from '../core/scheduling/index.ts';
import { addDays, DomainError, isLocalDate, type LocalDate } from '../core/shared/index.ts';
import { FHIR_ID } from './input-schemas.ts';
import { parseSearch, parseToken, type ParamSpec, type Parsed } from './search-params.ts';
import { appointmentStatusFromFhir, FhirAppointmentStatuses, SchedulingSystems } from './scheduling-types.ts';

// Search parameters of Schedule, Slot and Appointment (https://hl7.org/fhir/R4/search.html).
// The shared rules of search-params.ts apply (unknown parameters refused unless lenient, no
// modifiers, no OR lists); the date parameters `start` and `date` may appear twice, for a lower
// and an upper bound (`date=ge2031-03-01&date=lt2031-04-01`).

export type SchedulingParamType = 'reference' | 'token' | 'date';

export const SCHEDULE_PARAMS = { actor: 'reference' } as const satisfies Readonly<Record<string, SchedulingParamType>>;
export const SLOT_PARAMS = { schedule: 'reference', 'schedule.actor': 'reference', start: 'date', status: 'token', 'service-type': 'token' } as const satisfies Readonly<Record<string, SchedulingParamType>>;
export const APPOINTMENT_PARAMS = { date: 'date', patient: 'reference', practitioner: 'reference', status: 'token' } as const satisfies Readonly<Record<string, SchedulingParamType>>;

/** Days of slots one search covers by default (from today), and at most. */
export const SLOT_DEFAULT_DAYS = 14;
export const SLOT_MAX_DAYS = 31;
/** Appointment searches: the default window around today and the longest range. */
export const APPOINTMENT_DAYS_BACK = 30;
export const APPOINTMENT_DAYS_AHEAD = 61;
export const APPOINTMENT_MAX_DAYS = 92;

const MAX_VALUE_LENGTH = 100;

const refuse = (message: string, path: string, code: 'invalid' | 'not-supported' | 'required' | 'too-long' = 'invalid'): DomainError =>
  new DomainError('invalid', message, { issues: [{ path, message }], details: { fhirIssueCode: code } });

// parseSearch reads only the parameter names of a spec.
const namesOf = (spec: Readonly<Record<string, SchedulingParamType>>): ParamSpec => Object.fromEntries(Object.keys(spec).map((k) => [k, 'token' as const]));

/** A reference search value: `Type/id`, an absolute URL ending in `Type/id`, or a bare id (`type` null). */
export interface RefValue {
  type: string | null;
  id: string;
}

/**
 * Reads a reference parameter. A malformed value is refused naming the parameter; a reference to
 * a type outside `allowed` returns null: it matches nothing.
 */
export const parseReference = (name: string, raw: string, allowed: readonly string[]): RefValue | null => {
  const value = raw.trim();
  if (!value.includes('/')) {
    if (!FHIR_ID.test(value)) throw refuse(`${name} must be [type]/[id] or an id (1-64 letters, digits, - or .)`, name);
    return { type: allowed.length === 1 ? allowed[0]! : null, id: value };
  }
  const m = /^(?:https?:\/\/\S+\/)?([A-Z][A-Za-z]+)\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(value);
  if (!m || !FHIR_ID.test(m[2]!)) throw refuse(`${name} must be [type]/[id], e.g. ${allowed[0] ?? 'Patient'}/123`, name);
  return allowed.includes(m[1]!) ? { type: m[1]!, id: m[2]! } : null;
};

/** One end of a date range: a local date (compared with the local date in the location's zone) or an instant. */
export type DateBound = { kind: 'date'; date: LocalDate } | { kind: 'instant'; ms: number };
export interface DateLimit {
  bound: DateBound;
  inclusive: boolean;
}
export interface DateRange {
  lower?: DateLimit;
  upper?: DateLimit;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:([0-5]\d)(\.\d{1,9})?)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?$/;

const boundOf = (name: string, text: string): DateBound => {
  if (/^\d{4}(-\d{2})?$/.test(text)) throw refuse(`${name}: partial dates are not supported; use YYYY-MM-DD or a date and time`, name, 'not-supported');
  if (isLocalDate(text)) return { kind: 'date', date: text };
  const m = DATE_TIME.exec(text);
  if (!m || !isLocalDate(m[1]!)) throw refuse(`${name} must be a date (YYYY-MM-DD) or a date and time with a zone (2031-03-10T09:00:00-05:00)`, name);
  if (!m[6]) throw refuse(`${name}: a time needs a zone, Z or an offset such as -05:00`, name);
  return { kind: 'instant', ms: Date.parse(text) };
};

/** Date search values with the prefixes eq, ge, gt, le and lt; at most one lower and one upper bound. */
export const parseDateRange = (name: string, values: readonly string[]): DateRange => {
  const range: DateRange = {};
  const set = (side: 'lower' | 'upper', limit: DateLimit) => {
    if (range[side]) throw refuse(`${name}: give at most one lower (ge, gt) and one upper (le, lt) bound`, name, 'not-supported');
    range[side] = limit;
  };
  for (const raw of values) {
    const m = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)$/.exec(raw.trim())!;
    const prefix = m[1] ?? 'eq';
    if (!['eq', 'ge', 'gt', 'le', 'lt'].includes(prefix)) throw refuse(`${name}: the prefix ${prefix} is not supported; use eq, ge, gt, le or lt`, name, 'not-supported');
    const bound = boundOf(name, m[2]!);
    if (prefix === 'eq' || prefix === 'ge' || prefix === 'gt') set('lower', { bound, inclusive: prefix !== 'gt' });
    if (prefix === 'eq' || prefix === 'le' || prefix === 'lt') set('upper', { bound, inclusive: prefix !== 'lt' });
  }
  return range;
};

/** True when a start (epoch ms, and its local date in the location's zone) lies in the range. */
export const inDateRange = (r: DateRange, startMs: number, localDate: LocalDate): boolean => {
  const cmp = (b: DateBound): number => (b.kind === 'date' ? (localDate < b.date ? -1 : localDate > b.date ? 1 : 0) : Math.sign(startMs - b.ms));
  if (r.lower && (r.lower.inclusive ? cmp(r.lower.bound) < 0 : cmp(r.lower.bound) <= 0)) return false;
  if (r.upper && (r.upper.inclusive ? cmp(r.upper.bound) > 0 : cmp(r.upper.bound) >= 0)) return false;
  return true;
};

const daysBetween = (a: LocalDate, b: LocalDate): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const utcDateOf = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

/** The first and last local date a limit admits (an instant: its UTC date; zones are handled by padding). */
const lowDate = (l: DateLimit): LocalDate => (l.bound.kind === 'date' ? (l.inclusive ? l.bound.date : addDays(l.bound.date, 1)) : utcDateOf(l.bound.ms));
const highDate = (l: DateLimit): LocalDate => (l.bound.kind === 'date' ? (l.inclusive ? l.bound.date : addDays(l.bound.date, -1)) : utcDateOf(l.bound.ms));

/** Local dates to search, inclusive: wide enough for every zone; the exact range is applied to each result. */
export interface DateWindow {
  from: LocalDate;
  to: LocalDate;
}

/** Pads a window by a day on each side bounded by an instant (its local date differs by zone). */
const padded = (r: DateRange, from: LocalDate, to: LocalDate): DateWindow => ({
  from: r.lower?.bound.kind === 'instant' ? addDays(from, -1) : from,
  to: r.upper?.bound.kind === 'instant' ? addDays(to, 1) : to,
});

/**
 * The slot search's dates: from today (or the lower bound, if later) to the upper bound or
 * SLOT_DEFAULT_DAYS later; at most SLOT_MAX_DAYS. Null when the range lies wholly in the past.
 */
export const slotWindow = (r: DateRange, today: LocalDate): DateWindow | null => {
  const asked = r.lower ? lowDate(r.lower) : today;
  const from = asked < today ? today : asked;
  const to = r.upper ? highDate(r.upper) : addDays(from, SLOT_DEFAULT_DAYS);
  if (to < from) return null;
  if (daysBetween(from, to) + 1 > SLOT_MAX_DAYS) throw refuse(`start: search at most ${SLOT_MAX_DAYS} days of slots at once (give ge and le bounds closer together)`, 'start', 'not-supported');
  return padded(r, from, to);
};

/**
 * The appointment search's dates: without bounds APPOINTMENT_DAYS_BACK before today to
 * APPOINTMENT_DAYS_AHEAD after; one bound opens APPOINTMENT_MAX_DAYS from it; at most APPOINTMENT_MAX_DAYS.
 * Null when the bounds exclude every date.
 */
export const appointmentWindow = (r: DateRange, today: LocalDate): DateWindow | null => {
  const span = APPOINTMENT_MAX_DAYS - 1;
  let from: LocalDate;
  let to: LocalDate;
  if (r.lower && r.upper) [from, to] = [lowDate(r.lower), highDate(r.upper)];
  else if (r.lower) [from, to] = [lowDate(r.lower), addDays(lowDate(r.lower), span)];
  else if (r.upper) [from, to] = [addDays(highDate(r.upper), -span), highDate(r.upper)];
  else [from, to] = [addDays(today, -APPOINTMENT_DAYS_BACK), addDays(today, APPOINTMENT_DAYS_AHEAD)];
  if (to < from) return null;
  if (daysBetween(from, to) + 1 > APPOINTMENT_MAX_DAYS) throw refuse(`date: search at most ${APPOINTMENT_MAX_DAYS} days of appointments at once (give ge and le bounds closer together)`, 'date', 'not-supported');
  return padded(r, from, to);
};

/** The UTC instants [from, to) that hold every local date of a window in any zone (UTC-12 to UTC+14). */
export const windowInstants = (w: DateWindow): { from: string; to: string } => ({ from: `${addDays(w.from, -1)}T00:00:00.000Z`, to: `${addDays(w.to, 2)}T00:00:00.000Z` });

/** Splits off the entries of a repeatable date parameter, then checks the rest as usual. */
const parseWithDates = <K extends string>(entries: [string, string][], spec: Readonly<Record<string, SchedulingParamType>>, dateParam: K, opts: { lenient: boolean }) => {
  const dates = entries.filter(([k, v]) => k === dateParam && v.trim() !== '');
  if (dates.length > 2) throw refuse(`${dateParam} may appear at most twice (a lower and an upper bound)`, dateParam, 'not-supported');
  for (const [, v] of dates) {
    if (v.length > MAX_VALUE_LENGTH) throw refuse(`${dateParam} may be at most ${MAX_VALUE_LENGTH} characters`, dateParam, 'too-long');
    if (v.includes(',')) throw refuse(`${dateParam}: several values separated by commas (OR) are not supported`, dateParam, 'not-supported');
  }
  const p = parseSearch(entries.filter(([k]) => k !== dateParam), namesOf(spec), opts);
  return { p, range: parseDateRange(dateParam, dates.map(([, v]) => v)), used: [...p.used, ...dates] as [string, string][] };
};

/** Schedule search: `actor` = Practitioner/[id], Location/[id] or a bare id of either. */
export interface ScheduleCriteria {
  actor?: RefValue;
  /** False when a parameter can match nothing (a reference to another resource type). */
  possible: boolean;
}

export const parseScheduleSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<ScheduleCriteria> => {
  const p = parseSearch(entries, namesOf(SCHEDULE_PARAMS), opts);
  const criteria: ScheduleCriteria = { possible: true };
  if (p.criteria.actor) {
    const ref = parseReference('actor', p.criteria.actor, ['Practitioner', 'Location']);
    if (ref) criteria.actor = ref;
    else criteria.possible = false;
  }
  return { ...p, criteria };
};

/** Slot search criteria. */
export interface SlotCriteria {
  /** `schedule=Schedule/[id]`. */
  scheduleId?: string;
  /** `schedule.actor=Practitioner/[id]` or `Location/[id]` (a bare id: either). */
  actor?: RefValue;
  start: DateRange;
  /** The appointment type id of `service-type`. */
  typeId?: string;
  possible: boolean;
}

const SLOT_STATUSES = ['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error'];

export const parseSlotSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<SlotCriteria> => {
  const { p, range, used } = parseWithDates(entries, SLOT_PARAMS, 'start', opts);
  const v = p.criteria;
  const criteria: SlotCriteria = { start: range, possible: true };
  if (v.schedule) {
    const ref = parseReference('schedule', v.schedule, ['Schedule']);
    if (ref) criteria.scheduleId = ref.id;
    else criteria.possible = false;
  }
  if (v['schedule.actor']) {
    const ref = parseReference('schedule.actor', v['schedule.actor'], ['Practitioner', 'Location']);
    if (ref) criteria.actor = ref;
    else criteria.possible = false;
  }
  if (v.status) {
    const t = parseToken('status', v.status);
    if (!SLOT_STATUSES.includes(t.value)) throw refuse(`status must be one of ${SLOT_STATUSES.join(', ')}`, 'status');
    // Only open slots are served: any other status (or another code system) matches nothing.
    if (t.value !== 'free' || (t.system && t.system !== SchedulingSystems.slotStatus)) criteria.possible = false;
  }
  if (v['service-type']) {
    const t = parseToken('service-type', v['service-type']);
    if (t.system && t.system !== SchedulingSystems.appointmentType) criteria.possible = false;
    else if (!FHIR_ID.test(t.value)) throw refuse('service-type must be an appointment type id', 'service-type');
    else criteria.typeId = t.value;
  }
  return { ...p, used, criteria };
};

/** Appointment search criteria. */
export interface AppointmentCriteria {
  date: DateRange;
  patientId?: string;
  practitionerId?: string;
  status?: AppointmentStatus;
  possible: boolean;
}

export const parseAppointmentSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<AppointmentCriteria> => {
  const { p, range, used } = parseWithDates(entries, APPOINTMENT_PARAMS, 'date', opts);
  const v = p.criteria;
  const criteria: AppointmentCriteria = { date: range, possible: true };
  if (v.patient) {
    const ref = parseReference('patient', v.patient, ['Patient']);
    if (ref) criteria.patientId = ref.id;
    else criteria.possible = false;
  }
  if (v.practitioner) {
    const ref = parseReference('practitioner', v.practitioner, ['Practitioner']);
    if (ref) criteria.practitionerId = ref.id;
    else criteria.possible = false;
  }
  if (v.status) {
    const t = parseToken('status', v.status);
    if (!(FhirAppointmentStatuses as readonly string[]).includes(t.value)) throw refuse(`status must be one of ${FhirAppointmentStatuses.join(', ')}`, 'status');
    const ours = appointmentStatusFromFhir(t.value);
    // Statuses the practice never has (proposed, pending, waitlist, ...) match nothing.
    if (!ours || (t.system && t.system !== SchedulingSystems.appointmentStatus)) criteria.possible = false;
    else criteria.status = ours;
  }
  return { ...p, used, criteria };
};
