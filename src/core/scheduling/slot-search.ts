import { addDays, invalid, type LocalDate } from '../shared/index.ts';
import type { Appointment, AppointmentType, WorkingTemplate } from './appointment.ts';
import { blocksOn, dayFacts, templateOn, timed, type Block, type GuidelineContext, type PatientFacts, type Prepared, type TimedAppointment } from './guideline-context.ts';
import { bookable, evaluatePrepared, roomForPrepared } from './guideline-evaluation.ts';
import type { EffectiveGuidelines } from './guideline-rules.ts';
import { dayBounds, formatLocalIso, isoUtc, localDateOf, weekdayOf } from './local-time.ts';
import { indexSchedule, type ScheduleIndex, type SlotSearchData, type TimedException } from './schedule-index.ts';
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
const DAY_MS = 86_400_000;

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

/** One search: the query with what every day of it shares. */
interface Search {
  q: SlotQuery;
  ix: ScheduleIndex;
  type: AppointmentType;
  nowMs: number;
  patientAppointments: TimedAppointment[];
}

const search = (q: SlotQuery, ix: ScheduleIndex): Search => ({
  q,
  ix,
  type: typeOf(ix, q.typeId),
  nowMs: typeof q.now === 'string' ? Date.parse(q.now) : q.now.getTime(),
  patientAppointments: timed(q.patientAppointments, q.excludeAppointmentId),
});

/** Exceptions of a provider at a location that touch the UTC days around a local date. */
const exceptionsAround = (ix: ScheduleIndex, providerId: string, locationId: string, date: LocalDate): TimedException[] => {
  const midnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return ix.exceptions.filter(
    (x) =>
      (x.e.providerId === null || x.e.providerId === providerId) &&
      (x.e.locationId === null || x.e.locationId === locationId) &&
      x.startMs < midnight + 2 * DAY_MS &&
      x.endMs > midnight - DAY_MS,
  );
};

/** What the cheap pre-pass of one provider-day found: candidate starts that may be free. */
interface DayPlan {
  providerId: string;
  location: ScheduleIndex['data']['locations'][number];
  date: LocalDate;
  temps: WorkingTemplate[];
  g: EffectiveGuidelines;
  busy: TimedAppointment[];
  closed: TimedException[];
  /** Candidate starts (epoch ms) with their block, in order. */
  starts: { s: number; block: Block }[];
}

/** Cheap filters (horizon, allowed type, lead time, provider bookings, exceptions); null when nothing is left. */
const plan = (sr: Search, providerId: string, locationId: string, date: LocalDate, temps: WorkingTemplate[]): DayPlan | null => {
  const { q, ix, type } = sr;
  const location = ix.locations.get(locationId);
  if (!location) return null;
  const g = ix.guidelines(providerId, locationId);
  if (g.bookingHorizonDays !== null && date > addDays(localDateOf(sr.nowMs, location.timeZone), g.bookingHorizonDays)) return null;
  const blocks = blocksOn(temps, providerId, locationId, date, location.timeZone).filter(
    (b) => b.template.allowedTypeIds === null || b.template.allowedTypeIds.includes(type.id),
  );
  if (blocks.length === 0) return null;
  const busy = ix.providerAppointmentsAround(providerId, date, q.excludeAppointmentId);
  const closed = exceptionsAround(ix, providerId, locationId, date);
  const durMs = type.durationMinutes * 60_000;
  const stepMs = Math.max(1, q.stepMinutes ?? type.durationMinutes) * 60_000;
  const earliest = sr.nowMs + g.minLeadTimeMinutes * 60_000;
  const starts: DayPlan['starts'] = [];
  for (const block of blocks)
    for (let s = block.startMs; s + durMs <= block.endMs; s += stepMs)
      if (s >= earliest && !hits(busy, s, s + durMs) && !hits(closed, s, s + durMs)) starts.push({ s, block });
  return starts.length === 0 ? null : { providerId, location, date, temps, g, busy, closed, starts };
};

