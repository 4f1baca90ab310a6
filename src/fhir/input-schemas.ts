import { z } from 'zod';
import { DomainError, type FieldIssue } from '../core/shared/index.ts';

// Zod schemas for the FHIR R4 elements this API reads. Elements not declared here are ignored
// (z.object strips them); the declared ones must have the R4 JSON types and primitive patterns
// of https://hl7.org/fhir/R4/datatypes.html, or the request is refused naming the path.

/** R4 `id`: 1-64 of A-Z a-z 0-9 - . */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** R4 `date`: YYYY, YYYY-MM or YYYY-MM-DD. */
const FHIR_DATE = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$/;

export const fhirId = z.string().regex(FHIR_ID, 'must be a FHIR id: 1-64 letters, digits, - or .');
export const fhirString = z.string().regex(/^[ \r\n\t\S]+$/, 'must be a non-empty string');
export const fhirCode = z.string().regex(/^[^\s]+(\s[^\s]+)*$/, 'must be a code (no leading, trailing or double spaces)');
export const fhirUri = z.string().regex(/^\S*$/, 'must be a URI without spaces');
export const fhirDate = z.string().regex(FHIR_DATE, 'must be a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD');

export const CodingIn = z.object({ system: fhirUri.optional(), code: fhirCode.optional(), display: fhirString.optional() });
export const CodeableConceptIn = z.object({ coding: z.array(CodingIn).optional(), text: fhirString.optional() });
export type CodeableConceptIn = z.infer<typeof CodeableConceptIn>;

export const IdentifierIn = z.object({
  use: z.enum(['usual', 'official', 'temp', 'secondary', 'old']).optional(),
  type: CodeableConceptIn.optional(),
  system: fhirUri.optional(),
  value: fhirString.optional(),
});

export const HumanNameIn = z.object({
  use: z.enum(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden']).optional(),
  text: fhirString.optional(),
  family: fhirString.optional(),
  given: z.array(fhirString).optional(),
  suffix: z.array(fhirString).optional(),
});
export type HumanNameIn = z.infer<typeof HumanNameIn>;

export const ContactPointIn = z.object({
  system: z.enum(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']).optional(),
  value: fhirString.optional(),
  use: z.enum(['home', 'work', 'temp', 'old', 'mobile']).optional(),
  rank: z.number().int().min(1).optional(),
});
export type ContactPointIn = z.infer<typeof ContactPointIn>;

export const AddressIn = z.object({
  use: z.enum(['home', 'work', 'temp', 'old', 'billing']).optional(),
  line: z.array(fhirString).optional(),
  city: fhirString.optional(),
  state: fhirString.optional(),
  postalCode: fhirString.optional(),
  country: fhirString.optional(),
});
export type AddressIn = z.infer<typeof AddressIn>;

const ReferenceIn = z.object({ reference: fhirString.optional() });
const ExtensionIn = z.object({ url: fhirUri, valueReference: ReferenceIn.optional() });

export const PatientContactIn = z.object({
  extension: z.array(ExtensionIn).optional(),
  relationship: z.array(CodeableConceptIn).optional(),
  name: HumanNameIn.optional(),
  telecom: z.array(ContactPointIn).optional(),
  address: AddressIn.optional(),
});
export type PatientContactIn = z.infer<typeof PatientContactIn>;

/** The Patient elements the registry reads (https://hl7.org/fhir/R4/patient.html). */
export const FhirPatientIn = z.object({
  resourceType: z.literal('Patient', { message: 'resourceType must be "Patient"' }),
  id: fhirId.optional(),
  meta: z.object({ versionId: fhirId.optional() }).optional(),
  identifier: z.array(IdentifierIn).optional(),
  name: z.array(HumanNameIn).optional(),
  telecom: z.array(ContactPointIn).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: fhirDate.optional(),
  address: z.array(AddressIn).optional(),
  communication: z.array(z.object({ language: CodeableConceptIn, preferred: z.boolean().optional() })).optional(),
  contact: z.array(PatientContactIn).optional(),
});
export type FhirPatientIn = z.infer<typeof FhirPatientIn>;

/** R4 `instant`: a date and time to the second or finer, with Z or an offset. */
const FHIR_INSTANT = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
export const fhirInstant = z.string().regex(FHIR_INSTANT, 'must be a FHIR instant: YYYY-MM-DDThh:mm:ss with Z or an offset');

export const ParticipantIn = z.object({
  type: z.array(CodeableConceptIn).optional(),
  actor: z.object({ reference: fhirString.optional(), display: fhirString.optional() }).optional(),
  required: z.enum(['required', 'optional', 'information-only']).optional(),
  status: z.enum(['accepted', 'declined', 'tentative', 'needs-action']).optional(),
});
export type ParticipantIn = z.infer<typeof ParticipantIn>;

/** The Appointment elements scheduling reads (https://hl7.org/fhir/R4/appointment.html). */
export const FhirAppointmentIn = z.object({
  resourceType: z.literal('Appointment', { message: 'resourceType must be "Appointment"' }),
  id: fhirId.optional(),
  meta: z.object({ versionId: fhirId.optional() }).optional(),
  status: z.enum(['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist']).optional(),
  cancelationReason: CodeableConceptIn.optional(),
  serviceType: z.array(CodeableConceptIn).optional(),
  appointmentType: CodeableConceptIn.optional(),
  start: fhirInstant.optional(),
  end: fhirInstant.optional(),
  minutesDuration: z.number().int().min(1, 'must be a positive whole number').optional(),
  slot: z.array(ReferenceIn).optional(),
  participant: z.array(ParticipantIn).optional(),
});
export type FhirAppointmentIn = z.infer<typeof FhirAppointmentIn>;

/** A FHIRPath-style expression for a path inside a resource: `Patient.name[0].given[1]`. */
export const expressionOf = (resourceType: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), resourceType);

/** Parses a request body with a schema; a failure is `invalid` (structure) naming each path. */
export const parseResource = <T>(schema: z.ZodType<T>, body: unknown, resourceType: string): T => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalid', `The body must be a FHIR ${resourceType} resource`, { issues: [{ path: resourceType, message: 'must be a JSON object' }], details: { fhirIssueCode: 'structure' } });
  }
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues: FieldIssue[] = r.error.issues.map((i) => ({ path: expressionOf(resourceType, i.path), message: i.message }));
  throw new DomainError('invalid', `The ${resourceType} resource is not valid FHIR R4`, { issues, details: { fhirIssueCode: 'structure' } });
};

