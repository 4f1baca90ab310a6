import { describe, expect, it } from 'vitest';
import type { Coverage } from '../core/patients/index.ts';
import { DomainError, isDomainError } from '../core/shared/index.ts';
import { coverageDraftFromFhir, coverageErrorAsFhir, coverageInputOf, freePriority, referencedId } from './coverage-input.mapping.ts';
import { toFhirCoverage } from './coverage.mapping.ts';

const cov = (over: Partial<Coverage> = {}): Coverage => ({
  id: 'cov1', patientId: 'pat1', payerId: 'pay1', memberId: 'XYZ123', groupNumber: 'G-77', planName: 'Gold PPO', planType: 'PPO', priority: 1,
  relationship: 'self', subscriberPatientId: null, subscriber: null, effectiveDate: '2031-01-01', endDate: null, ...over,
});

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('Coverage mapping (out)', () => {
  it('maps a self coverage: beneficiary, payor, member id, class, order, period, plan type', () => {
    expect(toFhirCoverage(cov(), { id: 'pay1', name: 'Prairie Blue' })).toEqual({
      resourceType: 'Coverage', id: 'cov1',
      identifier: [{ use: 'usual', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB', display: 'Member Number' }] }, system: 'urn:medoffice:member-id', value: 'XYZ123' }],
      status: 'active',
      type: { coding: [{ system: 'urn:medoffice:plan-type', code: 'PPO', display: 'PPO' }, { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PPO', display: 'preferred provider organization policy' }], text: 'PPO' },
      subscriber: { reference: 'Patient/pat1' },
      subscriberId: 'XYZ123',
      beneficiary: { reference: 'Patient/pat1' },
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self', display: 'Self' }] },
      period: { start: '2031-01-01' },
      payor: [{ reference: 'Organization/pay1', display: 'Prairie Blue' }],
      class: [
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'group', display: 'Group' }] }, value: 'G-77' },
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan', display: 'Plan' }] }, value: 'Gold PPO', name: 'Gold PPO' },
      ],
      order: 1,
    });
  });

  it('holds a subscriber who is not a patient in a contained RelatedPerson; a patient subscriber is referenced', () => {
    const child = toFhirCoverage(cov({ relationship: 'child', subscriber: { familyName: 'Doe', givenName: 'Jane', birthDate: '1970-05-01', sex: 'female' }, groupNumber: null, planName: null, planType: 'Medicare', effectiveDate: null }));
    expect(child.contained).toEqual([
      { resourceType: 'RelatedPerson', id: 'subscriber', patient: { reference: 'Patient/pat1' }, relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PRN', display: 'parent' }] }], name: [{ family: 'Doe', given: ['Jane'] }], gender: 'female', birthDate: '1970-05-01' },
    ]);
    expect(child.subscriber).toEqual({ reference: '#subscriber', display: 'Jane Doe' });
    expect(child.type).toEqual({ coding: [{ system: 'urn:medoffice:plan-type', code: 'Medicare', display: 'Medicare' }], text: 'Medicare' });
    expect(child.class).toBeUndefined();
    expect(child.period).toBeUndefined();
    expect(child.payor).toEqual([{ reference: 'Organization/pay1' }]);
    expect(toFhirCoverage(cov({ relationship: 'spouse', subscriberPatientId: 'pat9' })).subscriber).toEqual({ reference: 'Patient/pat9' });
  });
});

const body = (over: Record<string, unknown> = {}) => ({
  resourceType: 'Coverage',
  status: 'active',
  beneficiary: { reference: 'Patient/pat1' },
  payor: [{ reference: 'Organization/pay1' }],
  subscriberId: 'XYZ123',
  ...over,
});

describe('Coverage mapping (in)', () => {
  it('round-trips what it writes', () => {
    const out = toFhirCoverage(cov({ relationship: 'child', subscriber: { familyName: 'Doe', givenName: 'Jane', birthDate: '1970-05-01', sex: 'female' }, endDate: '2031-12-31', priority: 2 }));
    const draft = coverageDraftFromFhir(out);
    expect(draft.notes).toEqual([]);
    expect(coverageInputOf(draft, draft.priority!).value).toEqual({
      payerId: 'pay1', memberId: 'XYZ123', groupNumber: 'G-77', planName: 'Gold PPO', planType: 'PPO', priority: 2, relationship: 'child',
      subscriberPatientId: null, subscriber: { familyName: 'Doe', givenName: 'Jane', birthDate: '1970-05-01', sex: 'female' }, effectiveDate: '2031-01-01', endDate: '2031-12-31',
    });
    expect(draft).toMatchObject({ id: 'cov1', patientId: 'pat1' });
  });

  it('reads a minimal Coverage; the plan type defaults to Other with a note; dateTimes give their date', () => {
    const d = coverageDraftFromFhir(body({ period: { start: '2031-02-01T00:00:00-06:00' }, type: { text: 'hmo' }, payor: [{ reference: 'https://x.example/fhir/Organization/pay1' }, { reference: 'Organization/pay2' }] }));
    expect(d.fields).toMatchObject({ payerId: 'pay1', planType: 'HMO', relationship: 'self', effectiveDate: '2031-02-01', endDate: null, subscriber: null });
    expect(d.priority).toBeUndefined();
    expect(d.notes).toEqual([{ path: 'Coverage.payor', message: 'only the first payor is kept' }]);
    expect(coverageDraftFromFhir(body()).notes).toEqual([{ path: 'Coverage.type', message: 'absent; stored as plan type Other' }]);
    expect(coverageDraftFromFhir(body({ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'POS' }] } })).fields.planType).toBe('POS');
  });

  it('reads the member id from the identifier when subscriberId is absent, and notes what it does not keep', () => {
    const d = coverageDraftFromFhir(body({ subscriberId: undefined, identifier: [{ system: 'urn:medoffice:member-id', value: 'M-1' }, { system: 'http://other', value: 'x' }], dependent: '01', network: 'Gold', relationship: { coding: [{ code: 'parent' }] }, subscriber: { reference: 'Patient/pat2' } }));
    expect(d.fields).toMatchObject({ memberId: 'M-1', relationship: 'other', subscriberPatientId: 'pat2' });
    expect(d.paths.memberId).toBe('Coverage.identifier[0]');
    expect(d.notes.map((n) => n.path)).toEqual(['Coverage.identifier[1]', 'Coverage.dependent', 'Coverage.network', 'Coverage.relationship', 'Coverage.type']);
  });

  it('refuses missing or malformed required elements, naming them', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ beneficiary: undefined }, 'Coverage.beneficiary'],
      [{ beneficiary: { reference: 'Group/g1' } }, 'Coverage.beneficiary'],
      [{ payor: [] }, 'Coverage.payor'],
      [{ payor: [{ reference: 'Patient/pat1' }] }, 'Coverage.payor[0]'],
      [{ subscriberId: undefined }, 'Coverage.subscriberId'],
      [{ status: 'cancelled' }, 'Coverage.status'],
      [{ period: { end: '2031-05' } }, 'Coverage.period.end'],
      [{ period: { start: 'yesterday' } }, 'Coverage.period.start'],
      [{ order: 0 }, 'Coverage.order'],
      [{ order: '1' }, 'Coverage.order'],
      [{ relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'cousin' }] } }, 'Coverage.relationship'],
      [{ type: { coding: [{ system: 'urn:medoffice:plan-type', code: 'Gold' }] } }, 'Coverage.type'],
      [{ relationship: { coding: [{ code: 'child' }] }, subscriber: { reference: '#nobody' } }, 'Coverage.subscriber'],
      [{ relationship: { coding: [{ code: 'child' }] }, subscriber: { reference: 'RelatedPerson/r1' } }, 'Coverage.subscriber'],
      [{ relationship: { coding: [{ code: 'child' }] }, subscriber: { reference: '#s' }, contained: [{ resourceType: 'RelatedPerson', id: 's', name: [{ text: 'Jane' }] }] }, 'Coverage.contained[0].name'],
      [{ resourceType: 'Patient' }, 'Coverage.resourceType'],
    ];
    for (const [over, path] of cases) expect(refusal(() => coverageDraftFromFhir(body(over))).issues.map((i) => i.path), JSON.stringify(over)).toContain(path);
    expect(refusal(() => coverageDraftFromFhir([])).issues[0]!.path).toBe('Coverage');
  });

  it('validates like the domain API: bad member ids and priorities name their elements', () => {
    expect(refusal(() => coverageInputOf(coverageDraftFromFhir(body({ subscriberId: 'bad id!' })), 1)).issues).toEqual([{ path: 'Coverage.subscriberId', message: 'letters, digits and dashes only' }]);
    expect(refusal(() => coverageInputOf(coverageDraftFromFhir(body()), 4)).issues[0]!.path).toBe('Coverage.order');
    // The coverages service's own checks come back with core paths: re-pathed to the elements.
    const d = coverageDraftFromFhir(body({ period: { start: '2031-05-01', end: '2031-01-01' } }));
    const core = new DomainError('invalid', 'The coverage ends before it starts', { issues: [{ path: 'endDate', message: 'must be on or after effectiveDate' }] });
    expect((coverageErrorAsFhir(core, d.paths) as DomainError).issues).toEqual([{ path: 'Coverage.period.end', message: 'must be on or after effectiveDate' }]);
    const other = new DomainError('conflict', 'busy');
    expect(coverageErrorAsFhir(other, d.paths)).toBe(other);
  });

  it('picks the first free priority, none when 1-3 are taken; reads references', () => {
    expect(freePriority([])).toBe(1);
    expect(freePriority([{ priority: 1 }, { priority: 3 }])).toBe(2);
    expect(freePriority([{ priority: 1 }, { priority: 2 }, { priority: 3 }])).toBeNull();
    expect(referencedId('Patient/abc', 'Patient')).toBe('abc');
    expect(referencedId('http://h/fhir/R4/Patient/abc/_history/2', 'Patient')).toBe('abc');
    expect(referencedId('Organization/abc', 'Patient')).toBeNull();
    expect(referencedId('Patient/a_b', 'Patient')).toBeNull();
  });
});
