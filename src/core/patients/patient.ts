import { z } from 'zod';
import { AddressSchema, PlanTypes, type Address, type PlanType } from '../reference/index.ts';
import { isLocalDate, type LocalDate } from '../shared/index.ts';

// Administrative sex as X12 and FHIR carry it; gender identity is recorded separately.
export const Sexes = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof Sexes)[number];

/** X12 INS02 / 2000C relationship of the patient to the subscriber. */
export const Relationships = ['self', 'spouse', 'child', 'other'] as const;
export type Relationship = (typeof Relationships)[number];

const dateField = (label: string) =>
  z
    .string()
    .refine(isLocalDate, { message: `${label} must be a real date, YYYY-MM-DD` })
    .refine((s) => s >= '1900-01-01' && s <= '2199-12-31', { message: `${label} is outside 1900-2199` });

const name = (max: number) => z.string().trim().max(max);
const phoneNumber = z
  .string()
  .trim()
  .max(30)
  .refine((s) => /^[+()\-.\s\d]*(x\d{1,6})?$/.test(s) && s.replace(/\D/g, '').length >= 10, { message: 'a phone number needs at least 10 digits' });

export const PhoneSchema = z.strictObject({
  use: z.enum(['mobile', 'home', 'work']).default('mobile'),
  number: phoneNumber,
});
export type Phone = z.infer<typeof PhoneSchema>;

export const ContactPreferencesSchema = z.strictObject({
  channel: z.enum(['sms', 'email', 'voice', 'mail', 'portal']).default('sms'),
  allowSms: z.boolean().default(true),
  allowEmail: z.boolean().default(true),
  allowVoicemail: z.boolean().default(true),
  /** HH:MM-HH:MM in the patient's own day, when not to call or text. */
  quietHours: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM-HH:MM')
    .nullish(),
});
export type ContactPreferences = z.infer<typeof ContactPreferencesSchema>;

