import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainError } from '../core/shared/index.ts';
import { parseCoverageSearch, parseEligibilityRequestSearch, parseEligibilityResponseSearch } from './coverage-search.ts';

const strict = { lenient: false };
const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('Coverage search parameters', () => {
  it('reads patient, beneficiary, payor and identifier', () => {
    expect(parseCoverageSearch([['patient', 'Patient/p1'], ['payor', 'Organization/o1'], ['_count', '5']], strict)).toMatchObject({ criteria: { patientId: 'p1', payerId: 'o1', possible: true }, page: { count: 5, offset: 0 } });
    expect(parseCoverageSearch([['beneficiary', 'p1'], ['patient', 'p1']], strict).criteria).toEqual({ patientId: 'p1', possible: true });
    expect(parseCoverageSearch([['identifier', 'urn:medoffice:member-id|XYZ-1']], strict).criteria).toEqual({ memberId: 'XYZ-1', possible: true });
  });

  it('matches nothing for other types, another identifier system or two different patients', () => {
    expect(parseCoverageSearch([['patient', 'Group/g1']], strict).criteria.possible).toBe(false);
    expect(parseCoverageSearch([['patient', 'p1'], ['beneficiary', 'p2']], strict).criteria.possible).toBe(false);
    expect(parseCoverageSearch([['identifier', 'http://other|X1']], strict).criteria.possible).toBe(false);
    expect(parseCoverageSearch([['patient', 'p1'], ['payor', 'Patient/p2']], strict).criteria.possible).toBe(false);
  });

  it('needs a patient, beneficiary or identifier; refuses unknown and malformed parameters by name', () => {
    expect(refusal(() => parseCoverageSearch([['payor', 'Organization/o1']], strict)).details.fhirIssueCode).toBe('required');
    expect(refusal(() => parseCoverageSearch([['status', 'active'], ['patient', 'p1']], strict)).issues[0]!.path).toBe('status');
    expect(refusal(() => parseCoverageSearch([['patient', 'Patient/bad id']], strict)).issues[0]!.path).toBe('patient');
    expect(refusal(() => parseCoverageSearch([['patient', 'p1'], ['_count', 'x']], strict)).issues[0]!.path).toBe('_count');
    expect(parseCoverageSearch([['status', 'active'], ['patient', 'p1']], { lenient: true }).ignored).toEqual(['status']);
  });
});

describe('CoverageEligibilityRequest and Response search parameters', () => {
  it('reads patient and request', () => {
    expect(parseEligibilityRequestSearch([['patient', 'Patient/p1']], strict).criteria).toEqual({ patientId: 'p1', possible: true });
    expect(parseEligibilityResponseSearch([['request', 'CoverageEligibilityRequest/c1']], strict).criteria).toEqual({ checkId: 'c1', possible: true });
    expect(parseEligibilityResponseSearch([['request', 'Claim/c1']], strict).criteria.possible).toBe(false);
  });

  it('refuses a search without patient (or request), and request on CoverageEligibilityRequest', () => {
    expect(refusal(() => parseEligibilityRequestSearch([], strict)).issues[0]!.path).toBe('CoverageEligibilityRequest');
    expect(refusal(() => parseEligibilityResponseSearch([['_count', '2']], strict)).details.fhirIssueCode).toBe('required');
    expect(refusal(() => parseEligibilityRequestSearch([['request', 'CoverageEligibilityRequest/c1']], strict)).issues[0]!.path).toBe('request');
  });
});
