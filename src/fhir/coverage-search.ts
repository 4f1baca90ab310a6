import { DomainError } from '../core/shared/index.ts';
import { CoverageSystems } from './coverage.mapping.ts';
import { parseReference } from './scheduling-search.ts';
import { parseSearch, parseToken, type ParamSpec, type Parsed } from './search-params.ts';

// Search parameters of Coverage, CoverageEligibilityRequest and CoverageEligibilityResponse. The
// shared rules of search-params.ts apply (unknown parameters refused unless lenient, no modifiers,
// no OR lists, _count and _offset). Every search names one patient (or, for Coverage, a member id):
// the services read coverages and checks per patient, with that patient's access and audit.

export type CoverageParamType = 'reference' | 'token';

export const COVERAGE_PARAMS = { patient: 'reference', beneficiary: 'reference', payor: 'reference', identifier: 'token' } as const satisfies Readonly<Record<string, CoverageParamType>>;
export const ELIGIBILITY_REQUEST_PARAMS = { patient: 'reference' } as const satisfies Readonly<Record<string, CoverageParamType>>;
export const ELIGIBILITY_RESPONSE_PARAMS = { patient: 'reference', request: 'reference' } as const satisfies Readonly<Record<string, CoverageParamType>>;

const refuse = (message: string, path: string, code: 'invalid' | 'required' = 'invalid'): DomainError =>
  new DomainError('invalid', message, { issues: [{ path, message }], details: { fhirIssueCode: code } });

// parseSearch reads only the parameter names of a spec.
const namesOf = (spec: Readonly<Record<string, CoverageParamType>>): ParamSpec => Object.fromEntries(Object.keys(spec).map((k) => [k, 'token' as const]));

export interface CoverageCriteria {
  patientId?: string;
  payerId?: string;
  memberId?: string;
  /** False when the parameters can match nothing (a reference to another type, two different patients, another identifier system). */
  possible: boolean;
}

/** Coverage search: by `patient` or `beneficiary` (the same thing here) or `identifier` (member id), optionally narrowed by `payor`. */
export const parseCoverageSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<CoverageCriteria> => {
  const p = parseSearch(entries, namesOf(COVERAGE_PARAMS), opts);
  const v = p.criteria;
  if (!v.patient && !v.beneficiary && !v.identifier) throw refuse('Give patient, beneficiary or identifier (the member id); payor only narrows such a search', 'Coverage', 'required');
  const criteria: CoverageCriteria = { possible: true };
  for (const name of ['patient', 'beneficiary'] as const) {
    if (!v[name]) continue;
    const ref = parseReference(name, v[name], ['Patient']);
    if (!ref || (criteria.patientId && criteria.patientId !== ref.id)) criteria.possible = false;
    else criteria.patientId = ref.id;
  }
  if (v.payor) {
    const ref = parseReference('payor', v.payor, ['Organization']);
    if (ref) criteria.payerId = ref.id;
    else criteria.possible = false;
  }
  if (v.identifier) {
    const t = parseToken('identifier', v.identifier);
    if (t.system && t.system !== CoverageSystems.memberId) criteria.possible = false;
    else criteria.memberId = t.value;
  }
  return { ...p, criteria };
};

export interface EligibilityCriteria {
  patientId?: string;
  /** `request=CoverageEligibilityRequest/[id]`: a request and its response share the check's id. */
  checkId?: string;
  possible: boolean;
}

const parseEligibility = (entries: [string, string][], spec: Readonly<Record<string, CoverageParamType>>, type: string, opts: { lenient: boolean }): Parsed<EligibilityCriteria> => {
  const p = parseSearch(entries, namesOf(spec), opts);
  const v = p.criteria;
  if (!v.patient && !v.request) throw refuse(`Give ${Object.keys(spec).join(' or ')}`, type, 'required');
  const criteria: EligibilityCriteria = { possible: true };
  if (v.patient) {
    const ref = parseReference('patient', v.patient, ['Patient']);
    if (ref) criteria.patientId = ref.id;
    else criteria.possible = false;
  }
  if (v.request) {
    const ref = parseReference('request', v.request, ['CoverageEligibilityRequest']);
    if (ref) criteria.checkId = ref.id;
    else criteria.possible = false;
  }
  return { ...p, criteria };
};

/** CoverageEligibilityRequest search: `patient` (required). */
export const parseEligibilityRequestSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<EligibilityCriteria> =>
  parseEligibility(entries, ELIGIBILITY_REQUEST_PARAMS, 'CoverageEligibilityRequest', opts);

/** CoverageEligibilityResponse search: `patient` and/or `request`. */
export const parseEligibilityResponseSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<EligibilityCriteria> =>
  parseEligibility(entries, ELIGIBILITY_RESPONSE_PARAMS, 'CoverageEligibilityResponse', opts);