export const ConditionSchema = z.strictObject({
  code: z.string().regex(/^[A-TV-Z][0-9][0-9AB](\.?[0-9A-TV-Z]{1,4})?$/, 'use an ICD-10-CM code such as E11.9'),
  display: name(200).min(1),
  onset: dateField('onset').nullish(),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const AllergySchema = z.strictObject({
  substance: name(120).min(1),
  reaction: name(200).nullish(),
  severity: z.enum(['mild', 'moderate', 'severe']).nullish(),
});
export type Allergy = z.infer<typeof AllergySchema>;

export const ContactPersonSchema = z.strictObject({
  name: name(120).min(1),
  role: name(80).min(1),
  organization: name(120).nullish(),
  phone: phoneNumber.nullish(),
  email: z.email().nullish(),
  npi: z.string().regex(/^\d{10}$/).nullish(),
});
export type ContactPerson = z.infer<typeof ContactPersonSchema>;

export const GuarantorSchema = z.strictObject({
  /** Another registered patient, or a person described here. */
  patientId: z.string().max(64).nullish(),
  name: name(120).nullish(),
  relationship: z.enum(['self', 'parent', 'spouse', 'guardian', 'other']),
  phone: phoneNumber.nullish(),
  address: AddressSchema.nullish(),
});
export type Guarantor = z.infer<typeof GuarantorSchema>;

export const SsnSchema = z
  .string()
  .trim()
  .regex(/^\d{3}-?\d{2}-?\d{4}$/, 'use 9 digits, NNN-NN-NNNN')
  .refine((s) => {
    const d = s.replace(/-/g, '');
    // SSA never issues area 000, 666 or 9xx, group 00 or serial 0000.
    return !/^(000|666|9)/.test(d) && d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
  }, 'not an issuable SSN');

export const CoverageInputSchema = z.strictObject({
  payerId: z.string().min(1).max(64),
  memberId: z.string().trim().min(2).max(40).regex(/^[A-Za-z0-9\-*]+$/, 'letters, digits and dashes only'),
  groupNumber: z.string().trim().max(40).nullish(),
  planName: z.string().trim().max(100).nullish(),
  planType: z.enum(PlanTypes),
  priority: z.number().int().min(1).max(3),
  relationship: z.enum(Relationships).default('self'),
  subscriberPatientId: z.string().max(64).nullish(),
  subscriber: z
    .strictObject({ familyName: name(60).min(1), givenName: name(60).min(1), birthDate: dateField('subscriber.birthDate').nullish(), sex: z.enum(Sexes).nullish() })
    .nullish(),
  effectiveDate: dateField('effectiveDate').nullish(),
  endDate: dateField('endDate').nullish(),
});
export type CoverageInput = z.infer<typeof CoverageInputSchema>;

const patientFields = {
  familyName: name(60).min(1),
  givenName: name(60).min(1),
  middleName: name(60).nullish(),
  suffix: name(10).nullish(),
  preferredName: name(60).nullish(),
  birthDate: dateField('birthDate'),
  sex: z.enum(Sexes),
  genderIdentity: name(60).nullish(),
  address: AddressSchema,
  phones: z.array(PhoneSchema).max(5),
  email: z.email().max(120).nullish(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a language tag such as en or es-US').nullish(),
  contactPreferences: ContactPreferencesSchema,
  ssn: SsnSchema.nullish(),
  guarantor: GuarantorSchema.nullish(),
  referringPhysician: ContactPersonSchema.nullish(),
  chronicConditions: z.array(ConditionSchema).max(50),
  allergies: z.array(AllergySchema).max(50),
  careTeam: z.array(ContactPersonSchema).max(20),
  restricted: z.boolean(),
};

/** A registration as staff enter it: names, birth date and sex are required. */
export const PatientInputSchema = z.strictObject({
  ...patientFields,
  address: AddressSchema.default({ line1: '', city: '', state: '', postalCode: '', country: 'US' }),
  phones: patientFields.phones.default([]),
  contactPreferences: ContactPreferencesSchema.default({ channel: 'sms', allowSms: true, allowEmail: true, allowVoicemail: true }),
  chronicConditions: patientFields.chronicConditions.default([]),
  allergies: patientFields.allergies.default([]),
  careTeam: patientFields.careTeam.default([]),
  restricted: patientFields.restricted.default(false),
  coverages: z.array(CoverageInputSchema).max(5).default([]),
  /** Set after staff have seen the suspected duplicates and still want a new record. */
  acknowledgeDuplicates: z.boolean().default(false),
});
export type PatientInput = z.infer<typeof PatientInputSchema>;

/**
 * A registration received from another system (a FHIR Patient create): the birth date may be
 * unknown (null) and one name part may be missing (stored as ''), but not both name parts.
 * Staff registrations keep the stricter PatientInputSchema.
 */
export const PatientImportSchema = PatientInputSchema.extend({
  familyName: name(60),
  givenName: name(60),
  birthDate: dateField('birthDate').nullable(),
}).refine((p) => p.familyName !== '' || p.givenName !== '', { message: 'a family or a given name is required', path: ['familyName'] });
export type PatientImport = z.infer<typeof PatientImportSchema>;

/** An update: any subset of the registration fields (null clears an optional one), with the version last read. */
export const PatientUpdateSchema = z.strictObject(patientFields).partial().extend({ version: z.number().int().min(1) });
export type PatientUpdate = z.infer<typeof PatientUpdateSchema>;

export interface Coverage {
  id: string;
  patientId: string;
  payerId: string;
  memberId: string;
  groupNumber: string | null;
  planName: string | null;
  planType: PlanType;
  priority: number;
  relationship: Relationship;
  subscriberPatientId: string | null;
  subscriber: { familyName: string; givenName: string; birthDate?: string | null; sex?: Sex | null } | null;
  effectiveDate: LocalDate | null;
  endDate: LocalDate | null;
}

/** A patient record as services return it. The SSN is never here in full: only masked. */
export interface Patient {
  id: string;
  mrn: string;
  status: 'active' | 'merged';
  mergedInto: string | null;
  restricted: boolean;
  familyName: string;
  givenName: string;
  middleName: string | null;
  suffix: string | null;
  preferredName: string | null;
  birthDate: LocalDate | null;
  sex: Sex;
  genderIdentity: string | null;
  address: Address;
  phones: Phone[];
  email: string | null;
  language: string | null;
  contactPreferences: ContactPreferences;
  /** `***-**-1234`, or null when no SSN is on file. */
  ssnMasked: string | null;
  guarantor: Guarantor | null;
  referringPhysician: ContactPerson | null;
  chronicConditions: Condition[];
  allergies: Allergy[];
  careTeam: ContactPerson[];
  coverages: Coverage[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The stored form: what the repository reads and writes (SSN encrypted, plus its blind index). */
export interface PatientRecord extends Omit<Patient, 'ssnMasked' | 'coverages'> {
  ssnEnc: string | null;
  ssnLast4: string | null;
  ssnIndex: string | null;
}

/** Masks an SSN's last four digits for display. */
export const maskSsn = (last4: string | null): string | null => (last4 ? `***-**-${last4}` : null);

/** The coverage in force on a date with the lowest priority number (1 = primary). */
export const activeCoverage = (coverages: Coverage[], on: LocalDate): Coverage | null =>
  [...coverages]
    .filter((c) => (!c.effectiveDate || c.effectiveDate <= on) && (!c.endDate || c.endDate >= on))
    .sort((a, b) => a.priority - b.priority)[0] ?? null;
