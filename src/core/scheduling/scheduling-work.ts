import { systemPrincipal, type Principal } from '../access/index.ts';
import { addDays, type LocalDate } from '../shared/index.ts';
import { endOfDay, type DraftWorkItem, type WorkItemGenerator } from '../worklist/index.ts';
import type { Appointment, AppointmentType } from './appointment.ts';
import type { ProviderSummary, ScheduleDirectory, ScheduleSetupRepo } from './appointment.repo.ts';
import type { AvailabilityService } from './availability.service.ts';
import type { BookingService } from './booking.service.ts';
import { localDateOf } from './local-time.ts';
import type { SchedulingQueuesRepo, WaitlistEntry } from './queues.ts';
import { dateWords, instantClockWords, providerWords } from './schedule-words.ts';
import type { Slot } from './slot-search.ts';

/** The worklist kinds scheduling feeds. */
export const SchedulingWorkKinds = {
  noShow: 'appointment_no_show',
  recallDue: 'recall_due',
  referralUnscheduled: 'referral_unscheduled',
  waitlistOffer: 'waitlist_offer',
  overrideReview: 'appointment_override_review',
} as const;

/** How far back no-shows and overrides stay on the list. */
const LOOKBACK_DAYS = 30;
/** Recalls appear this many days before they are due. */
const RECALL_LEAD_DAYS = 14;
/** Referrals expiring this soon are urgent. */
const REFERRAL_URGENT_DAYS = 14;
const LIMIT = 2_000;

/** What the scheduling generators read. */
export interface SchedulingWorkDeps {
  directory: ScheduleDirectory;
  setup: ScheduleSetupRepo;
  queues: SchedulingQueuesRepo;
  availability: AvailabilityService;
}

interface Names {
  types: Map<string, AppointmentType>;
  providers: Map<string, ProviderSummary>;
}