/** The evaluation context of a planned provider-day, prepared once for all its candidates. */
const prepareDay = (sr: Search, d: DayPlan): Prepared => {
  const { q, ix, type } = sr;
  const roomAppointments = ix.roomAppointmentsAround(d.location.id, d.date, q.excludeAppointmentId);
  const ctx: GuidelineContext = {
    candidate: { providerId: d.providerId, locationId: d.location.id, typeId: type.id, start: '', end: '', roomId: null },
    type,
    types: ix.types,
    provider: ix.providers.get(d.providerId) ?? { id: d.providerId, familyName: d.providerId, givenName: '', credentials: null },
    location: d.location,
    patient: q.patient ?? null,
    templates: d.temps,
    exceptions: d.closed.map((x) => x.e),
    providerAppointments: d.busy.map((x) => x.a),
    roomAppointments: roomAppointments.map((x) => x.a),
    patientAppointments: q.patientAppointments ?? [],
    rooms: ix.data.rooms,
    rules: d.g,
    now: q.now,
    excludeAppointmentId: q.excludeAppointmentId ?? null,
  };
  const facts = dayFacts(ctx, d.date, { providerAppointments: d.busy, roomAppointments, patientAppointments: sr.patientAppointments });
  return { ...facts, ctx, startMs: 0, endMs: 0 };
};

/** The slots of one provider at one location on one local date. */
const slotsAt = (sr: Search, providerId: string, locationId: string, date: LocalDate, temps: WorkingTemplate[]): Slot[] => {
  const d = plan(sr, providerId, locationId, date, temps);
  if (!d) return [];
  const { type } = sr;
  const zone = d.location.timeZone;
  const durMs = type.durationMinutes * 60_000;
  // One prepared context per day, its candidate instants set per slot: the checks read
  // p.startMs/p.endMs (never p.ctx.candidate.start/end), so nothing is allocated per candidate.
  const p = prepareDay(sr, d);
  const out: Slot[] = [];
  for (const { s, block } of d.starts) {
    p.startMs = s;
    p.endMs = s + durMs;
    if (!bookable(evaluatePrepared(p))) continue;
    out.push({
      id: slotId(providerId, locationId, type.id, s),
      providerId,
      locationId,
      typeId: type.id,
      templateId: block.template.id,
      roomId: roomForPrepared(p)?.id ?? null,
      start: isoUtc(s),
      end: isoUtc(p.endMs),
      timeZone: zone,
      localDate: date,
      localStart: formatLocalIso(s, zone),
      localEnd: formatLocalIso(p.endMs, zone),
    });
  }
  return out;
};

/** True when [s, e) overlaps an interval of a list (lists are short: one provider-day). */
const hits = (list: readonly { startMs: number; endMs: number }[], s: number, e: number): boolean => {
  for (const x of list) if (x.startMs < e && s < x.endMs) return true;
  return false;
};

/** The slots of every searched provider on one local date, unsorted. */
const slotsOnDate = (sr: Search, providerIds: string[], date: LocalDate): Slot[] => {
  const { q, ix } = sr;
  const weekday = weekdayOf(date);
  const out: Slot[] = [];
  for (const providerId of providerIds) {
    const temps = (ix.templatesByProvider.get(providerId) ?? []).filter(
      (t) => templateOn(t, date, weekday) && (!q.locationId || t.locationId === q.locationId),
    );
    for (const locationId of [...new Set(temps.map((t) => t.locationId))].sort()) out.push(...slotsAt(sr, providerId, locationId, date, temps));
  }
  return out;
};

const bySlotOrder = (a: Slot, b: Slot): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;

/** Every open slot for the query, sorted by start, then provider, then location. Pass an index for repeated searches. */
export const findSlots = (query: SlotQuery, data: SlotSearchData | ScheduleIndex): Slot[] => {
  const ix = asIndex(data);
  const sr = search(query, ix);
  const providerIds = providersOf(query, ix);
  return dates(query.from, query.to)
    .flatMap((d) => slotsOnDate(sr, providerIds, d))
    .sort(bySlotOrder);
};

/**
 * The first `n` open slots across the searched providers, in order. Walks the dates in order and
 * stops once `n` slots start before any slot of the next local date could (all zones searched).
 */
export const firstAvailable = (query: SlotQuery, data: SlotSearchData | ScheduleIndex, n: number): Slot[] => {
  if (n <= 0) return [];
  const ix = asIndex(data);
  const sr = search(query, ix);
  const providerIds = providersOf(query, ix);
  const zones = [...new Set(ix.data.templates.filter((t) => providerIds.includes(t.providerId)).map((t) => ix.locations.get(t.locationId)?.timeZone ?? 'UTC'))];
  let found: Slot[] = [];
  for (const date of dates(query.from, query.to)) {
    found = found.concat(slotsOnDate(sr, providerIds, date)).sort(bySlotOrder);
    const nth = found[n - 1];
    if (!nth) continue;
    const nextStart = Math.min(...zones.map((z) => dayBounds(addDays(date, 1), z).startMs));
    if (Date.parse(nth.start) <= nextStart) break;
  }
  return found.slice(0, n);
};