/** R4 `dateTime`: a date (YYYY, YYYY-MM, YYYY-MM-DD) or a date and time with a zone. */
const FHIR_DATE_TIME = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;
export const fhirDateTime = z.string().regex(FHIR_DATE_TIME, 'must be a FHIR dateTime: YYYY-MM-DD, or a date and time with a zone');

/** A resource held in `contained` that names a person (a Coverage's subscriber). */
export const ContainedPersonIn = z.object({
  resourceType: z.string(),
  id: fhirId.optional(),
  name: z.array(HumanNameIn).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: fhirDate.optional(),
});

/** The Coverage elements the registry reads (https://hl7.org/fhir/R4/coverage.html). */
export const FhirCoverageIn = z.object({
  resourceType: z.literal('Coverage', { message: 'resourceType must be "Coverage"' }),
  id: fhirId.optional(),
  meta: z.object({ versionId: fhirId.optional() }).optional(),
  contained: z.array(ContainedPersonIn).optional(),
  identifier: z.array(IdentifierIn).optional(),
  status: z.enum(['active', 'cancelled', 'draft', 'entered-in-error']).optional(),
  type: CodeableConceptIn.optional(),
  subscriber: ReferenceIn.optional(),
  subscriberId: fhirString.optional(),
  beneficiary: ReferenceIn.optional(),
  dependent: fhirString.optional(),
  relationship: CodeableConceptIn.optional(),
  period: z.object({ start: fhirDateTime.optional(), end: fhirDateTime.optional() }).optional(),
  payor: z.array(ReferenceIn).optional(),
  class: z.array(z.object({ type: CodeableConceptIn, value: fhirString, name: fhirString.optional() })).optional(),
  order: z.number().int().min(1, 'must be a positive whole number').optional(),
  network: fhirString.optional(),
});
export type FhirCoverageIn = z.infer<typeof FhirCoverageIn>;
