// The slices of FHIR R4 (4.0.1) datatypes and resources this API writes. Shapes follow
// https://hl7.org/fhir/R4/datatypes.html; only the elements we emit are declared.

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: CodeableConcept;
  system?: string;
  value?: string;
}

export interface HumanName {
  use?: 'usual' | 'official' | 'temp' | 'nickname' | 'anonymous' | 'old' | 'maiden';
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
  suffix?: string[];
}

export interface ContactPoint {
  system?: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value?: string;
  use?: 'home' | 'work' | 'temp' | 'old' | 'mobile';
  rank?: number;
}

export interface FhirAddress {
  use?: 'home' | 'work' | 'temp' | 'old' | 'billing';
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  security?: Coding[];
}

export interface Money {
  value: number;
  currency: 'USD';
}

/** R4 Period (named apart from the scheduling slice's `Period`, which index.ts also exports). */
export interface FhirPeriod {
  start?: string;
  end?: string;
}

export interface Extension {
  url: string;
  valueReference?: Reference;
  valueCodeableConcept?: CodeableConcept;
  valueMoney?: Money;
}

export interface FhirPatient {
  resourceType: 'Patient';
  id: string;
  meta: Meta;
  extension?: Extension[];
  identifier?: Identifier[];
  active: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
  gender: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: FhirAddress[];
  contact?: { extension?: Extension[]; relationship?: CodeableConcept[]; name?: HumanName; telecom?: ContactPoint[]; address?: FhirAddress }[];
  communication?: { language: CodeableConcept; preferred?: boolean }[];
  link?: { other: Reference; type: 'replaced-by' | 'replaces' | 'refer' | 'seealso' }[];
}

export interface FhirPractitioner {
  resourceType: 'Practitioner';
  id: string;
  identifier: Identifier[];
  active: boolean;
  name: HumanName[];
  telecom?: ContactPoint[];
  qualification?: { code: CodeableConcept }[];
}

export interface FhirOrganization {
  resourceType: 'Organization';
  id: string;
  identifier?: Identifier[];
  active: boolean;
  type: CodeableConcept[];
  name: string;
  telecom?: ContactPoint[];
  address?: FhirAddress[];
}

/** https://hl7.org/fhir/R4/valueset-issue-type.html (the codes this API uses). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'not-supported'
  | 'duplicate'
  | 'not-found'
  | 'too-long'
  | 'conflict'
  | 'throttled'
  | 'transient'
  | 'exception'
  | 'informational';

export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: IssueType;
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OutcomeIssue[];
}

/** A subscriber held inside a Coverage (https://hl7.org/fhir/R4/relatedperson.html). */
export interface FhirRelatedPerson {
  resourceType: 'RelatedPerson';
  id: string;
  patient: Reference;
  relationship?: CodeableConcept[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
}

/** https://hl7.org/fhir/R4/coverage.html (the elements this API writes). */
export interface FhirCoverage {
  resourceType: 'Coverage';
  id: string;
  contained?: FhirRelatedPerson[];
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  type?: CodeableConcept;
  subscriber?: Reference;
  subscriberId?: string;
  beneficiary: Reference;
  relationship?: CodeableConcept;
  period?: FhirPeriod;
  payor: Reference[];
  class?: { type: CodeableConcept; value: string; name?: string }[];
  order?: number;
}

export type EligibilityPurpose = 'auth-requirements' | 'benefits' | 'discovery' | 'validation';

/** https://hl7.org/fhir/R4/coverageeligibilityrequest.html (the elements this API writes). */
export interface FhirCoverageEligibilityRequest {
  resourceType: 'CoverageEligibilityRequest';
  id: string;
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  purpose: EligibilityPurpose[];
  patient: Reference;
  servicedDate?: string;
  created: string;
  provider?: Reference;
  insurer: Reference;
  insurance?: { focal?: boolean; coverage: Reference }[];
  item?: { category?: CodeableConcept }[];
}

/** One benefit of an item: what the plan allows and what was used (https://hl7.org/fhir/R4/coverageeligibilityresponse-definitions.html#CoverageEligibilityResponse.insurance.item.benefit). */
export interface EligibilityBenefit {
  extension?: Extension[];
  type: CodeableConcept;
  allowedUnsignedInt?: number;
  allowedString?: string;
  allowedMoney?: Money;
  usedMoney?: Money;
}

export interface EligibilityResponseItem {
  category?: CodeableConcept;
  network?: CodeableConcept;
  unit?: CodeableConcept;
  term?: CodeableConcept;
  benefit?: EligibilityBenefit[];
  authorizationRequired?: boolean;
  authorizationSupporting?: CodeableConcept[];
}

/** https://hl7.org/fhir/R4/coverageeligibilityresponse.html (the elements this API writes). */
export interface FhirCoverageEligibilityResponse {
  resourceType: 'CoverageEligibilityResponse';
  id: string;
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  purpose: EligibilityPurpose[];
  patient: Reference;
  servicedDate?: string;
  created: string;
  request: Reference;
  outcome: 'queued' | 'complete' | 'error' | 'partial';
  disposition?: string;
  insurer: Reference;
  insurance?: { coverage: Reference; inforce?: boolean; benefitPeriod?: FhirPeriod; item?: EligibilityResponseItem[] }[];
  error?: { code: CodeableConcept }[];
}

export type FhirResource =
  | FhirPatient
  | FhirPractitioner
  | FhirOrganization
  | FhirCoverage
  | FhirCoverageEligibilityRequest
  | FhirCoverageEligibilityResponse
  | OperationOutcome;

export interface BundleLink {
  relation: 'self' | 'next' | 'previous';
  url: string;
}

export interface Bundle {
  resourceType: 'Bundle';
  type: 'searchset';
  total?: number;
  link: BundleLink[];
  entry?: { fullUrl?: string; resource: FhirResource; search: { mode: 'match' | 'outcome' } }[];
}
