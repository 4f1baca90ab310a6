import { z } from 'zod';
import type { LocalDate } from '../shared/index.ts';
import type { BenefitsSnapshot, CheckOutcome } from './benefits.ts';

/** What one inquiry asks: who, with which payer, for which services, on which date. */
export interface EligibilityInquiry {
  /** TRN02: our trace number, unique per inquiry, echoed in the 271. */
  traceNumber: string;
  payer: { id: string; name: string; payerCode: string };
  provider: { npi: string; familyName: string; givenName: string };
  subscriber: { memberId: string; familyName: string; givenName: string; birthDate: LocalDate | null; sex: string | null };
  /** The patient when they are a dependent on someone else's coverage. */
  dependent: { familyName: string; givenName: string; birthDate: LocalDate | null; sex: string | null } | null;
  /** X12 service type codes (30 when the visit type says nothing more precise). */
  serviceTypes: string[];
  dateOfService: LocalDate;
}

/** The gateway's answer: a read 271, or why it could not be had (never a thrown transport error). */
export type GatewayAnswer =
  | { kind: 'answered'; snapshot: BenefitsSnapshot; raw270: string; raw271: string }
  | { kind: 'failed'; reason: string; raw270: string | null; retryAfter: string | null };

/** Port: sends one inquiry to the payer's clearinghouse (real time or batch) and reads the answer. */
export interface EligibilityGateway {
  inquire(q: EligibilityInquiry): Promise<GatewayAnswer>;
}

/** One check of a coverage: electronic (270/271) or recorded from a phone call. */
export interface EligibilityCheck {
  id: string;
  coverageId: string;
  patientId: string;
  payerId: string;
  /** The visit that prompted it (the sweep), or null. */
  appointmentId: string | null;
  dateOfService: LocalDate;
  traceNumber: string;
  /** `sending` is written (and committed) before the inquiry goes out, so a restart resends it under the same trace number rather than a new one. */
  state: 'sending' | 'done';
  source: 'electronic' | 'manual';
  outcome: CheckOutcome | null;
  /** The benefits in plain words, or the reason it could not be checked. */
  summary: string[];
  snapshot: BenefitsSnapshot | null;
  reason: string | null;
  /** When a failed inquiry may be sent again (CORE: not sooner than 90 seconds). */
  retryAfter: string | null;
  requestedAt: string;
  answeredAt: string | null;
  requestedBy: string;
  manual: { verifiedWith: string; reference: string; note: string | null } | null;
}

/** A phone (or portal) verification, for payers without electronic eligibility; it counts as verified. */
export const ManualVerificationSchema = z.strictObject({
  coverageId: z.string().min(1).max(64),
  appointmentId: z.string().min(1).max(64).optional(),
  outcome: z.enum(['active', 'inactive', 'not_found', 'needs_authorization']),
  /** Whom the staff member spoke with ("Jane at Prairie Blue provider services"). */
  verifiedWith: z.string().trim().min(2).max(120),
  /** The payer's call reference number. */
  reference: z.string().trim().min(1).max(60),
  note: z.string().trim().max(1000).nullable().default(null),
  copayCents: z.number().int().min(0).max(10_000_00).nullable().default(null),
  deductibleRemainingCents: z.number().int().min(0).max(1_000_000_00).nullable().default(null),
});
export type ManualVerification = z.infer<typeof ManualVerificationSchema>;

/** Everything an inquiry about one visit needs, as the store assembles it. */
export interface InquirySubject {
  appointmentId: string;
  start: string;
  timeZone: string;
  patientId: string;
  patient: { familyName: string; givenName: string; birthDate: LocalDate | null; sex: string | null };
  coverage: {
    id: string;
    memberId: string;
    relationship: string;
    subscriber: { familyName: string; givenName: string; birthDate?: string | null; sex?: string | null } | null;
    endDate: LocalDate | null;
  } | null;
  payer: { id: string; name: string; payerCode: string } | null;
  provider: { npi: string; familyName: string; givenName: string };
  /** The appointment type's expected procedure codes (service types are derived from them). */
  expectedCodes: string[];
}

/** Storage of checks; raw 270/271 are kept encrypted at rest by the store. */
export interface EligibilityRepo {
  insert(c: EligibilityCheck, raw270: string | null): Promise<void>;
  /** Writes the answer of a `sending` check; false when it was answered already. */
  complete(c: EligibilityCheck, raw271: string | null, raw270: string | null): Promise<boolean>;
  get(id: string): Promise<EligibilityCheck | null>;
  /** The newest check of each coverage (done or sending). */
  latestByCoverage(coverageIds: readonly string[]): Promise<Map<string, EligibilityCheck>>;
  /** Checks still `sending` (a process stopped mid-inquiry). */
  sending(limit: number): Promise<EligibilityCheck[]>;
  listForPatient(patientId: string, limit: number): Promise<EligibilityCheck[]>;
  /** Latest done check per appointment, for the worklist. */
  latestForAppointments(appointmentIds: readonly string[]): Promise<Map<string, EligibilityCheck>>;
  raw(id: string): Promise<{ raw270: string | null; raw271: string | null } | null>;
  /** Done checks with an outcome, answered since `since`, newest first. */
  recentWithOutcome(outcome: CheckOutcome, since: string, limit: number): Promise<EligibilityCheck[]>;
}

/** What the sweep reads about visits. */
export interface EligibilitySubjects {
  /** Booked visits starting in [from, to), earliest first. */
  upcoming(from: string, to: string, limit: number): Promise<{ appointmentId: string; patientId: string; start: string }[]>;
  subject(appointmentId: string): Promise<InquirySubject | null>;
  /** The patient's referring physician (name and organisation), if any: whom a coverage lapse is told to. */
  referrer(patientId: string): Promise<{ name: string; organization: string | null } | null>;
  /** Whether the patient's record is restricted (null: no such patient). */
  restricted(patientId: string): Promise<boolean | null>;
  /** A coverage's patient and payer (for a phone verification). */
  coverage(id: string): Promise<{ id: string; patientId: string; payerId: string } | null>;
}

/** X12 service types for a visit from its expected procedure codes: office visit, preventive, surgery, else plan coverage. */
export const serviceTypesFor = (codes: readonly string[]): string[] => {
  const out = new Set<string>();
  for (const c of codes) {
    if (/^99(38|39)\d$/.test(c)) out.add('BY');
    else if (/^992\d\d$/.test(c)) out.add('98');
    else if (/^[1-6]\d{4}$/.test(c)) out.add('2');
  }
  return out.size > 0 ? [...out] : ['30'];
};

/** The practice's fee schedule: its charge per procedure code. */
export interface FeeScheduleRepo {
  list(): Promise<{ code: string; description: string | null; amountCents: number }[]>;
  /** Prices of the codes asked, in their order; a code without a fee has `chargeCents: null`. */
  prices(codes: readonly string[]): Promise<{ code: string; description: string | null; chargeCents: number | null }[]>;
  upsert(code: string, description: string | null, amountCents: number, at: string): Promise<void>;
}

export const FeeInputSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9]{5}$/, 'a 5-character CPT/HCPCS code'),
  description: z.string().trim().max(200).nullable().default(null),
  amountCents: z.number().int().min(0).max(10_000_000),
});
export type FeeInput = z.infer<typeof FeeInputSchema>;
