import { can, type Action, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { DomainError, invalid, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { Appointment, AppointmentStatus } from './appointment.ts';
import { OccupancyTaken, type AppointmentRepo, type BookingIdempotency, type ScheduleSetupRepo } from './appointment.repo.ts';
import { canonicalInstant, canTransition, claimsOf, plusMinutes, type ResourceKind } from './occupancy.ts';
import type { AppointmentSearch, BookingInput, OverrideInput } from './schedule-inputs.ts';
import type { RuleVerdict } from './guideline-context.ts';
import { bookable, evaluateBooking, roomFor } from './guideline-evaluation.ts';
import type { ScheduleReader } from './schedule-reader.ts';
import type { SchedulingQueuesRepo } from './queues.ts';
import { localDateOf } from './local-time.ts';

export interface BookingServiceDeps {
  appointments: AppointmentRepo;
  types: ScheduleSetupRepo;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  idempotency: BookingIdempotency;
  reader: ScheduleReader;
  queues: SchedulingQueuesRepo;
}

/** The expected refusal: the provider, room or patient already holds (part of) that time. */
export interface BookingConflict {
  kind: 'conflict';
  resource: ResourceKind;
  /** The visit in the way, when it could be named (an overbook lane race has none). */
  appointmentId?: string;
}
/** The guidelines refuse the time: every verdict, the blocking ones first in meaning. */
export interface BookingRefusal {
  kind: 'refused';
  verdicts: RuleVerdict[];
}
export type BookingOutcome = { kind: 'booked'; appointment: Appointment; replayed: boolean } | BookingConflict | BookingRefusal;
export type RescheduleOutcome = { kind: 'rescheduled'; appointment: Appointment } | BookingConflict | BookingRefusal;

/** What an authorised override lifts: an overbook lifts the provider conflict and, like a rule exception, the other overridable rules. */
const flagsOf = (o: OverrideInput | undefined): { overbook?: boolean; ruleException?: boolean } => (o ? { overbook: o.kind === 'overbook', ruleException: true } : {});

/** Internal links a booking may carry besides the request (a rebooked no-show). */
export interface BookingLinks {
  rebookedFromId?: string;
}

/** Most visits one calendar query returns (50 providers over a week is about 5,000); a full page means "narrow the range". */
export const RANGE_LIMIT = 10_000;

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

  /**
   * Runs the guidelines for a candidate. Returns the verdicts, the room to take and the override
   * to store: only when the given override lifted a verdict (an overbook only over a provider conflict).
   */
  const judge = async (
    p: Principal,
    c: { providerId: string; locationId: string; typeId: string; start: string; end?: string; roomId: string | null; patientId: string; excludeAppointmentId?: string },
    given: OverrideInput | undefined,
  ): Promise<{ verdicts: RuleVerdict[]; ok: boolean; roomId: string | null; override: Appointment['override'] }> => {
    const ctx = await d.reader.candidateContext(c, d.clock.now(), flagsOf(given));
    if (!ctx) return { verdicts: [], ok: true, roomId: c.roomId, override: given ? { kind: given.kind, reason: given.reason.trim(), by: p.userId } : null };
    const verdicts = evaluateBooking(ctx);
    const lifted = verdicts.filter((v) => v.overridable && !v.blocking);
    const overbook = lifted.some((v) => v.code === 'conflict_provider');
    const override: Appointment['override'] = given && lifted.length > 0 ? { kind: overbook ? 'overbook' : 'rule_exception', reason: given.reason.trim(), by: p.userId } : null;
    return { verdicts, ok: bookable(verdicts), roomId: c.roomId ?? roomFor(ctx)?.id ?? null, override };
  };

  /** A refusal by the rules, audited (codes only), as the returned outcome. */
  const refusedByRules = async (p: Principal, action: string, patientId: string, verdicts: RuleVerdict[], appointmentId?: string): Promise<BookingRefusal> => {
    await d.audit.record(p, { action, category: 'scheduling', outcome: 'failure', patientId, detail: { refused: verdicts.filter((v) => v.blocking).map((v) => v.code).join(','), appointmentId: appointmentId ?? null } });
    return { kind: 'refused', verdicts };
  };

  /** A referral or recall the booking names must be the patient's and still open. */
  const checkLinks = async (input: BookingInput, start: string, timeZone: string): Promise<void> => {
    if (input.referralId) {
      const r = await d.queues.getReferral(input.referralId);
      if (!r || r.patientId !== input.patientId) throw notFound('Referral', input.referralId);
      if (r.status !== 'open') throw new DomainError('precondition_failed', `Referral ${r.id} is closed`);
      if (r.expiresOn !== null && localDateOf(start, timeZone) > r.expiresOn) throw invalid(`Referral ${r.id} expires on ${r.expiresOn}, before this visit`, [{ path: 'referralId', message: 'the referral has expired by then' }]);
      if (r.visitLimit !== null && (await d.queues.referralVisits(r.id)) >= r.visitLimit) throw new DomainError('precondition_failed', `Referral ${r.id} allows ${r.visitLimit} visit(s) and all are booked`);
    }
    if (input.recallId) {
      const r = await d.queues.getRecall(input.recallId);
      if (!r || r.patientId !== input.patientId) throw notFound('Recall', input.recallId);
      if (r.status !== 'pending') throw new DomainError('precondition_failed', `Recall ${r.id} is ${r.status}`);
    }
  };

  /** Marks the recall a booking answers as booked, in the booking's transaction. */
  const answerRecall = async (recallId: string | undefined, appointmentId: string, at: string): Promise<void> => {
    if (!recallId) return;
    const r = await d.queues.getRecall(recallId);
    if (!r || r.status !== 'pending') throw new DomainError('precondition_failed', `Recall ${recallId} changed; reload it`);
    if (!(await d.queues.updateRecall({ ...r, status: 'booked', appointmentId, updatedAt: at, version: r.version + 1 }, r.version))) throw new DomainError('precondition_failed', `Recall ${recallId} changed; reload it`);
  };

  const book = async (p: Principal, input: BookingInput, opts: { idempotencyKey?: string; links?: BookingLinks } = {}): Promise<BookingOutcome> => {
    allow(p, 'schedule.book');
    overrideOf(p, input.override);
    const start = instant(input.start, 'start');
    const request = JSON.stringify(input);
    let end = start;
    const replay = async (): Promise<BookingOutcome | null> => {
      if (!opts.idempotencyKey) return null;
      const prior = await d.idempotency.find(p.principalId, opts.idempotencyKey, 'appointment.book', request);
      if (prior === 'mismatch') throw new DomainError('conflict', 'This Idempotency-Key was used with a different request');
      return prior ? { kind: 'booked', appointment: await load(prior.resourceId), replayed: true } : null;
    };
    // A replay answers before the rules run (its own visit now holds the time).
    const early = await replay();
    if (early) return early;
    // Unknown or mismatched parts answer as such before the rules speak of them.
    const { timeZone, durationMinutes } = await subjects(input);
    end = plusMinutes(start, durationMinutes);
    await checkLinks(input, start, timeZone);
    const judged = await judge(p, { ...input, start, roomId: input.roomId ?? null }, input.override);
    if (!judged.ok) return refusedByRules(p, 'appointment.book', input.patientId, judged.verdicts);
    try {
      return await d.uow.run(async (): Promise<BookingOutcome> => {
        const prior = await replay();
        if (prior) return prior;
        const id = d.ids.newId();
        const at = now();
        // Claim the key first: a concurrent request with the same key waits on it, then replays.
        if (opts.idempotencyKey) await d.idempotency.save({ principalId: p.principalId, key: opts.idempotencyKey, scope: 'appointment.book', request, resourceId: id, createdAt: at });
        const override = judged.override;
        const a: Appointment = {
          id, patientId: input.patientId, providerId: input.providerId, locationId: input.locationId, roomId: judged.roomId, typeId: input.typeId,
          start, end, timeZone, status: 'booked', cancelReason: null, override, referralId: input.referralId ?? null,
          rebookedFromId: opts.links?.rebookedFromId ?? null, recallId: input.recallId ?? null, createdAt: at, updatedAt: at, version: 1,
        };
        await d.appointments.insert(a, claimsOf(a, override?.kind === 'overbook'));
        await answerRecall(input.recallId, id, at);
        await d.audit.record(p, { action: 'appointment.book', category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id, providerId: a.providerId, start, ...(override ? { override: override.kind, reason: override.reason } : {}) } });
        return { kind: 'booked', appointment: a, replayed: false };
      });
    } catch (e) {
      if (e instanceof OccupancyTaken) return refused(p, 'appointment.book', e, { start, end, patientId: input.patientId });
      throw e;
    }
  };

  /**
   * Moves a booked visit to a new start (and, for a resize, a new end; for a drag to another
   * column, another provider), under the same rules as booking; `version` is the one the caller read.
   */
  const reschedule = async (p: Principal, id: string, newStart: string, opts: { version: number; end?: string; providerId?: string; override?: OverrideInput }): Promise<RescheduleOutcome> => {
    allow(p, 'schedule.book');
    overrideOf(p, opts.override);
    const start = instant(newStart, 'start');
    const current = await load(id);
    const newEnd = opts.end ? instant(opts.end, 'end') : plusMinutes(start, (Date.parse(current.end) - Date.parse(current.start)) / 60_000);
    if (!(Date.parse(newEnd) > Date.parse(start))) throw invalid('The visit must end after it starts', [{ path: 'end', message: 'not after start' }]);
    if ((Date.parse(newEnd) - Date.parse(start)) % (5 * 60_000) !== 0) throw invalid('Visits last a multiple of 5 minutes', [{ path: 'end', message: 'a multiple of 5 minutes after start' }]);
    const providerId = opts.providerId ?? current.providerId;
    if (providerId !== current.providerId) {
      const prov = await d.types.provider(providerId);
      if (!prov) throw notFound('Provider', providerId);
      if (!prov.active || !prov.locationIds.includes(current.locationId)) throw invalid(`Provider ${providerId} does not work at location ${current.locationId}`, [{ path: 'providerId', message: "not one of the location's providers" }]);
    }
    // The visit keeps its room when it still suits; the rules pick another of the needed type otherwise.
    const candidate = { providerId, locationId: current.locationId, typeId: current.typeId, start, end: newEnd, roomId: current.roomId, patientId: current.patientId, excludeAppointmentId: id };
    let judged = await judge(p, candidate, opts.override);
    const onlyRoom = (v: RuleVerdict): boolean => !v.blocking || v.code === 'conflict_room' || v.code === 'room_required';
    if (!judged.ok && current.roomId !== null && judged.verdicts.every(onlyRoom)) judged = await judge(p, { ...candidate, roomId: null }, opts.override);
    if (!judged.ok) return refusedByRules(p, 'appointment.reschedule', current.patientId, judged.verdicts, id);
    const span = { start, end: newEnd, patientId: current.patientId, appointmentId: id };
    try {
      return await d.uow.run(async (): Promise<RescheduleOutcome> => {
        const a = await load(id);
        if (a.status !== 'booked') throw new DomainError('precondition_failed', `Appointment ${id} is ${a.status}; only a booked visit can be rescheduled`);
        if (a.version !== opts.version) throw new DomainError('precondition_failed', `Appointment ${id} changed since version ${opts.version}; reload it (now version ${a.version})`);
        const next: Appointment = { ...a, providerId, start, end: newEnd, roomId: judged.roomId, override: judged.override ?? a.override, updatedAt: now(), version: a.version + 1 };
        await d.appointments.release(id);
        await d.appointments.occupy(next, claimsOf(next, judged.override?.kind === 'overbook'));
        if (!(await d.appointments.update(next, a.version))) throw new DomainError('precondition_failed', `Appointment ${id} changed concurrently; reload it`);
        const override = judged.override;
        await d.audit.record(p, { action: 'appointment.reschedule', category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id, from: a.start, to: start, end: newEnd, ...(providerId !== a.providerId ? { providerId } : {}), ...(override ? { override: override.kind, reason: override.reason } : {}) } });
        return { kind: 'rescheduled', appointment: next };
      });
    } catch (e) {
      if (e instanceof OccupancyTaken) return refused(p, 'appointment.reschedule', e, span);
      throw e;
    }
  };

  /** One status change: validated against the transition table, audited; leaving the calendar frees its blocks. `version`, when given, must be the stored one. */
  const transition = (action: string, to: AppointmentStatus) => async (p: Principal, id: string, reason?: string, version?: number): Promise<Appointment> => {
    allow(p, 'schedule.book');
    return d.uow.run(async () => {
      const a = await load(id);
      if (version !== undefined && a.version !== version) throw new DomainError('precondition_failed', `Appointment ${id} changed since version ${version}; reload it (now version ${a.version})`);
      if (!canTransition(a.status, to)) throw new DomainError('precondition_failed', `Appointment ${id} is ${a.status} and cannot become ${to}`);
      const next: Appointment = { ...a, status: to, cancelReason: to === 'cancelled' ? (reason?.trim() ?? null) : a.cancelReason, updatedAt: now(), version: a.version + 1 };
      if (to === 'cancelled') await d.appointments.release(id);
      if (!(await d.appointments.update(next, a.version))) throw new DomainError('precondition_failed', `Appointment ${id} changed concurrently; reload it`);
      await d.audit.record(p, { action, category: 'scheduling', outcome: 'success', patientId: a.patientId, detail: { appointmentId: id, from: a.status, to, ...(to === 'cancelled' ? { reason: next.cancelReason } : {}) } });
      return next;
    });
  };

  const cancelTo = transition('appointment.cancel', 'cancelled');
  const cancel = (p: Principal, id: string, reason: string, version?: number): Promise<Appointment> => {
    if (reason.trim().length < 4) throw invalid('State why the visit is cancelled', [{ path: 'reason', message: 'at least 4 characters' }]);
    return cancelTo(p, id, reason, version);
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
    const found = await d.appointments.listRange({ from, to, providerIds: q.providerIds, locationId: q.locationId, patientId: q.patientId, includeCancelled: q.includeCancelled ?? false, limit: RANGE_LIMIT });
    await d.audit.record(p, { action: 'appointment.search', category: 'scheduling', outcome: 'success', patientId: q.patientId ?? null, detail: { from, to, results: found.length } });
    return found;
  };

  return {
    book,
    reschedule,
    cancel,
    checkIn: (p: Principal, id: string, version?: number) => transition('appointment.check_in', 'checked_in')(p, id, undefined, version),
    markNoShow: (p: Principal, id: string, version?: number) => transition('appointment.no_show', 'no_show')(p, id, undefined, version),
    complete: (p: Principal, id: string, version?: number) => transition('appointment.complete', 'completed')(p, id, undefined, version),
    get,
    listForRange,
  };
};
export type BookingService = ReturnType<typeof createBookingService>;
