import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../shared/index.ts';

// The scheduling queues: referrals waiting to be booked, recalls coming due, patients on the
// waitlist, and the outreach attempts made to reach them (and no-shows).

const Id = z.string().min(1).max(64);
const LocalDateSchema = z.string().refine(isLocalDate, { message: 'use a real date, YYYY-MM-DD' });

/** An incoming referral: who sent the patient, why, under which authorisation, until when. */
export interface Referral {
  id: string;
  patientId: string;
  referringName: string;
  referringNpi: string | null;
  reason: string;
  authorizationNumber: string | null;
  /** Visits the authorisation covers, or null for no limit. */
  visitLimit: number | null;
  expiresOn: LocalDate | null;
  receivedOn: LocalDate;
  /** The visit type to book, when the referral says. */
  typeId: string | null;
  providerId: string | null;
  status: 'open' | 'closed';
  closeReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const ReferralInputSchema = z.strictObject({
  patientId: Id,
  referringName: z.string().trim().min(2).max(120),
  referringNpi: z.string().regex(/^\d{10}$/, 'a 10-digit NPI').nullable().default(null),
  reason: z.string().trim().min(2).max(500),
  authorizationNumber: z.string().trim().min(1).max(50).nullable().default(null),
  visitLimit: z.number().int().min(1).max(100).nullable().default(null),
  expiresOn: LocalDateSchema.nullable().default(null),
  receivedOn: LocalDateSchema,
  typeId: Id.nullable().default(null),
  providerId: Id.nullable().default(null),
});
export type ReferralInput = z.infer<typeof ReferralInputSchema>;

/** "Return in 3 months for a diabetes check": due on a date, answered by a booked visit. */
export interface Recall {
  id: string;
  patientId: string;
  typeId: string;
  providerId: string | null;
  locationId: string | null;
  reason: string;
  dueOn: LocalDate;
  status: 'pending' | 'booked' | 'cancelled';
  appointmentId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const RecallInputSchema = z.strictObject({
  patientId: Id,
  typeId: Id,
  providerId: Id.nullable().default(null),
  locationId: Id.nullable().default(null),
  reason: z.string().trim().min(2).max(300),
  dueOn: LocalDateSchema,
});
export type RecallInput = z.infer<typeof RecallInputSchema>;

/** "Earlier if possible": a patient who wants a visit of a type sooner, within a window. */
export interface WaitlistEntry {
  id: string;
  patientId: string;
  typeId: string;
  providerId: string | null;
  locationId: string;
  earliestOn: LocalDate;
  latestOn: LocalDate;
  /** The visit the patient holds now and would give up for an earlier one. */
  currentAppointmentId: string | null;
  note: string | null;
  status: 'waiting' | 'booked' | 'removed';
  appointmentId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const WaitlistInputSchema = z
  .strictObject({
    patientId: Id,
    typeId: Id,
    providerId: Id.nullable().default(null),
    locationId: Id,
    earliestOn: LocalDateSchema,
    latestOn: LocalDateSchema,
    currentAppointmentId: Id.nullable().default(null),
    note: z.string().trim().max(300).nullable().default(null),
  })
  .refine((w) => w.latestOn >= w.earliestOn, { message: 'must not be before earliestOn', path: ['latestOn'] });
export type WaitlistInput = z.infer<typeof WaitlistInputSchema>;

export const OutreachChannels = ['phone', 'sms', 'email', 'letter', 'portal'] as const;
export const OutreachOutcomes = ['reached', 'left_message', 'no_answer', 'wrong_number', 'declined'] as const;

/** One attempt to reach a patient about a no-show, recall, referral or waitlist offer. */
export interface OutreachAttempt {
  id: string;
  subjectKind: 'appointment' | 'recall' | 'referral' | 'waitlist';
  subjectId: string;
  patientId: string;
  channel: (typeof OutreachChannels)[number];
  outcome: (typeof OutreachOutcomes)[number];
  note: string | null;
  by: string;
  at: string;
}

export const OutreachInputSchema = z.strictObject({
  channel: z.enum(OutreachChannels),
  outcome: z.enum(OutreachOutcomes),
  note: z.string().trim().max(500).nullable().default(null),
});
export type OutreachInput = z.infer<typeof OutreachInputSchema>;

/** Storage of the queues. Updates are optimistic: false when the stored version differs. */
export interface SchedulingQueuesRepo {
  insertReferral(r: Referral): Promise<void>;
  getReferral(id: string): Promise<Referral | null>;
  updateReferral(r: Referral, expectedVersion: number): Promise<boolean>;
  listReferrals(q: { status?: Referral['status']; patientId?: string; limit: number }): Promise<Referral[]>;
  /** Visits booked against the referral that occupy the calendar (booked, checked in, completed, no-show). */
  referralVisits(referralId: string): Promise<number>;
  insertRecall(r: Recall): Promise<void>;
  getRecall(id: string): Promise<Recall | null>;
  updateRecall(r: Recall, expectedVersion: number): Promise<boolean>;
  listRecalls(q: { status?: Recall['status']; dueBy?: LocalDate; patientId?: string; limit: number }): Promise<Recall[]>;
  insertWaitlist(w: WaitlistEntry): Promise<void>;
  getWaitlist(id: string): Promise<WaitlistEntry | null>;
  updateWaitlist(w: WaitlistEntry, expectedVersion: number): Promise<boolean>;
  listWaitlist(q: { status?: WaitlistEntry['status']; patientId?: string; limit: number }): Promise<WaitlistEntry[]>;
  insertOutreach(a: OutreachAttempt): Promise<void>;
  listOutreach(subjectKind: OutreachAttempt['subjectKind'], subjectIds: readonly string[]): Promise<OutreachAttempt[]>;
}
