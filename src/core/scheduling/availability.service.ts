import { can, type Action, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { addDays, DomainError, invalid, notFound, type Clock, type LocalDate } from '../shared/index.ts';
import type { Appointment, AppointmentType, Room, ScheduleException } from './appointment.ts';
import type { AppointmentRepo, PatientScheduleFacts, ScheduleDirectory, ScheduleSetupRepo } from './appointment.repo.ts';
import type { RuleVerdict } from './guideline-context.ts';
import { bookable, evaluateBooking } from './guideline-evaluation.ts';
import { blocksOn } from './guideline-context.ts';
import { dayBounds } from './local-time.ts';
import { canonicalInstant } from './occupancy.ts';
import type { ScheduleReader } from './schedule-reader.ts';
import { findSlots, firstAvailable, type Slot } from './slot-search.ts';
import { indexSchedule } from './schedule-index.ts';

export interface AvailabilityDeps {
  reader: ScheduleReader;
  directory: ScheduleDirectory;
  setup: ScheduleSetupRepo;
  appointments: AppointmentRepo;
  audit: AuditLog;
  clock: Clock;
}

/** How the calendar names a patient: `Family, Given`, or a placeholder for a restricted record. */
export interface PatientLabel {
  id: string;
  name: string;
  dateOfBirth: string | null;
}

export interface CalendarQuery {
  from: LocalDate;
  days: number;
  locationId?: string;
  providerIds?: string[];
  typeIds?: string[];
  includeCancelled?: boolean;
}

/** A working block on a day of the calendar, as instants. */
export interface CalendarBlock {
  providerId: string;
  locationId: string;
  templateId: string;
  start: string;
  end: string;
  allowedTypeIds: string[] | null;
}

export interface CalendarView {
  from: LocalDate;
  days: number;
  timeZone: string;
  locations: { id: string; name: string; timeZone: string }[];
  providers: { id: string; name: string; locationIds: string[] }[];
  rooms: Room[];
  types: AppointmentType[];
  blocks: CalendarBlock[];
  exceptions: ScheduleException[];
  appointments: (Appointment & { patient: PatientLabel })[];
}

export interface CheckRequest {
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  end?: string;
  patientId?: string;
  roomId?: string;
  excludeAppointmentId?: string;
}

export interface SlotRequest {
  typeId: string;
  from: LocalDate;
  to: LocalDate;
  providerIds?: string[];
  locationId?: string;
  patientId?: string;
  limit?: number;
  excludeAppointmentId?: string;
}

const RESTRICTED = 'Restricted record';
const LIMIT = 20_000;

/** Reading the calendar: the master calendar view, "why not this time?", open slots and the printable day sheet. */
export const createAvailabilityService = (d: AvailabilityDeps) => {
  const allow = (p: Principal, action: Action): void => {
    if (!can(p, action, d.clock.now())) throw new DomainError('forbidden', `Your role does not allow ${action}`);
  };
  const glass = (p: Principal): boolean => p.breakGlass !== null && p.breakGlass.endsAt > d.clock.now().toISOString();
  const label = (p: Principal, f: PatientScheduleFacts | undefined, id: string): PatientLabel =>
    !f ? { id, name: 'Unknown patient', dateOfBirth: null } : f.restricted && !glass(p) ? { id, name: RESTRICTED, dateOfBirth: null } : { id, name: `${f.familyName}, ${f.givenName}`, dateOfBirth: f.birthDate };
  const ids = (list: readonly { patientId: string }[]): string => [...new Set(list.map((a) => a.patientId))].join(' ');

  /** The master calendar: days of one location's zone, one column per provider, everything the screen draws. */
  const calendar = async (p: Principal, q: CalendarQuery): Promise<CalendarView> => {
    allow(p, 'schedule.read');
    if (q.days < 1 || q.days > 14) throw invalid('Show 1 to 14 days', [{ path: 'days', message: 'between 1 and 14' }]);
    const [locations, providers, types, rooms] = await Promise.all([d.directory.locations(), d.directory.providers(), d.setup.listTypes(), d.setup.listRooms(q.locationId)]);
    if (q.locationId && !locations.some((l) => l.id === q.locationId)) throw notFound('Location', q.locationId);
    const zone = locations.find((l) => l.id === q.locationId)?.timeZone ?? locations[0]?.timeZone ?? 'UTC';
    const last = addDays(q.from, q.days - 1);
    const from = new Date(dayBounds(q.from, zone).startMs).toISOString();
    const to = new Date(dayBounds(last, zone).endMs).toISOString();
    const shown = providers.filter((pr) => pr.active && (!q.locationId || pr.locationIds.includes(q.locationId)) && (!q.providerIds || q.providerIds.includes(pr.id)));
    const shownIds = shown.map((pr) => pr.id);
    const [templates, exceptions, found] = await Promise.all([
      d.setup.listTemplates({ locationId: q.locationId }),
      d.setup.listExceptions({ from, to, locationId: q.locationId }),
      shownIds.length > 0 ? d.appointments.listRange({ from, to, providerIds: shownIds, locationId: q.locationId, includeCancelled: q.includeCancelled ?? false, limit: LIMIT }) : Promise.resolve([]),
    ]);
    const visits = q.typeIds ? found.filter((a) => q.typeIds!.includes(a.typeId)) : found;
    const facts = new Map((await d.directory.patients(visits.map((a) => a.patientId), q.from)).map((f) => [f.id, f]));
    const blocks: CalendarBlock[] = [];
    for (let date = q.from; date <= last; date = addDays(date, 1))
      for (const pr of shown)
        for (const locationId of pr.locationIds.filter((l) => !q.locationId || l === q.locationId)) {
          const lz = locations.find((l) => l.id === locationId)?.timeZone ?? zone;
          for (const b of blocksOn(templates, pr.id, locationId, date, lz))
            blocks.push({ providerId: pr.id, locationId, templateId: b.template.id, start: new Date(b.startMs).toISOString(), end: new Date(b.endMs).toISOString(), allowedTypeIds: b.template.allowedTypeIds });
        }
    await d.audit.record(p, { action: 'appointment.search', category: 'scheduling', outcome: 'success', patientId: null, detail: { from, to, results: visits.length, patientIds: ids(visits) } });
    return {
      from: q.from,
      days: q.days,
      timeZone: zone,
      locations: locations.filter((l) => !q.locationId || l.id === q.locationId),
      providers: shown.map((pr) => ({ id: pr.id, name: nameOf(pr), locationIds: pr.locationIds })),
      rooms,
      types,
      blocks,
      exceptions: exceptions.filter((e) => e.providerId === null || shownIds.includes(e.providerId)),
      appointments: visits.map((a) => ({ ...a, patient: label(p, facts.get(a.patientId), a.patientId) })),
    };
  };

  /** "Why not this time?": every verdict for a candidate, in order; `bookable` when none blocks. */
  const check = async (p: Principal, q: CheckRequest): Promise<{ bookable: boolean; verdicts: RuleVerdict[] }> => {
    allow(p, 'schedule.read');
    const start = canonicalInstant(q.start);
    const end = q.end === undefined ? undefined : canonicalInstant(q.end);
    if (!start) throw invalid('The start is not a valid instant', [{ path: 'start', message: 'use an ISO-8601 instant' }]);
    if (end === null || (end !== undefined && Date.parse(end) <= Date.parse(start))) throw invalid('The end must be a valid instant after the start', [{ path: 'end', message: 'after start' }]);
    const ctx = await d.reader.candidateContext({ ...q, start, end }, d.clock.now());
    if (!ctx) throw notFound('Appointment type, provider or location', `${q.typeId}/${q.providerId}/${q.locationId}`);
    const verdicts = evaluateBooking(ctx);
    if (q.patientId) await d.audit.record(p, { action: 'appointment.check', category: 'scheduling', outcome: 'success', patientId: q.patientId, detail: { providerId: q.providerId, start } });
    return { bookable: bookable(verdicts), verdicts };
  };

  /**
   * Open slots for a type over local dates, for providers or a location, in order; `limit` first.
   * A small limit (first available) reads the calendar in growing windows (1, 2, 4, ... days) and
   * stops as soon as it has enough, so it never loads months of bookings to find the next hour.
   */
  const slots = async (p: Principal, q: SlotRequest): Promise<Slot[]> => {
    allow(p, 'schedule.read');
    if (q.to < q.from) throw invalid('The range ends before it starts', [{ path: 'to', message: 'not before from' }]);
    if (addDays(q.from, 92) < q.to) throw invalid('Search at most 92 days at once', [{ path: 'to', message: 'at most 92 days after from' }]);
    const now = d.clock.now();
    const facts = q.patientId ? (await d.directory.patients([q.patientId], q.from))[0] : undefined;
    if (q.patientId && !facts) throw notFound('Patient', q.patientId);
    const limit = q.limit ?? 50;
    const found: Slot[] = [];
    let patient: Awaited<ReturnType<ScheduleReader['patientFacts']>> = null;
    for (let from = q.from, span = limit <= 10 ? 1 : 92; from <= q.to && found.length < limit; span *= 2) {
      const to = addDays(from, span - 1) < q.to ? addDays(from, span - 1) : q.to;
      const data = await d.reader.slotData({ ...q, from, to });
      if (!data.types.some((t) => t.id === q.typeId)) throw notFound('Appointment type', q.typeId);
      if (facts && !patient) {
        const zone = data.locations.find((l) => l.id === q.locationId)?.timeZone ?? data.locations[0]?.timeZone ?? 'UTC';
        patient = await d.reader.patientFacts(facts, now.toISOString(), zone);
      }
      const patientAppointments = q.patientId ? await d.appointments.listRange({ from: `${addDays(from, -1)}T00:00:00.000Z`, to: `${addDays(to, 2)}T00:00:00.000Z`, patientId: q.patientId, limit: LIMIT }) : [];
      const query = { typeId: q.typeId, from, to, providerIds: q.providerIds ?? null, locationId: q.locationId ?? null, patient, patientAppointments, now, excludeAppointmentId: q.excludeAppointmentId ?? null };
      const ix = indexSchedule(data);
      const need = limit - found.length;
      found.push(...(need <= 10 ? firstAvailable(query, ix, need) : findSlots(query, ix).slice(0, need)));
      from = addDays(to, 1);
    }
    if (q.patientId) await d.audit.record(p, { action: 'appointment.slots', category: 'scheduling', outcome: 'success', patientId: q.patientId, detail: { typeId: q.typeId, results: found.length } });
    return found;
  };

  /** One provider's day as a printable sheet: the visits with what the front desk needs. Audited as a print. */
  const daySheet = async (p: Principal, providerId: string, date: LocalDate) => {
    allow(p, 'schedule.read');
    const [providers, locations, types] = await Promise.all([d.directory.providers(), d.directory.locations(), d.setup.listTypes()]);
    const pr = providers.find((x) => x.id === providerId);
    if (!pr) throw notFound('Provider', providerId);
    const zone = locations.find((l) => pr.locationIds.includes(l.id))?.timeZone ?? 'UTC';
    const b = dayBounds(date, zone);
    const visits = await d.appointments.listRange({ from: new Date(b.startMs).toISOString(), to: new Date(b.endMs).toISOString(), providerIds: [providerId], limit: LIMIT });
    const facts = new Map((await d.directory.patients(visits.map((a) => a.patientId), date)).map((f) => [f.id, f]));
    const typeById = new Map(types.map((t) => [t.id, t]));
    await d.audit.record(p, { action: 'appointment.print', category: 'scheduling', outcome: 'success', patientId: null, detail: { providerId, date, results: visits.length, patientIds: ids(visits) } });
    return {
      provider: { id: pr.id, name: nameOf(pr) },
      date,
      timeZone: zone,
      locations: locations.filter((l) => pr.locationIds.includes(l.id)),
      appointments: visits.map((a) => {
        const f = facts.get(a.patientId);
        const shown = label(p, f, a.patientId);
        return { ...a, patient: { ...shown, phone: shown.name === RESTRICTED ? null : (f?.phone ?? null) }, typeName: typeById.get(a.typeId)?.name ?? 'Visit', instructions: typeById.get(a.typeId)?.instructions ?? null };
      }),
    };
  };

  return { calendar, check, slots, daySheet };
};
export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

/** A provider's display name: `Priya Patel, MD`. */
export const nameOf = (p: { familyName: string; givenName: string; credentials: string | null }): string => `${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''}`;
