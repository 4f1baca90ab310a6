import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/shared/index.ts';
import { parseOrganizationSearch, parsePatientSearch, parsePractitionerSearch, parsePrefer } from './search-params.ts';

const q = (s: string): [string, string][] => [...new URLSearchParams(s).entries()];
const strict = { lenient: false };
const refusal = (f: () => unknown): { code: string; fhir: unknown; paths: string[]; message: string } => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, fhir: e.details.fhirIssueCode, paths: e.issues.map((i) => i.path), message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('parsePatientSearch', () => {
  it.each([
    ['name=Smith', { anyName: 'Smith' }],
    ['name=John%20Smith', { name: 'John Smith' }],
    ['family=Sm&given=Jo', { family: 'Sm', given: 'Jo' }],
    ['birthdate=1980-02-29', { birthDate: '1980-02-29' }],
    ['birthdate=eq1980-02-29', { birthDate: '1980-02-29' }],
    ['identifier=M0000001', { mrn: 'M0000001' }],
    ['identifier=|M0000001', { mrn: 'M0000001' }],
    ['identifier=urn:medoffice:mrn|M0000001', { mrn: 'M0000001' }],
    ['identifier=http://payer.example/members|ABC-123', { memberId: 'ABC-123' }],
    ['phone=(555)%20201-3344', { phone: '(555) 201-3344' }],
    ['family=O\\,Brien', { family: 'O,Brien' }],
    ['family=Smith&given=', { family: 'Smith' }],
  ])('%s', (s, expected) => {
    expect(parsePatientSearch(q(s), strict).criteria).toEqual({ fuzzy: false, ...expected });
  });

  it.each([
    ['', 20, 0],
    ['_count=5&_offset=10', 5, 10],
    ['_count=500', 100, 0],
    ['_offset=1000', 20, 1000],
  ])('pages %s as count %i offset %i', (s, count, offset) => {
    expect(parsePatientSearch(q(`family=X&${s}`), strict).page).toEqual({ count, offset });
  });

  it('keeps the applied parameters for the self link, and nothing else', () => {
    const p = parsePatientSearch(q('family=Smith&_count=5&_format=json&given='), strict);
    expect(p.used).toEqual([['family', 'Smith']]);
  });

  it.each([
    ['birthdate=gt1980-01-01', 'not-supported', 'birthdate', /prefix gt is not supported/],
    ['birthdate=le1980-01-01', 'not-supported', 'birthdate', /prefix le/],
    ['birthdate=1980', 'not-supported', 'birthdate', /partial dates/],
    ['birthdate=1980-02-30', 'invalid', 'birthdate', /YYYY-MM-DD/],
    ['family=Smith&eyecolor=blue&_sort=name', 'not-supported', 'eyecolor', /Unknown search parameter\(s\): eyecolor, _sort/],
    ['family:exact=Smith', 'not-supported', 'family:exact', /modifier :exact/],
    ['family=Smith&family=Jones', 'not-supported', 'family', /more than once/],
    ['family=Smith,Jones', 'not-supported', 'family', /OR/],
    ['name=Jo&family=Smith', 'not-supported', 'name', /not both/],
    ['identifier=http://hl7.org/fhir/sid/us-ssn|123456789', 'not-supported', 'identifier', /SSN/],
    ['identifier=urn:medoffice:mrn|', 'not-supported', 'identifier', /give a value/],
    ['_count=0&family=X', 'not-supported', '_count', /count only/],
    ['_count=-1&family=X', 'invalid', '_count', /whole number/],
    ['_offset=1001&family=X', 'not-supported', '_offset', /at most 1000/],
    ['_format=xml&family=X', 'not-supported', '_format', /JSON/],
    ['_count=10', 'required', 'Patient', /at least one/],
    [`family=${'x'.repeat(101)}`, 'too-long', 'family', /at most 100/],
  ])('refuses %s', (s, fhir, path, message) => {
    const r = refusal(() => parsePatientSearch(q(s), strict));
    expect(r).toMatchObject({ code: 'invalid', fhir });
    expect(r.paths[0]).toBe(path);
    expect(r.message).toMatch(message);
  });

  it('ignores unknown parameters under lenient handling and reports them', () => {
    const p = parsePatientSearch(q('family=Smith&eyecolor=blue'), { lenient: true });
    expect(p.criteria).toEqual({ fuzzy: false, family: 'Smith' });
    expect(p.ignored).toEqual(['eyecolor']);
    // Unsupported modifiers and prefixes are refused even when lenient.
    expect(refusal(() => parsePatientSearch(q('birthdate=gt2000-01-01'), { lenient: true })).fhir).toBe('not-supported');
  });
});

describe('parsePractitionerSearch and parseOrganizationSearch', () => {
  it.each([
    ['name=alv', { name: 'alv' }],
    ['identifier=1999000007', { npi: '1999000007' }],
    ['identifier=http://hl7.org/fhir/sid/us-npi|1999000007', { npi: '1999000007' }],
    ['identifier=urn:other|1999000007', { npi: null }],
    ['', {}],
  ])('Practitioner %s', (s, expected) => expect(parsePractitionerSearch(q(s), strict).criteria).toEqual(expected));

  it.each([
    ['type=pay', { type: 'pay' }],
    ['type=http://terminology.hl7.org/CodeSystem/organization-type|prov', { type: 'prov' }],
    ['type=dept', { type: null }],
    ['type=urn:x|pay', { type: null }],
    ['name=blue', { name: 'blue' }],
  ])('Organization %s', (s, expected) => expect(parseOrganizationSearch(q(s), strict).criteria).toEqual(expected));

  it('refuses Patient parameters on Practitioner', () => {
    expect(refusal(() => parsePractitionerSearch(q('birthdate=1980-01-01'), strict)).paths).toEqual(['birthdate']);
  });
});

describe('parsePrefer', () => {
  it.each([
    [undefined, { lenient: false }],
    ['handling=lenient', { lenient: true }],
    ['return=minimal, handling=strict', { lenient: false, return: 'minimal' }],
    [['return="OperationOutcome"', 'handling=lenient'], { lenient: true, return: 'OperationOutcome' }],
    ['return=everything', { lenient: false }],
  ])('%j', (h, expected) => expect(parsePrefer(h)).toEqual(expected));
});
