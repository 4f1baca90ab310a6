import type { LocalDate } from '../shared/index.ts';
import type { Location, Provider } from '../reference/index.ts';
import { OCCUPYING, type Appointment, type AppointmentType, type Room, type ScheduleException, type WorkingTemplate } from './appointment.ts';
import { timed, type TimedAppointment } from './guideline-context.ts';
import { resolveGuidelines, type EffectiveGuidelines, type GuidelineRuleSet } from './guideline-rules.ts';

/** What slot search reads: reference data, templates, exceptions, bookings, rooms and rules. */
export interface SlotSearchData {
  types: readonly AppointmentType[];
  providers: readonly Pick<Provider, 'id' | 'familyName' | 'givenName' | 'credentials' | 'active'>[];
  locations: readonly Pick<Location, 'id' | 'name' | 'timeZone'>[];
  templates: readonly WorkingTemplate[];
  exceptions: readonly ScheduleException[];
  /** Existing appointments (any status; cancelled ones are ignored) of the providers searched. */
  appointments: readonly Appointment[];
  rooms: readonly Room[];
  ruleSets: readonly GuidelineRuleSet[];
}

/**
 * The data indexed for repeated searches: appointments by provider and UTC day and by location and
 * UTC day (for rooms), templates by provider, rules resolved once per provider and location.
 * Build it once per data snapshot with `indexSchedule`, search it many times.
 */
export interface ScheduleIndex {
  kind: 'schedule-index';
  data: SlotSearchData;
  types: ReadonlyMap<string, AppointmentType>;
  providers: ReadonlyMap<string, SlotSearchData['providers'][number]>;
  locations: ReadonlyMap<string, SlotSearchData['locations'][number]>;
  templatesByProvider: ReadonlyMap<string, readonly WorkingTemplate[]>;
  guidelines(providerId: string, locationId: string): EffectiveGuidelines;
  /** The provider's occupying appointments starting on the UTC dates around a local date (day before to day after), by start. */
  providerAppointmentsAround(providerId: string, date: LocalDate, excludeId?: string | null): TimedAppointment[];
  /** Occupying appointments with a room at a location starting around a local date, by start. */
  roomAppointmentsAround(locationId: string, date: LocalDate, excludeId?: string | null): TimedAppointment[];
  /** Exceptions with their instants parsed. */
  exceptions: readonly TimedException[];
}

/** An exception with its instants parsed. */
export interface TimedException {
  e: ScheduleException;
  startMs: number;
  endMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Appointments by owner (provider or location), then by UTC day number of the start. A day's list
 * is parsed and sorted the first time a search reads it, so building the index costs no date
 * parsing and a first-available search parses only the days it visits.
 */
type Buckets = Map<string, Map<number, { raw: Appointment[]; timed: TimedAppointment[] | null }>>;

const dayNumber = (iso: string): number =>
  // ISO-8601 UTC strings begin with their UTC date; anything else is parsed.
  iso.endsWith('Z') && iso[10] === 'T'
    ? Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS
    : Math.floor(Date.parse(iso) / DAY_MS);

const bucket = (map: Buckets, owner: string, a: Appointment): void => {
  let days = map.get(owner);
  if (!days) map.set(owner, (days = new Map()));
  const day = dayNumber(a.start);
  const entry = days.get(day);
  if (entry) entry.raw.push(a);
  else days.set(day, { raw: [a], timed: null });
};

const around = (map: Buckets, owner: string, date: LocalDate, excludeId: string | null | undefined): TimedAppointment[] => {
  const out: TimedAppointment[] = [];
  const days = map.get(owner);
  if (!days) return out;
  // A local day lies within the UTC days before, of and after it (offsets are under 24 h);
  // each day's list is sorted and the days follow each other, so the result is sorted too.
  const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
  for (let d = day - 1; d <= day + 1; d++) {
    const entry = days.get(d);
    if (!entry) continue;
    entry.timed ??= timed(entry.raw, null);
    for (const x of entry.timed) if (x.a.id !== excludeId) out.push(x);
  }
  return out;
};

/** Indexes search data in one pass over the appointments (O(n), no date parsing). */
export const indexSchedule = (data: SlotSearchData): ScheduleIndex => {
  const byProvider: Buckets = new Map();
  const byLocation: Buckets = new Map();
  for (const a of data.appointments) {
    if (!OCCUPYING.includes(a.status)) continue;
    bucket(byProvider, a.providerId, a);
    if (a.roomId !== null) bucket(byLocation, a.locationId, a);
  }
  const templatesByProvider = new Map<string, WorkingTemplate[]>();
  for (const t of data.templates) {
    const list = templatesByProvider.get(t.providerId);
    if (list) list.push(t);
    else templatesByProvider.set(t.providerId, [t]);
  }
  const resolved = new Map<string, EffectiveGuidelines>();
  return {
    kind: 'schedule-index',
    data,
    types: new Map(data.types.map((t) => [t.id, t])),
    providers: new Map(data.providers.map((p) => [p.id, p])),
    locations: new Map(data.locations.map((l) => [l.id, l])),
    templatesByProvider,
    guidelines: (providerId, locationId) => {
      const key = `${providerId}|${locationId}`;
      let g = resolved.get(key);
      if (!g) {
        g = resolveGuidelines(data.ruleSets, providerId, locationId);
        resolved.set(key, g);
      }
      return g;
    },
    providerAppointmentsAround: (providerId, date, excludeId) => around(byProvider, providerId, date, excludeId),
    roomAppointmentsAround: (locationId, date, excludeId) => around(byLocation, locationId, date, excludeId),
    exceptions: data.exceptions.map((e) => ({ e, startMs: Date.parse(e.start), endMs: Date.parse(e.end) })),
  };
};
