import type { AppointmentType, Recall, Referral, WaitlistEntry } from '../../../src/core/scheduling/index.ts';
import { api, ApiError, newIdempotencyKey } from '../shell/api.ts';

// The scheduling API as the web app uses it. Search terms and filters travel in POST bodies;
// paths carry record ids only.

export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';
export type OverrideKind = 'overbook' | 'rule_exception';

export interface Appointment {
  id: string;
  patientId: string;
  providerId: string;
  locationId: string;
  roomId: string | null;
  typeId: string;
  start: string;
  end: string;
  timeZone: string;
  status: AppointmentStatus;
  cancelReason: string | null;
  override: { kind: OverrideKind; reason: string; by: string } | null;
  referralId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CalendarAppointment extends Appointment {
  patient: { id: string; name: string; dateOfBirth: string | null };
}

export interface CalLocation {
  id: string;
  name: string;
  timeZone: string;
}
export interface CalProvider {
  id: string;
  name: string;
  locationIds: string[];
}
export interface CalRoom {
  id: string;
  locationId: string;
  name: string;
  roomType: string;
}
/** The server's appointment type, as the core defines it. */
export type { AppointmentType };
export interface WorkingBlock {
  providerId: string;
  locationId: string;
  templateId: string;
  start: string;
  end: string;
  allowedTypeIds: string[] | null;
}
export interface CalException {
  id: string;
  kind: 'holiday' | 'time_off' | 'blocked';
  providerId: string | null;
  locationId: string | null;
  start: string;
  end: string;
  reason: string;
}

export interface CalendarQuery {
  from: string;
  days: number;
  locationId?: string;
  providerIds?: string[];
  typeIds?: string[];
  includeCancelled?: boolean;
}

export interface CalendarData {
  from: string;
  days: number;
  timeZone: string;
  locations: CalLocation[];
  providers: CalProvider[];
  rooms: CalRoom[];
  types: AppointmentType[];
  blocks: WorkingBlock[];
  exceptions: CalException[];
  appointments: CalendarAppointment[];
}

export interface Verdict {
  code: string;
  sentence: string;
  blocking: boolean;
  overridable: boolean;
  overrideKind: OverrideKind | null;
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

export interface CheckResult {
  bookable: boolean;
  verdicts: Verdict[];
}

export interface Slot {
  id: string;
  providerId: string;
  locationId: string;
  typeId: string;
  templateId: string;
  roomId: string | null;
  start: string;
  end: string;
  timeZone: string;
  localDate: string;
  localStart: string;
  localEnd: string;
}

export interface Override {
  kind: OverrideKind;
  reason: string;
}

export interface DaySheet {
  provider: { id: string; name: string };
  date: string;
  timeZone: string;
  appointments: (Appointment & { patient: { id: string; name: string; dateOfBirth: string | null; phone: string | null }; typeName: string; instructions: string | null })[];
}

export const OutreachChannels = ['phone', 'sms', 'email', 'letter', 'portal'] as const;
export const OutreachOutcomes = ['reached', 'left_message', 'no_answer', 'wrong_number', 'declined'] as const;
export type OutreachChannel = (typeof OutreachChannels)[number];
export type OutreachOutcome = (typeof OutreachOutcomes)[number];

export interface OutreachAttempt {
  id: string;
  at: string;
  by: string;
  channel: OutreachChannel;
  outcome: OutreachOutcome;
  note: string | null;
}

export interface Rebooking {
  appointment: Appointment;
  suggestions: Slot[];
  attempts: OutreachAttempt[];
}

const id = (s: string): string => encodeURIComponent(s);

export const loadCalendar = (q: CalendarQuery, signal?: AbortSignal): Promise<CalendarData> => api('POST', '/api/scheduling/calendar', q, { signal });

export const checkTime = (c: CheckRequest, signal?: AbortSignal): Promise<CheckResult> => api('POST', '/api/scheduling/check', c, { signal });

export interface BookingRequest {
  patientId: string;
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  roomId?: string;
  override?: Override;
}

export const bookAppointment = (b: BookingRequest, idempotencyKey = newIdempotencyKey()): Promise<Appointment> =>
  api('POST', '/api/appointments', b, { headers: { 'idempotency-key': idempotencyKey } });

export interface RescheduleRequest {
  start: string;
  version: number;
  end?: string;
  providerId?: string;
  override?: Override;
}

export const rescheduleAppointment = (appointmentId: string, r: RescheduleRequest): Promise<Appointment> => api('POST', `/api/appointments/${id(appointmentId)}/reschedule`, r);

export const cancelAppointment = (appointmentId: string, reason: string): Promise<Appointment> => api('POST', `/api/appointments/${id(appointmentId)}/cancel`, { reason });

export type StatusAction = 'check-in' | 'no-show' | 'complete';
export const setAppointmentStatus = (appointmentId: string, action: StatusAction): Promise<Appointment> => api('POST', `/api/appointments/${id(appointmentId)}/${action}`);

export const loadDaySheet = (providerId: string, date: string, signal?: AbortSignal): Promise<DaySheet> =>
  api('GET', `/api/scheduling/day-sheet?${new URLSearchParams({ providerId, date })}`, undefined, { signal });

export const loadRebooking = (appointmentId: string, signal?: AbortSignal): Promise<Rebooking> => api('GET', `/api/appointments/${id(appointmentId)}/rebooking`, undefined, { signal });

export const logOutreach = (appointmentId: string, a: { channel: OutreachChannel; outcome: OutreachOutcome; note?: string }): Promise<OutreachAttempt> =>
  api('POST', `/api/appointments/${id(appointmentId)}/outreach`, a);

export const rebook = (appointmentId: string, r: { start: string; providerId?: string; locationId?: string; override?: Override }): Promise<Appointment> =>
  api('POST', `/api/appointments/${id(appointmentId)}/rebook`, r);

export const loadAppointmentTypes = (signal?: AbortSignal): Promise<AppointmentType[]> =>
  api<{ types: AppointmentType[] }>('GET', '/api/scheduling/appointment-types', undefined, { signal }).then((r) => r.types);

/** The verdict sentences of a refused booking (409 `details.verdicts`), or null when the answer has none. */
export const refusalVerdicts = (e: unknown): Verdict[] | null => {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const v = e.details.verdicts;
  if (!Array.isArray(v) || !v.length) return null;
  return v.filter((x): x is Verdict => typeof x === 'object' && x !== null && typeof (x as Verdict).sentence === 'string');
};

/** The one override that lifts every blocking verdict, or null when none can (or they need different kinds). */
export const overrideKindFor = (verdicts: readonly Verdict[]): OverrideKind | null => {
  const blocking = verdicts.filter((v) => v.blocking);
  if (!blocking.length || blocking.some((v) => !v.overridable || !v.overrideKind)) return null;
  const kinds = new Set(blocking.map((v) => v.overrideKind));
  return kinds.size === 1 ? [...kinds][0]! : null;
};

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const OVERRIDE_LABELS: Record<OverrideKind, string> = { overbook: 'Overbook', rule_exception: 'Exception to the guidelines' };

export const CHANNEL_LABELS: Record<OutreachChannel, string> = { phone: 'Phone call', sms: 'Text message', email: 'Email', letter: 'Letter', portal: 'Patient portal message' };
export const OUTCOME_LABELS: Record<OutreachOutcome, string> = { reached: 'Reached the patient', left_message: 'Left a message', no_answer: 'No answer', wrong_number: 'Wrong number', declined: 'Patient declined' };

// ---- The scheduling queues: referrals, recalls, the waitlist (web/src/scheduling/Queue*.tsx) ----

export type { Recall, Referral, WaitlistEntry };

export interface ReferralInput {
  patientId: string;
  referringName: string;
  referringNpi?: string | null;
  reason: string;
  authorizationNumber?: string | null;
  visitLimit?: number | null;
  expiresOn?: string | null;
  receivedOn: string;
  typeId?: string | null;
  providerId?: string | null;
}

export interface RecallInput {
  patientId: string;
  typeId: string;
  providerId?: string | null;
  locationId?: string | null;
  reason: string;
  dueOn: string;
}

export interface WaitlistInput {
  patientId: string;
  typeId: string;
  providerId?: string | null;
  locationId: string;
  earliestOn: string;
  latestOn: string;
  currentAppointmentId?: string | null;
  note?: string | null;
}

/** A visit as the appointment search answers it (ids only; names come from the catalog). */
export interface PatientVisit extends Appointment {
  recallId?: string | null;
  rebookedFromId?: string | null;
}

/** Providers and locations as the reference API answers them. */
export interface RefProvider {
  id: string;
  familyName: string;
  givenName: string;
  credentials: string | null;
  specialty: string;
  locationIds: string[];
  active: boolean;
}
export interface RefLocation {
  id: string;
  name: string;
  timeZone: string;
}

const queueQuery = (q: Record<string, string | undefined>): string => {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();
  return p ? `?${p}` : '';
};

export const listReferrals = (q: { status?: Referral['status']; patientId?: string }, signal?: AbortSignal): Promise<Referral[]> =>
  api<{ referrals: Referral[] }>('GET', `/api/scheduling/referrals${queueQuery(q)}`, undefined, { signal }).then((r) => r.referrals);
export const createReferral = (r: ReferralInput): Promise<Referral> => api('POST', '/api/scheduling/referrals', r);
export const closeReferral = (referralId: string, reason: string): Promise<Referral> => api('POST', `/api/scheduling/referrals/${id(referralId)}/close`, { reason });

export const listRecalls = (q: { status?: Recall['status']; patientId?: string }, signal?: AbortSignal): Promise<Recall[]> =>
  api<{ recalls: Recall[] }>('GET', `/api/scheduling/recalls${queueQuery(q)}`, undefined, { signal }).then((r) => r.recalls);
export const createRecall = (r: RecallInput): Promise<Recall> => api('POST', '/api/scheduling/recalls', r);
export const cancelRecall = (recallId: string): Promise<Recall> => api('POST', `/api/scheduling/recalls/${id(recallId)}/cancel`);

export const listWaitlist = (q: { status?: WaitlistEntry['status']; patientId?: string }, signal?: AbortSignal): Promise<WaitlistEntry[]> =>
  api<{ entries: WaitlistEntry[] }>('GET', `/api/scheduling/waitlist${queueQuery(q)}`, undefined, { signal }).then((r) => r.entries);
export const addToWaitlist = (w: WaitlistInput): Promise<WaitlistEntry> => api('POST', '/api/scheduling/waitlist', w);
export const loadWaitlistOffer = (entryId: string, signal?: AbortSignal): Promise<{ entry: WaitlistEntry; offer: Slot | null }> =>
  api('GET', `/api/scheduling/waitlist/${id(entryId)}/offer`, undefined, { signal });
export const bookFromWaitlist = (entryId: string, pick: { start: string; providerId: string; override?: Override }): Promise<Appointment> =>
  api('POST', `/api/scheduling/waitlist/${id(entryId)}/book`, pick);
export const removeFromWaitlist = (entryId: string): Promise<WaitlistEntry> => api('POST', `/api/scheduling/waitlist/${id(entryId)}/remove`);

export interface SlotQuery {
  typeId: string;
  from: string;
  to: string;
  providerIds?: string[];
  locationId?: string;
  patientId?: string;
  limit?: number;
}
/** Open slots, first available first (the patient's id travels in the body). */
export const findSlots = (q: SlotQuery, signal?: AbortSignal): Promise<Slot[]> => api<{ slots: Slot[] }>('POST', '/api/scheduling/slots', q, { signal }).then((r) => r.slots);

/** A booking that answers a referral or a recall. */
export const bookLinked = (b: BookingRequest & { referralId?: string; recallId?: string }, idempotencyKey = newIdempotencyKey()): Promise<Appointment> =>
  api('POST', '/api/appointments', b, { headers: { 'idempotency-key': idempotencyKey } });

/** A patient's visits overlapping [from, to) (ISO instants, at most 92 days apart). */
export const searchPatientVisits = (q: { patientId: string; from: string; to: string; includeCancelled?: boolean }, signal?: AbortSignal): Promise<PatientVisit[]> =>
  api<{ appointments: PatientVisit[] }>('POST', '/api/appointments/search', q, { signal }).then((r) => r.appointments);

export const getAppointment = (appointmentId: string, signal?: AbortSignal): Promise<PatientVisit> => api('GET', `/api/appointments/${id(appointmentId)}`, undefined, { signal });

export const loadRefProviders = (signal?: AbortSignal): Promise<RefProvider[]> => api<{ providers: RefProvider[] }>('GET', '/api/providers', undefined, { signal }).then((r) => r.providers);
export const loadRefLocations = (signal?: AbortSignal): Promise<RefLocation[]> => api<{ locations: RefLocation[] }>('GET', '/api/locations', undefined, { signal }).then((r) => r.locations);
