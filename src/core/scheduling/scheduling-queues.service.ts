import { can, type Action, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { addDays, DomainError, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { Appointment } from './appointment.ts';
import type { AppointmentRepo, GuidelineRepo, ScheduleDirectory } from './appointment.repo.ts';
import type { AvailabilityService } from './availability.service.ts';
import type { BookingOutcome, BookingService } from './booking.service.ts';
import { GuidelineRuleSetSchema, type GuidelineRuleSet, type GuidelineRules, type GuidelineScope } from './guideline-rules.ts';
import { localDateOf } from './local-time.ts';
import type { OutreachAttempt, OutreachInput, Recall, RecallInput, Referral, ReferralInput, SchedulingQueuesRepo, WaitlistEntry, WaitlistInput } from './queues.ts';
import type { OverrideInput } from './schedule-inputs.ts';
import type { Slot } from './slot-search.ts';
import { firstOffer } from './scheduling-work.ts';

export interface SchedulingQueuesDeps {
  queues: SchedulingQueuesRepo;
  appointments: AppointmentRepo;
  directory: ScheduleDirectory;
  guidelines: GuidelineRepo;
  booking: BookingService;
  availability: AvailabilityService;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  /** Marks the worklist item of a cause done when the user's action removed it (set once the worklist exists). */
  resolveWork?: (p: Principal, kind: string, sourceKey: string, note: string) => Promise<unknown>;
}

/** How far ahead a no-show's suggestions and a waitlist's offers look. */
export const SUGGESTION_DAYS = 28;

/**
 * Referrals, recalls, the waitlist, outreach attempts, rebooking no-shows, and the versioned
 * guideline rule sets: the scheduling work around the calendar.
 */
export const createSchedulingQueuesService = (d: SchedulingQueuesDeps) => {
  const now = (): string => d.clock.now().toISOString();
  const today = (zone = 'UTC'): string => localDateOf(d.clock.now(), zone);
  const allow = (p: Principal, action: Action): void => {
    if (!can(p, action, d.clock.now())) throw new DomainError('forbidden', `Your role does not allow ${action}`);
  };
  const audited = (p: Principal, action: string, patientId: string | null, detail: Record<string, string | number | boolean | null>) =>
    d.audit.record(p, { action, category: 'scheduling', outcome: 'success', patientId, detail });
  const needPatient = async (id: string): Promise<void> => {
    const [f] = await d.directory.patients([id], today());
    if (!f) throw notFound('Patient', id);
    if (f.status !== 'active') throw new DomainError('precondition_failed', `Patient ${id} is ${f.status}; use the surviving record`);
  };
  const appointment = async (id: string): Promise<Appointment> => {
    const a = await d.appointments.get(id);
    if (!a) throw notFound('Appointment', id);
    return a;
  };

  // ---- referrals ----
  const createReferral = async (p: Principal, input: ReferralInput): Promise<Referral> => {
    allow(p, 'schedule.book');
    await needPatient(input.patientId);
    const at = now();
    const r: Referral = { id: d.ids.newId(), ...input, status: 'open', closeReason: null, version: 1, createdAt: at, updatedAt: at };
    return d.uow.run(async () => (await d.queues.insertReferral(r), await audited(p, 'referral.create', r.patientId, { referralId: r.id }), r));
  };
  const listReferrals = async (p: Principal, q: { status?: Referral['status']; patientId?: string }): Promise<Referral[]> => {
    allow(p, 'schedule.read');
    const found = await d.queues.listReferrals({ ...q, limit: 500 });
    await audited(p, 'referral.search', q.patientId ?? null, { results: found.length });
    return found;
  };
  const closeReferral = async (p: Principal, id: string, reason: string): Promise<Referral> => {
    allow(p, 'schedule.book');
    return d.uow.run(async () => {
      const r = await d.queues.getReferral(id);
      if (!r) throw notFound('Referral', id);
      const next: Referral = { ...r, status: 'closed', closeReason: reason.trim(), updatedAt: now(), version: r.version + 1 };
      if (!(await d.queues.updateReferral(next, r.version))) throw new DomainError('precondition_failed', `Referral ${id} changed; reload it`);
      await audited(p, 'referral.close', r.patientId, { referralId: id });
      return next;
    });
  };

  // ---- recalls ----
  const createRecall = async (p: Principal, input: RecallInput): Promise<Recall> => {
    allow(p, 'schedule.book');
    await needPatient(input.patientId);
    const at = now();
    const r: Recall = { id: d.ids.newId(), ...input, status: 'pending', appointmentId: null, version: 1, createdAt: at, updatedAt: at };
    return d.uow.run(async () => (await d.queues.insertRecall(r), await audited(p, 'recall.create', r.patientId, { recallId: r.id, dueOn: r.dueOn }), r));
  };
  const listRecalls = async (p: Principal, q: { status?: Recall['status']; patientId?: string; dueBy?: string }): Promise<Recall[]> => {
    allow(p, 'schedule.read');
    const found = await d.queues.listRecalls({ ...q, limit: 500 });
    await audited(p, 'recall.search', q.patientId ?? null, { results: found.length });
    return found;
  };
  const cancelRecall = async (p: Principal, id: string): Promise<Recall> => {
    allow(p, 'schedule.book');
    return d.uow.run(async () => {
      const r = await d.queues.getRecall(id);
      if (!r) throw notFound('Recall', id);
      if (r.status !== 'pending') throw new DomainError('precondition_failed', `Recall ${id} is ${r.status}`);
      const next: Recall = { ...r, status: 'cancelled', updatedAt: now(), version: r.version + 1 };
      if (!(await d.queues.updateRecall(next, r.version))) throw new DomainError('precondition_failed', `Recall ${id} changed; reload it`);
      await audited(p, 'recall.cancel', r.patientId, { recallId: id });
      return next;
    });
  };

  // ---- waitlist ----
  const addToWaitlist = async (p: Principal, input: WaitlistInput): Promise<WaitlistEntry> => {
    allow(p, 'schedule.book');
    await needPatient(input.patientId);
    if (input.currentAppointmentId) {
      const a = await appointment(input.currentAppointmentId);
      if (a.patientId !== input.patientId) throw notFound('Appointment', input.currentAppointmentId);
    }
    const at = now();
    const w: WaitlistEntry = { id: d.ids.newId(), ...input, status: 'waiting', appointmentId: null, version: 1, createdAt: at, updatedAt: at };
    return d.uow.run(async () => (await d.queues.insertWaitlist(w), await audited(p, 'waitlist.add', w.patientId, { waitlistId: w.id }), w));
  };
  const listWaitlist = async (p: Principal, q: { status?: WaitlistEntry['status']; patientId?: string }): Promise<WaitlistEntry[]> => {
    allow(p, 'schedule.read');
    const found = await d.queues.listWaitlist({ ...q, limit: 500 });
    await audited(p, 'waitlist.search', q.patientId ?? null, { results: found.length });
    return found;
  };
  const setWaitlist = async (id: string, change: (w: WaitlistEntry) => WaitlistEntry): Promise<WaitlistEntry> => {
    const w = await d.queues.getWaitlist(id);
    if (!w) throw notFound('Waitlist entry', id);
    const next = { ...change(w), updatedAt: now(), version: w.version + 1 };
    if (!(await d.queues.updateWaitlist(next, w.version))) throw new DomainError('precondition_failed', `Waitlist entry ${id} changed; reload it`);
    return next;
  };
  const removeFromWaitlist = async (p: Principal, id: string): Promise<WaitlistEntry> => {
    allow(p, 'schedule.book');
    return d.uow.run(async () => {
      const w = await setWaitlist(id, (x) => ({ ...x, status: 'removed' }));
      await audited(p, 'waitlist.remove', w.patientId, { waitlistId: id });
      return w;
    });
  };
  /** Books an offered time for a waitlisted patient; the visit they held is cancelled once the new one stands. */
  const bookFromWaitlist = async (p: Principal, id: string, pick: { start: string; providerId: string; override?: OverrideInput }): Promise<BookingOutcome> => {
    allow(p, 'schedule.book');
    const w = await d.queues.getWaitlist(id);
    if (!w) throw notFound('Waitlist entry', id);
    if (w.status !== 'waiting') throw new DomainError('precondition_failed', `Waitlist entry ${id} is ${w.status}`);
    const r = await d.booking.book(p, { patientId: w.patientId, providerId: pick.providerId, locationId: w.locationId, typeId: w.typeId, start: pick.start, override: pick.override });
    if (r.kind !== 'booked') return r;
    if (w.currentAppointmentId) {
      const held = await d.appointments.get(w.currentAppointmentId);
      if (held && held.status === 'booked') await d.booking.cancel(p, held.id, 'Moved to an earlier time from the waitlist');
    }
    await d.uow.run(() => setWaitlist(id, (x) => ({ ...x, status: 'booked', appointmentId: r.appointment.id })));
    return r;
  };

  /** The time to offer a waitlisted patient now (the first free one in the window, earlier than the visit held), or null. */
  const waitlistOffer = async (p: Principal, id: string): Promise<{ entry: WaitlistEntry; offer: Slot | null }> => {
    allow(p, 'schedule.read');
    const entry = await d.queues.getWaitlist(id);
    if (!entry) throw notFound('Waitlist entry', id);
    const offer = entry.status === 'waiting' ? await firstOffer(d, p, entry, today(await zoneOf(entry.locationId))) : null;
    return { entry, offer };
  };
  const zoneOf = async (locationId: string): Promise<string> => (await d.directory.locations()).find((l) => l.id === locationId)?.timeZone ?? 'UTC';

  // ---- outreach and no-shows ----
  const logOutreach = async (p: Principal, subjectKind: OutreachAttempt['subjectKind'], subjectId: string, input: OutreachInput): Promise<OutreachAttempt> => {
    allow(p, 'schedule.book');
    const patientId = await subjectPatient(subjectKind, subjectId);
    const a: OutreachAttempt = { id: d.ids.newId(), subjectKind, subjectId, patientId, ...input, by: p.userId, at: now() };
    return d.uow.run(async () => (await d.queues.insertOutreach(a), await audited(p, 'outreach.log', patientId, { subjectKind, subjectId, channel: a.channel, outcome: a.outcome }), a));
  };
  const subjectPatient = async (kind: OutreachAttempt['subjectKind'], id: string): Promise<string> => {
    const found =
      kind === 'appointment' ? await d.appointments.get(id) : kind === 'recall' ? await d.queues.getRecall(id) : kind === 'referral' ? await d.queues.getReferral(id) : await d.queues.getWaitlist(id);
    if (!found) throw notFound(kind === 'waitlist' ? 'Waitlist entry' : kind[0]!.toUpperCase() + kind.slice(1), id);
    return found.patientId;
  };

  /** The next three suitable times for a missed visit: its provider first, then anyone at the location. */
  const suggestionsFor = async (p: Principal, a: Appointment, n = 3): Promise<Slot[]> => {
    const from = localDateOf(d.clock.now(), a.timeZone);
    const to = addDays(from, SUGGESTION_DAYS);
    const own = await d.availability.slots(p, { typeId: a.typeId, from, to, providerIds: [a.providerId], patientId: a.patientId, limit: n });
    if (own.length >= n) return own;
    const any = await d.availability.slots(p, { typeId: a.typeId, from, to, locationId: a.locationId, patientId: a.patientId, limit: n * 2 });
    const seen = new Set(own.map((s) => s.id));
    return [...own, ...any.filter((s) => !seen.has(s.id))].sort((x, y) => (x.start < y.start ? -1 : 1)).slice(0, n);
  };

  /** A no-show's rebooking screen: the visit, three suggested times, the outreach so far. */
  const rebooking = async (p: Principal, id: string) => {
    allow(p, 'schedule.read');
    const a = await appointment(id);
    const [suggestions, attempts] = await Promise.all([suggestionsFor(p, a), d.queues.listOutreach('appointment', [id])]);
    await audited(p, 'appointment.read', a.patientId, { appointmentId: id });
    return { appointment: a, suggestions, attempts };
  };

  /** Books a new visit for a no-show's patient (same type; provider and location unless changed), linked to the missed one. */
  const rebook = async (p: Principal, id: string, pick: { start: string; providerId?: string; locationId?: string; override?: OverrideInput }, idempotencyKey?: string): Promise<BookingOutcome> => {
    const a = await appointment(id);
    if (a.status !== 'no_show' && a.status !== 'cancelled') throw new DomainError('precondition_failed', `Appointment ${id} is ${a.status}; only a no-show or cancelled visit is rebooked`);
    const r = await d.booking.book(
      p,
      { patientId: a.patientId, providerId: pick.providerId ?? a.providerId, locationId: pick.locationId ?? a.locationId, typeId: a.typeId, start: pick.start, override: pick.override, ...(a.referralId ? { referralId: a.referralId } : {}) },
      { idempotencyKey, links: { rebookedFromId: a.id } },
    );
    if (r.kind === 'booked' && !r.replayed) await d.resolveWork?.(p, 'appointment_no_show', `no-show:${a.id}`, 'Rebooked');
    return r;
  };

  // ---- guideline rule sets ----
  const listRuleSets = async (p: Principal): Promise<GuidelineRuleSet[]> => (allow(p, 'schedule.read'), d.guidelines.list());
  /** Saves a new version of a scope's rules; `baseVersion` is the version the admin edited (0 for a new scope). */
  const saveRuleSet = async (p: Principal, input: { scope: GuidelineScope; rules: GuidelineRules; note?: string | null; baseVersion: number }): Promise<GuidelineRuleSet> => {
    allow(p, 'schedule.manage');
    return d.uow.run(async () => {
      const all = await d.guidelines.list();
      const key = JSON.stringify(input.scope);
      const current = Math.max(0, ...all.filter((s) => JSON.stringify(s.scope) === key).map((s) => s.version));
      if (current !== input.baseVersion) throw new DomainError('precondition_failed', `These rules changed since version ${input.baseVersion} (now version ${current}); reload them`);
      const set = GuidelineRuleSetSchema.parse({ id: d.ids.newId(), scope: input.scope, version: current + 1, rules: input.rules, note: input.note ?? null });
      await d.guidelines.insert(set, p.userId, now());
      await audited(p, 'schedule.rules.save', null, { ruleSetId: set.id, version: set.version, scope: set.scope.level });
      return set;
    });
  };

  return {
    createReferral, listReferrals, closeReferral,
    createRecall, listRecalls, cancelRecall,
    addToWaitlist, listWaitlist, removeFromWaitlist, bookFromWaitlist, waitlistOffer,
    logOutreach, rebooking, rebook, suggestionsFor,
    listRuleSets, saveRuleSet,
  };
};
export type SchedulingQueuesService = ReturnType<typeof createSchedulingQueuesService>;
