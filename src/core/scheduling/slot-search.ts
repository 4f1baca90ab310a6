import { addDays, invalid, type LocalDate } from '../shared/index.ts';
import type { Appointment, AppointmentType, WorkingTemplate } from './appointment.ts';
import { blocksOn, templateOn, timed, type GuidelineContext, type PatientFacts } from './guideline-context.ts';
import { bookable, evaluateBooking, roomFor } from './guideline-evaluation.ts';
import { dayBounds, formatLocalIso, localDateOf, weekdayOf } from './local-time.ts';
import { indexSchedule, type ScheduleIndex, type SlotSearchData } from './schedule-index.ts';
import { slotId } from './slot-id.ts';

// Open slots for an appointment type. Grid: slots start at the block's start instant and step by
// the type's duration (or `stepMinutes`) in elapsed time, so a 30-minute type in an 08:00 block
// gives 08:00, 08:30, ... whatever is booked (a 20-minute booking at 08:00 blocks 08:00 only; the
// next slot is 08:30). Elapsed time means a DST day has no 02:30 slot on spring forward and two
// 01:30 slots (EDT, then EST) on fall back, told apart by the offset in `localStart`.
// Each candidate passes cheap filters (past, lead time, provider bookings, time off) and then
// the same `evaluateBooking` as booking: a slot is offered only when no verdict blocks.

/** What to search for. Dates are local dates at each location, inclusive. */
export interface SlotQuery {
  typeId: string;
  from: LocalDate;
  to: LocalDate;
  /** One or several providers; empty or absent: every provider with a template at `locationId`. */
  providerIds?: readonly string[] | null;
  /** Only this location (required when `providerIds` is empty). */
  locationId?: string | null;
  /** The patient, when known: payer, age, new or established, own bookings. */
  patient?: PatientFacts | null;
  patientAppointments?: readonly Appointment[];
  now: Date | string;
  /** Step between slot starts in minutes; default the type's duration. */
  stepMinutes?: number | null;
  /** The appointment being rescheduled: its own time counts as free. */
  excludeAppointmentId?: string | null;
}

/** An open slot: UTC instants for machines, local strings for display. */
export interface Slot {
  /** Stable for the same provider, location, type and start (a FHIR id). */
  id: string;
  providerId: string;
  locationId: string;
  typeId: string;
  templateId: string;
  /** A free room of the needed type, or null when the type needs none. */
  roomId: string | null;
  start: string;
  end: string;
  timeZone: string;
  localDate: LocalDate;
  /** ISO 8601 with the location's offset, `2026-03-08T08:00:00-04:00`. */
  localStart: string;
  localEnd: string;
}

const MAX_DAYS = 400;

const asIndex = (data: SlotSearchData | ScheduleIndex): ScheduleIndex => ('kind' in data && data.kind === 'schedule-index' ? data : indexSchedule(data as SlotSearchData));

const typeOf = (ix: ScheduleIndex, typeId: string): AppointmentType => {
  const type = ix.types.get(typeId);
  if (!type) throw invalid(`Slot search: unknown appointment type ${typeId}`, [{ path: 'typeId', message: 'unknown appointment type' }]);
  return type;
};

const providersOf = (q: SlotQuery, ix: ScheduleIndex): string[] => {
  if (q.providerIds && q.providerIds.length > 0) return [...new Set(q.providerIds)].sort();
  if (!q.locationId) throw invalid('Slot search needs providers or a location', [{ path: 'locationId', message: 'required without providerIds' }]);
  const ids = new Set(ix.data.templates.filter((t) => t.locationId === q.locationId).map((t) => t.providerId));
  return [...ids].filter((id) => ix.providers.get(id)?.active !== false).sort();
};

