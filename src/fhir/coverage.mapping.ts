import type { Coverage, Relationship } from '../core/patients/index.ts';
import type { Payer, PlanType } from '../core/reference/index.ts';
import { Systems } from './datatypes.ts';
import type { CodeableConcept, FhirCoverage, FhirRelatedPerson, Identifier, Reference } from './fhir-types.ts';

// Insurance coverages as FHIR R4 Coverage (https://hl7.org/fhir/R4/coverage.html): the id is our
// coverage id, the beneficiary the patient, the payor the payer's Organization, subscriberId the
// member id, class the group number and plan name, order the priority (1 = primary).

/** Code systems of Coverage, CoverageEligibilityRequest and CoverageEligibilityResponse. */
export const CoverageSystems = {
  /** The member id a payer issued (also Coverage.subscriberId). */
  memberId: 'urn:medoffice:member-id',
  /** The practice's plan types (PPO, HMO, Medicare, ...): code = display = the plan type. */
  planType: 'urn:medoffice:plan-type',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  /** X12 service type codes (EB03 / EQ01). */
  serviceType: 'https://x12.org/codes/service-type-codes',
  benefitType: 'http://terminology.hl7.org/CodeSystem/benefit-type',
  /** Benefit kinds the HL7 benefit-type code system has no code for (out-of-pocket maximum). */
  ourBenefitType: 'urn:medoffice:benefit-type',
  benefitNetwork: 'http://terminology.hl7.org/CodeSystem/benefit-network',
  benefitUnit: 'http://terminology.hl7.org/CodeSystem/benefit-unit',
  benefitTerm: 'http://terminology.hl7.org/CodeSystem/benefit-term',
  /** X12 AAA03 reject reason codes of a 271. */
  rejectReason: 'urn:medoffice:x12-reject-reason',
  /** TRN02 of the 270 (our trace number), echoed by the 271. */
  eligibilityTrace: 'urn:medoffice:eligibility-trace',
} as const;

/** The id of the contained RelatedPerson holding a subscriber who is not a registered patient. */
export const CONTAINED_SUBSCRIBER_ID = 'subscriber';

/** Our relationships of the patient to the subscriber as subscriber-relationship codes. */
export const SUBSCRIBER_RELATIONSHIP: Readonly<Record<Relationship, { code: string; display: string }>> = {
  self: { code: 'self', display: 'Self' },
  spouse: { code: 'spouse', display: 'Spouse' },
  child: { code: 'child', display: 'Child' },
  other: { code: 'other', display: 'Other' },
};

/** v3 ActCode insurance policy codes for the plan types that have one. */
export const PLAN_ACT_CODE: Readonly<Partial<Record<PlanType, { code: string; display: string }>>> = {
  HMO: { code: 'HMO', display: 'health maintenance organization policy' },
  PPO: { code: 'PPO', display: 'preferred provider organization policy' },
  POS: { code: 'POS', display: 'point of service policy' },
};

/** The subscriber's role towards the patient (v3 RoleCode) when the patient is their child or spouse. */
const SUBSCRIBER_ROLE: Readonly<Partial<Record<Relationship, { code: string; display: string }>>> = {
  child: { code: 'PRN', display: 'parent' },
  spouse: { code: 'SPS', display: 'spouse' },
};

export const memberIdentifier = (memberId: string): Identifier => ({
  use: 'usual',
  type: { coding: [{ system: Systems.identifierType, code: 'MB', display: 'Member Number' }] },
  system: CoverageSystems.memberId,
  value: memberId,
});

const planTypeConcept = (t: PlanType): CodeableConcept => {
  const act = PLAN_ACT_CODE[t];
  return { coding: [{ system: CoverageSystems.planType, code: t, display: t }, ...(act ? [{ system: CoverageSystems.actCode, ...act }] : [])], text: t };
};

const classOf = (code: 'group' | 'plan', display: string, value: string, name?: string) => ({
  type: { coding: [{ system: CoverageSystems.coverageClass, code, display }] },
  value,
  ...(name ? { name } : {}),
});

const fullName = (s: { givenName: string; familyName: string }): string => `${s.givenName} ${s.familyName}`.trim();

/** The subscriber: the patient (self), another registered patient, or a contained RelatedPerson. */
const subscriberOf = (c: Coverage): { subscriber: Reference; contained?: FhirRelatedPerson } | undefined => {
  if (c.relationship === 'self') return { subscriber: { reference: `Patient/${c.patientId}` } };
  if (c.subscriberPatientId) return { subscriber: { reference: `Patient/${c.subscriberPatientId}`, ...(c.subscriber ? { display: fullName(c.subscriber) } : {}) } };
  if (!c.subscriber) return undefined;
  const s = c.subscriber;
  const role = SUBSCRIBER_ROLE[c.relationship];
  const person: FhirRelatedPerson = {
    resourceType: 'RelatedPerson',
    id: CONTAINED_SUBSCRIBER_ID,
    patient: { reference: `Patient/${c.patientId}` },
    ...(role ? { relationship: [{ coding: [{ system: Systems.roleCode, ...role }] }] } : {}),
    name: [{ family: s.familyName, given: [s.givenName] }],
    ...(s.sex ? { gender: s.sex } : {}),
    ...(s.birthDate ? { birthDate: s.birthDate } : {}),
  };
  return { subscriber: { reference: `#${CONTAINED_SUBSCRIBER_ID}`, display: fullName(s) }, contained: person };
};

/** A coverage as a FHIR R4 Coverage; the payer (when known) names the payor. */
export const toFhirCoverage = (c: Coverage, payer?: Pick<Payer, 'id' | 'name'>): FhirCoverage => {
  const sub = subscriberOf(c);
  const classes = [
    ...(c.groupNumber ? [classOf('group', 'Group', c.groupNumber)] : []),
    ...(c.planName ? [classOf('plan', 'Plan', c.planName, c.planName)] : []),
  ];
  const period = { ...(c.effectiveDate ? { start: c.effectiveDate } : {}), ...(c.endDate ? { end: c.endDate } : {}) };
  const rel = SUBSCRIBER_RELATIONSHIP[c.relationship];
  return {
    resourceType: 'Coverage',
    id: c.id,
    ...(sub?.contained ? { contained: [sub.contained] } : {}),
    identifier: [memberIdentifier(c.memberId)],
    status: 'active',
    type: planTypeConcept(c.planType),
    ...(sub ? { subscriber: sub.subscriber } : {}),
    subscriberId: c.memberId,
    beneficiary: { reference: `Patient/${c.patientId}` },
    relationship: { coding: [{ system: CoverageSystems.subscriberRelationship, ...rel }] },
    ...(Object.keys(period).length ? { period } : {}),
    payor: [{ reference: `Organization/${c.payerId}`, ...(payer && payer.id === c.payerId ? { display: payer.name } : {}) }],
    ...(classes.length ? { class: classes } : {}),
    order: c.priority,
  };
};
