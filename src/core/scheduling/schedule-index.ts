import { addDays, type LocalDate } from '../shared/index.ts';
import type { Location, Provider } from '../reference/index.ts';
import type { Appointment, AppointmentType, Room, ScheduleException, WorkingTemplate } from './appointment.ts';
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
  /** The provider's appointments starting on the UTC dates around a local date (day before to day after). */
  providerAppointmentsAround(providerId: string, date: LocalDate): Appointment[];
  /** Appointments with a room at a location starting around a local date. */
  roomAppointmentsAround(locationId: string, date: LocalDate): Appointment[];
}

const bucket = (map: Map<string, Appointment[]>, key: string, a: Appointment): void => {
  const list = map.get(key);
  if (list) list.push(a);
  else map.set(key, [a]);
};

const around = (map: ReadonlyMap<string, Appointment[]>, owner: string, date: LocalDate): Appointment[] => {
  const out: Appointment[] = [];
  // A local day lies within the UTC dates before, of and after it (offsets are under 24 h).
  for (const d of [addDays(date, -1), date, addDays(date, 1)]) {
    const list = map.get(`${owner}|${d}`);
    if (list) for (const a of list) out.push(a);
  }
  return out;
};

/** Indexes search data in one pass over the appointments (O(n)). */
export const indexSchedule = (data: SlotSearchData): ScheduleIndex => {
  const byProvider = new Map<string, Appointment[]>();
  const byLocation = new Map<string, Appointment[]>();
  for (const a of data.appointments) {
    if (a.status === 'cancelled') continue;
    // UTC date of the start: ISO-8601 UTC strings begin with it.
    const day = a.start.slice(0, 10);
    bucket(byProvider, `${a.providerId}|${day}`, a);
    if (a.roomId !== null) bucket(byLocation, `${a.locationId}|${day}`, a);
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
    providerAppointmentsAround: (providerId, date) => around(byProvider, providerId, date),
    roomAppointmentsAround: (locationId, date) => around(byLocation, locationId, date),
  };
};