const dates = (from: LocalDate, to: LocalDate): LocalDate[] => {
  const out: LocalDate[] = [];
  for (let d = from; d <= to && out.length < MAX_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
};

/** The slots of one provider at one location on one local date. */
const slotsAt = (q: SlotQuery, ix: ScheduleIndex, type: AppointmentType, providerId: string, locationId: string, date: LocalDate, temps: WorkingTemplate[]): Slot[] => {
  const location = ix.locations.get(locationId);
  if (!location) return [];
  const zone = location.timeZone;
  const g = ix.guidelines(providerId, locationId);
  const nowMs = typeof q.now === 'string' ? Date.parse(q.now) : q.now.getTime();
  if (g.bookingHorizonDays !== null && date > addDays(localDateOf(nowMs, zone), g.bookingHorizonDays)) return [];
  const blocks = blocksOn(temps, providerId, locationId, date, zone).filter(
    (b) => b.template.allowedTypeIds === null || b.template.allowedTypeIds.includes(type.id),
  );
  if (blocks.length === 0) return [];
  const day = dayBounds(date, zone);
  const providerAppointments = ix.providerAppointmentsAround(providerId, date);
  const busy = timed(providerAppointments, q.excludeAppointmentId);
  const exceptions = ix.data.exceptions.filter(
    (e) => (e.providerId === null || e.providerId === providerId) && (e.locationId === null || e.locationId === locationId) && Date.parse(e.start) < day.endMs + 86_400_000 && Date.parse(e.end) > day.startMs - 86_400_000,
  );
  const closed = exceptions.map((e) => ({ startMs: Date.parse(e.start), endMs: Date.parse(e.end) }));
  const provider = ix.providers.get(providerId) ?? { id: providerId, familyName: providerId, givenName: '', credentials: null };
  const base: Omit<GuidelineContext, 'candidate'> = {
    type,
    types: ix.types,
    provider,
    location,
    patient: q.patient ?? null,
    templates: temps,
    exceptions,
    providerAppointments,
    roomAppointments: ix.roomAppointmentsAround(locationId, date),
    patientAppointments: q.patientAppointments ?? [],
    rooms: ix.data.rooms,
    rules: g,
    now: q.now,
    excludeAppointmentId: q.excludeAppointmentId ?? null,
  };
  const durMs = type.durationMinutes * 60_000;
  const stepMs = (q.stepMinutes ?? type.durationMinutes) * 60_000;
  const earliest = nowMs + g.minLeadTimeMinutes * 60_000;
  const out: Slot[] = [];
  for (const block of blocks) {
    for (let s = block.startMs; s + durMs <= block.endMs; s += stepMs) {
      const e = s + durMs;
      if (s < earliest || hits(busy, s, e) || hits(closed, s, e)) continue;
      const start = new Date(s).toISOString();
      const end = new Date(e).toISOString();
      const ctx: GuidelineContext = { ...base, candidate: { providerId, locationId, typeId: type.id, start, end, roomId: null } };
      if (!bookable(evaluateBooking(ctx))) continue;
      out.push({
        id: slotId(providerId, locationId, type.id, s),
        providerId,
        locationId,
        typeId: type.id,
        templateId: block.template.id,
        roomId: roomFor(ctx)?.id ?? null,
        start,
        end,
        timeZone: zone,
        localDate: date,
        localStart: formatLocalIso(s, zone),
        localEnd: formatLocalIso(e, zone),
      });
    }
  }
  return out;
};

/** True when [s, e) overlaps an interval of a list (lists are short: one provider-day). */
const hits = (list: readonly { startMs: number; endMs: number }[], s: number, e: number): boolean => {
  for (const x of list) if (x.startMs < e && s < x.endMs) return true;
  return false;
};

/** The slots of every searched provider on one local date, unsorted. */
const slotsOnDate = (q: SlotQuery, ix: ScheduleIndex, type: AppointmentType, providerIds: string[], date: LocalDate): Slot[] => {
  const weekday = weekdayOf(date);
  const out: Slot[] = [];
  for (const providerId of providerIds) {
    const temps = (ix.templatesByProvider.get(providerId) ?? []).filter(
      (t) => templateOn(t, date, weekday) && (!q.locationId || t.locationId === q.locationId),
    );
    for (const locationId of [...new Set(temps.map((t) => t.locationId))].sort()) out.push(...slotsAt(q, ix, type, providerId, locationId, date, temps));
  }
  return out;
};

const bySlotOrder = (a: Slot, b: Slot): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;

/** Every open slot for the query, sorted by start, then provider, then location. Pass an index for repeated searches. */
export const findSlots = (query: SlotQuery, data: SlotSearchData | ScheduleIndex): Slot[] => {
  const ix = asIndex(data);
  const type = typeOf(ix, query.typeId);
  const providerIds = providersOf(query, ix);
  return dates(query.from, query.to)
    .flatMap((d) => slotsOnDate(query, ix, type, providerIds, d))
    .sort(bySlotOrder);
};

/**
 * The first `n` open slots across the searched providers, in order. Walks the dates in order and
 * stops once `n` slots start before any slot of the next local date could (all zones searched).
 */
export const firstAvailable = (query: SlotQuery, data: SlotSearchData | ScheduleIndex, n: number): Slot[] => {
  if (n <= 0) return [];
  const ix = asIndex(data);
  const type = typeOf(ix, query.typeId);
  const providerIds = providersOf(query, ix);
  const zones = [...new Set(ix.data.templates.filter((t) => providerIds.includes(t.providerId)).map((t) => ix.locations.get(t.locationId)?.timeZone ?? 'UTC'))];
  let found: Slot[] = [];
  for (const date of dates(query.from, query.to)) {
    found = found.concat(slotsOnDate(query, ix, type, providerIds, date)).sort(bySlotOrder);
    const nth = found[n - 1];
    if (!nth) continue;
    const nextStart = Math.min(...zones.map((z) => dayBounds(addDays(date, 1), z).startMs));
    if (Date.parse(nth.start) <= nextStart) break;
  }
  return found.slice(0, n);
};
