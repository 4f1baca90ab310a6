import { can, type Action, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { DomainError, invalid, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { Appointment, AppointmentStatus } from './appointment.ts';
import { OccupancyTaken, type AppointmentRepo, type BookingIdempotency, type ScheduleSetupRepo } from './appointment.repo.ts';
import { canonicalInstant, canTransition, claimsOf, plusMinutes, type ResourceKind } from './occupancy.ts';
import type { AppointmentSearch, BookingInput, OverrideInput } from './schedule-inputs.ts';

export interface BookingServiceDeps {
  appointments: AppointmentRepo;
  types: ScheduleSetupRepo;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  idempotency: BookingIdempotency;
}

/** The expected refusal: the provider, room or patient already holds (part of) that time. */
export interface BookingConflict {
  kind: 'conflict';
  resource: ResourceKind;
  /** The visit in the way, when it could be named (an overbook lane race has none). */
  appointmentId?: string;
}
export type BookingOutcome = { kind: 'booked'; appointment: Appointment; replayed: boolean } | BookingConflict;
export type RescheduleOutcome = { kind: 'rescheduled'; appointment: Appointment } | BookingConflict;

/** Most visits one calendar query returns (50 providers over a week is about 5,000). */
const RANGE_LIMIT = 10_000;

/** Booking, rescheduling and status changes; the database's occupancy index makes double-booking impossible. */
export const createBookingService = (d: BookingServiceDeps) => {
  const now = (): string => d.clock.now().toISOString();
  const allow = (p: Principal, action: Action): void => {
    if (!can(p, action, d.clock.now())) throw new DomainError('forbidden', `Your role does not allow ${action}`);
  };
  const instant = (s: string, path: string): string => canonicalInstant(s) ?? (() => { throw invalid('The time is not a valid instant', [{ path, message: 'use an ISO-8601 instant' }]); })();
  const overrideOf = (p: Principal, o: OverrideInput | undefined): Appointment['override'] => {
    if (!o) return null;
    allow(p, 'schedule.override');
    return { kind: o.kind, reason: o.reason.trim(), by: p.userId };
  };

  const load = async (id: string): Promise<Appointment> => {
    const a = await d.appointments.get(id);
    if (!a) throw notFound('Appointment', id);
    return a;
  };

  /** Checks the visit's parts exist and fit together; returns the location's zone and the type's duration. */
  const subjects = async (input: BookingInput): Promise<{ timeZone: string; durationMinutes: number }> => {
    const [type, location, provider, patient] = await Promise.all([d.types.getType(input.typeId), d.types.location(input.locationId), d.types.provider(input.providerId), d.types.patientStatus(input.patientId)]);
    if (!type) throw notFound('Appointment type', input.typeId);
    if (!location) throw notFound('Location', input.locationId);
    if (!provider) throw notFound('Provider', input.providerId);
    if (patient === null) throw notFound('Patient', input.patientId);
    if (patient !== 'active') throw new DomainError('precondition_failed', `Patient ${input.patientId} is ${patient}; book the surviving record`);
    if (!provider.active) throw new DomainError('precondition_failed', `Provider ${provider.id} is inactive`);
    if (!provider.locationIds.includes(location.id)) throw invalid(`Provider ${provider.id} does not work at location ${location.id}`, [{ path: 'locationId', message: 'not one of the provider\'s locations' }]);
    if (input.roomId) {
      const room = await d.types.getRoom(input.roomId);
      if (!room) throw notFound('Room', input.roomId);
      if (room.locationId !== location.id) throw invalid(`Room ${room.id} is not at location ${location.id}`, [{ path: 'roomId', message: 'a room of another location' }]);
    }
    return { timeZone: location.timeZone, durationMinutes: type.durationMinutes };
  };

  /** After the refused transaction rolled back: name the visit in the way, audit the refusal, return it. */
  const refused = async (p: Principal, action: string, e: OccupancyTaken, span: { start: string; end: string; patientId: string; appointmentId?: string }): Promise<BookingConflict> => {
    const holder = await d.appointments.occupant(e.resource, e.resourceId, span.start, span.end);
    const appointmentId = holder && holder !== span.appointmentId ? holder : undefined;
    await d.audit.record(p, { action, category: 'scheduling', outcome: 'failure', patientId: span.patientId, detail: { conflict: e.resource, start: span.start, appointmentId: span.appointmentId ?? null, conflictingAppointmentId: appointmentId ?? null } });
    return { kind: 'conflict', resource: e.resource, ...(appointmentId ? { appointmentId } : {}) };
  };

  const book = async (p: Principal, input: BookingInput, opts: { idempotencyKey?: string } = {}): Promise<BookingOutcome> => {
    allow(p, 'schedule.book');
    const override = overrideOf(p, input.override);
    const start = instant(input.start, 'start');
    const request = JSON.stringify(input);
    let end = start;
    try {
      return await d.uow.run(async (): Promise<BookingOutcome> => {
        if (opts.idempotencyKey) {
          const prior = await d.idempotency.find(p.principalId, opts.idempotencyKey, 'appointment.book', request);
          if (prior === 'mismatch') throw new DomainError('conflict', 'This Idempotency-Key was used with a different request');
          if (prior) return { kind: 'booked', appointment: await load(prior.resourceId), replayed: true };
        }
        const id = d.ids.newId();
        const at = now();
        // Claim the key first: a concurrent request with the same key waits on it, then replays.
        if (opts.idempotencyKey) await d.idempotency.save({ principalId: p.principalId, key: opts.idempotencyKey, scope: 'appointment.book', request, resourceId: id, createdAt: at });
        const { timeZone, durationMinutes } = await subjects(input);
        end = plusMinutes(start, durationMinutes);
        const a: Appointment = {
          id, patientId: input.patientId, providerId: input.providerId, locationId: input.locationId, roomId: input.roomId ?? null, typeId: input.typeId,
          start, end, timeZone, status: 'booked', cancelReason: null, override, referralId: input.referralId ?? null, createdAt: at, updatedAt: at, version: 1,
        };
        await d.appointments.insert(a, claimsOf(a, override?.kind === 'overbook'));
        await d.audit.record(p, { action: 'appointment.book', category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id, providerId: a.providerId, start, ...(override ? { override: override.kind, reason: override.reason } : {}) } });
        return { kind: 'booked', appointment: a, replayed: false };
      });
    } catch (e) {
      if (e instanceof OccupancyTaken) return refused(p, 'appointment.book', e, { start, end, patientId: input.patientId });
      throw e;
    }
  };

  /** Moves a booked visit to a new start, keeping its length; `version` is the one the caller read. */
  const reschedule = async (p: Principal, id: string, newStart: string, opts: { version: number; override?: OverrideInput }): Promise<RescheduleOutcome> => {
    allow(p, 'schedule.book');
    const override = overrideOf(p, opts.override);
    const start = instant(newStart, 'start');
    let span = { start, end: start, patientId: '', appointmentId: id };
    try {
      return await d.uow.run(async (): Promise<RescheduleOutcome> => {
        const a = await load(id);
        span = { ...span, end: plusMinutes(start, (Date.parse(a.end) - Date.parse(a.start)) / 60_000), patientId: a.patientId };
        if (a.status !== 'booked') throw new DomainError('precondition_failed', `Appointment ${id} is ${a.status}; only a booked visit can be rescheduled`);
        if (a.version !== opts.version) throw new DomainError('precondition_failed', `Appointment ${id} changed since version ${opts.version}; reload it (now version ${a.version})`);
        const next: Appointment = { ...a, start, end: span.end, override, updatedAt: now(), version: a.version + 1 };
        await d.appointments.release(id);
        await d.appointments.occupy(next, claimsOf(next, override?.kind === 'overbook'));
        if (!(await d.appointments.update(next, a.version))) throw new DomainError('precondition_failed', `Appointment ${id} changed concurrently; reload it`);
        await d.audit.record(p, { action: 'appointment.reschedule', category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id, from: a.start, to: start, ...(override ? { override: override.kind, reason: override.reason } : {}) } });
        return { kind: 'rescheduled', appointment: next };
      });
    } catch (e) {
      if (e instanceof OccupancyTaken) return refused(p, 'appointment.reschedule', e, span);
      throw e;
    }
  };

  /** One status change: validated against the transition table, audited; leaving the calendar frees its blocks. */
  const transition = (action: string, to: AppointmentStatus) => async (p: Principal, id: string, reason?: string): Promise<Appointment> => {
    allow(p, 'schedule.book');
    return d.uow.run(async () => {
      const a = await load(id);
      if (!canTransition(a.status, to)) throw new DomainError('precondition_failed', `Appointment ${id} is ${a.status} and cannot become ${to}`);
      const next: Appointment = { ...a, status: to, cancelReason: to === 'cancelled' ? (reason?.trim() ?? null) : a.cancelReason, updatedAt: now(), version: a.version + 1 };
      if (to === 'cancelled') await d.appointments.release(id);
      if (!(await d.appointments.update(next, a.version))) throw new DomainError('precondition_failed', `Appointment ${id} changed concurrently; reload it`);
      await d.audit.record(p, { action, category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id, from: a.status, to, ...(to === 'cancelled' ? { reason: next.cancelReason } : {}) } });
      return next;
    });
  };

  const cancelTo = transition('appointment.cancel', 'cancelled');
  const cancel = (p: Principal, id: string, reason: string): Promise<Appointment> => {
    if (reason.trim().length < 4) throw invalid('State why the visit is cancelled', [{ path: 'reason', message: 'at least 4 characters' }]);
    return cancelTo(p, id, reason);
  };

  const get = async (p: Principal, id: string): Promise<Appointment> => {
    allow(p, 'schedule.read');
    const a = await load(id);
    await d.audit.record(p, { action: 'appointment.read', category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id } });
    return a;
  };

  /** The calendar: visits overlapping [from, to), by provider list and/or location. */
  const listForRange = async (p: Principal, q: Omit<AppointmentSearch, 'includeCancelled'> & { includeCancelled?: boolean }): Promise<Appointment[]> => {
    allow(p, 'schedule.read');
    const from = instant(q.from, 'from');
    const to = instant(q.to, 'to');
    const found = await d.appointments.listRange({ from, to, providerIds: q.providerIds, locationId: q.locationId, includeCancelled: q.includeCancelled ?? false, limit: RANGE_LIMIT });
    await d.audit.record(p, { action: 'appointment.search', category: 'scheduling', outcome: 'success', patientId: null, detail: { from, to, results: found.length } });
    return found;
  };

  return {
    book,
    reschedule,
    cancel,
    checkIn: (p: Principal, id: string) => transition('appointment.check_in', 'checked_in')(p, id),
    markNoShow: (p: Principal, id: string) => transition('appointment.no_show', 'no_show')(p, id),
    complete: (p: Principal, id: string) => transition('appointment.complete', 'completed')(p, id),
    get,
    listForRange,
  };
};
export type BookingService = ReturnType<typeof createBookingService>;