const names = async (d: SchedulingWorkDeps): Promise<Names> => {
  const [types, providers] = await Promise.all([d.setup.listTypes(), d.directory.providers()]);
  return { types: new Map(types.map((t) => [t.id, t])), providers: new Map(providers.map((p) => [p.id, p])) };
};
const typeName = (n: Names, id: string | null): string => (id ? (n.types.get(id)?.name ?? 'visit') : 'visit');
const who = (n: Names, id: string | null): string => {
  const p = id ? n.providers.get(id) : undefined;
  return p ? providerWords(p) : 'the provider';
};
const when = (a: Pick<Appointment, 'start' | 'timeZone'>): string => `${dateWords(localDateOf(a.start, a.timeZone))} at ${instantClockWords(Date.parse(a.start), a.timeZone)}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Missed visits not yet rebooked: reschedule each, with suggestions and outreach logged on the item's screen. */
export const noShowGenerator = (d: SchedulingWorkDeps): WorkItemGenerator => ({
  kind: SchedulingWorkKinds.noShow,
  label: 'No-shows to reschedule',
  team: 'front_desk',
  async generate({ now, today }) {
    const missed = await d.directory.openNoShows(new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString(), now.toISOString(), LIMIT);
    if (missed.length === 0) return [];
    const n = await names(d);
    const attempts = await d.queues.listOutreach('appointment', missed.map((a) => a.id));
    const count = new Map<string, number>();
    for (const x of attempts) count.set(x.subjectId, (count.get(x.subjectId) ?? 0) + 1);
    return missed.map((a): DraftWorkItem => {
      const tries = count.get(a.id) ?? 0;
      return {
        kind: SchedulingWorkKinds.noShow,
        sourceKey: `no-show:${a.id}`,
        patientId: a.patientId,
        title: 'Reschedule a missed visit',
        explanation: `Missed the ${typeName(n, a.typeId)} with ${who(n, a.providerId)} on ${when(a)}. ${tries === 0 ? 'Nobody has reached out yet' : `${plural(tries, 'outreach attempt')} so far`}; offer one of the next open times.`,
        due: endOfDay(addDays(today, 1)),
        priority: 2,
        team: 'front_desk',
        link: { kind: 'appointment', id: a.id },
      };
    });
  },
});

/** Pending recalls due within two weeks (or overdue). */
export const recallDueGenerator = (d: SchedulingWorkDeps): WorkItemGenerator => ({
  kind: SchedulingWorkKinds.recallDue,
  label: 'Recalls due',
  team: 'front_desk',
  async generate({ today }) {
    const due = await d.queues.listRecalls({ status: 'pending', dueBy: addDays(today, RECALL_LEAD_DAYS), limit: LIMIT });
    if (due.length === 0) return [];
    const n = await names(d);
    return due.map((r): DraftWorkItem => ({
      kind: SchedulingWorkKinds.recallDue,
      sourceKey: `recall:${r.id}`,
      patientId: r.patientId,
      title: r.dueOn < today ? 'Overdue recall' : 'Recall due',
      explanation: `${r.dueOn < today ? 'Was due' : 'Due'} ${dateWords(r.dueOn)}: ${r.reason}. Book a ${typeName(n, r.typeId)}${r.providerId ? ` with ${who(n, r.providerId)}` : ''} and link the recall.`,
      due: endOfDay(r.dueOn < today ? today : r.dueOn),
      priority: r.dueOn < today ? 2 : 3,
      team: 'front_desk',
      link: { kind: 'recall', id: r.id },
    }));
  },
});

/** Open referrals with no visit booked yet. */
export const referralUnscheduledGenerator = (d: SchedulingWorkDeps): WorkItemGenerator => ({
  kind: SchedulingWorkKinds.referralUnscheduled,
  label: 'Referrals to schedule',
  team: 'front_desk',
  async generate({ today }) {
    const open = await d.queues.listReferrals({ status: 'open', limit: LIMIT });
    const out: DraftWorkItem[] = [];
    for (const r of open) {
      if ((await d.queues.referralVisits(r.id)) > 0) continue;
      const expired = r.expiresOn !== null && r.expiresOn < today;
      const urgent = r.expiresOn !== null && r.expiresOn <= addDays(today, REFERRAL_URGENT_DAYS);
      const auth = r.authorizationNumber ? ` Authorisation ${r.authorizationNumber}${r.visitLimit ? ` for ${plural(r.visitLimit, 'visit')}` : ''}.` : '';
      const expiry = r.expiresOn ? (expired ? ` It expired ${dateWords(r.expiresOn)}: ask the referring office for a new one.` : ` Book before it expires ${dateWords(r.expiresOn)}.`) : '';
      out.push({
        kind: SchedulingWorkKinds.referralUnscheduled,
        sourceKey: `referral:${r.id}`,
        patientId: r.patientId,
        title: expired ? 'Referral expired before it was booked' : 'Referral waiting to be booked',
        explanation: `Referred by ${r.referringName} on ${dateWords(r.receivedOn)} for ${r.reason}.${auth}${expiry}`,
        due: endOfDay(expired ? today : urgent && r.expiresOn ? addDays(r.expiresOn, -3) < today ? today : addDays(r.expiresOn, -3) : addDays(r.receivedOn, 2) < today ? today : addDays(r.receivedOn, 2)),
        priority: expired || urgent ? 1 : 2,
        team: 'front_desk',
        link: { kind: 'referral', id: r.id },
      });
    }
    return out;
  },
});

/**
 * Waitlisted patients for whom an earlier time is free now (a cancellation freed it, or it was
 * open all along): the first such time, to offer.
 */
export const waitlistOfferGenerator = (d: SchedulingWorkDeps, system: Principal = systemPrincipal('scheduling')): WorkItemGenerator => ({
  kind: SchedulingWorkKinds.waitlistOffer,
  label: 'Waitlist offers',
  team: 'front_desk',
  async generate({ today }) {
    const waiting = await d.queues.listWaitlist({ status: 'waiting', limit: LIMIT });
    if (waiting.length === 0) return [];
    const n = await names(d);
    const out: DraftWorkItem[] = [];
    for (const w of waiting) {
      const offer = await firstOffer(d, system, w, today);
      if (!offer) continue;
      out.push({
        kind: SchedulingWorkKinds.waitlistOffer,
        sourceKey: `waitlist:${w.id}`,
        patientId: w.patientId,
        title: 'Offer an earlier time',
        explanation: `A ${typeName(n, w.typeId)} with ${who(n, offer.providerId)} is free on ${when(offer)}${w.currentAppointmentId ? ', earlier than the visit the patient holds' : ''}. Call the patient and book it from the waitlist.`,
        due: endOfDay(today),
        priority: 2,
        team: 'front_desk',
        // The offered time is in the sourceKey-independent explanation; the screen asks /offer for it fresh.
        link: { kind: 'waitlist', id: w.id },
      });
    }
    return out;
  },
});

/** The first free time within the entry's window (from today), before the visit the patient holds. */
export const firstOffer = async (d: Pick<SchedulingWorkDeps, 'availability' | 'directory'>, p: Principal, w: WaitlistEntry, today: LocalDate): Promise<Slot | null> => {
  const from = w.earliestOn > today ? w.earliestOn : today;
  if (w.latestOn < from) return null;
  const [held] = w.currentAppointmentId ? await d.directory.appointmentsByIds([w.currentAppointmentId]) : [];
  const slots = await d.availability.slots(p, { typeId: w.typeId, from, to: w.latestOn, ...(w.providerId ? { providerIds: [w.providerId] } : { locationId: w.locationId }), patientId: w.patientId, limit: 1, ...(held ? { excludeAppointmentId: held.id } : {}) });
  const first = slots[0];
  if (!first) return null;
  return held && held.status === 'booked' && first.start >= held.start ? null : first;
};

/** Visits booked with an override (overbook or rule exception) for a manager to review. */
export const overrideReviewGenerator = (d: SchedulingWorkDeps): WorkItemGenerator => ({
  kind: SchedulingWorkKinds.overrideReview,
  label: 'Overrides to review',
  team: 'admin',
  async generate({ now, today }) {
    const found = await d.directory.overriddenSince(new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString(), LIMIT);
    if (found.length === 0) return [];
    const n = await names(d);
    return found.map((a): DraftWorkItem => ({
      kind: SchedulingWorkKinds.overrideReview,
      sourceKey: `override:${a.id}`,
      patientId: a.patientId,
      title: a.override?.kind === 'overbook' ? 'Review an overbooked visit' : 'Review a visit booked outside the guidelines',
      explanation: `${typeName(n, a.typeId)} with ${who(n, a.providerId)} on ${when(a)} was booked with ${a.override?.kind === 'overbook' ? 'an overbook' : 'a rule exception'}: "${a.override?.reason ?? ''}". Confirm it or rebook it.`,
      due: endOfDay(addDays(today, 2)),
      priority: 3,
      team: 'admin',
      link: { kind: 'appointment', id: a.id },
    }));
  },
});

/** Every scheduling generator, in the order "My day" groups them. */
export const schedulingGenerators = (d: SchedulingWorkDeps): WorkItemGenerator[] => [
  noShowGenerator(d),
  referralUnscheduledGenerator(d),
  recallDueGenerator(d),
  waitlistOfferGenerator(d),
  overrideReviewGenerator(d),
];

/**
 * The end-of-day no-show job: booked visits never checked in whose start is more than
 * `graceMinutes` ago become no-shows (as the system, audited). Returns the ids marked.
 */
export const markNoShows = async (
  d: { directory: ScheduleDirectory; booking: BookingService },
  now: Date,
  graceMinutes: number,
  opts: { system?: Principal; onError?: (appointmentId: string, e: unknown) => void } = {},
): Promise<string[]> => {
  const system = opts.system ?? systemPrincipal('no-show job');
  const before = new Date(now.getTime() - graceMinutes * 60_000).toISOString();
  const marked: string[] = [];
  // One pass (a visit changed meanwhile is skipped, not retried); the next run picks up the rest.
  for (const a of await d.directory.bookedStartedBefore(before, 5_000)) {
    try {
      await d.booking.markNoShow(system, a.id);
      marked.push(a.id);
    } catch (e) {
      opts.onError?.(a.id, e);
    }
  }
  return marked;
};
