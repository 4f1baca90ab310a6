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

export interface Extension {
  url: string;
  valueReference?: Reference;
  valueCodeableConcept?: CodeableConcept;
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

export type FhirResource = FhirPatient | FhirPractitioner | FhirOrganization | OperationOutcome;

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
