import { describe, expect, it } from 'vitest';
import type { BenefitsSnapshot, CostShareLine, EligibilityCheck } from '../core/eligibility/index.ts';
import { benefitItems, eligibilityOutcome, toFhirEligibilityRequest, toFhirEligibilityResponse } from './eligibility.mapping.ts';

const X12 = 'https://x12.org/codes/service-type-codes';
const BT = 'http://terminology.hl7.org/CodeSystem/benefit-type';
const REMAINING = 'urn:medoffice:fhir:benefit-remaining';

const snapshot = (over: Partial<BenefitsSnapshot> = {}): BenefitsSnapshot => ({
  status: 'active', planName: 'PPO Gold', groupNumber: 'G1', coverageStart: '2031-01-01', coverageEnd: null, costShares: [], referralRequired: false, priorAuthorizationRequired: false,
  messages: [], otherPayers: [], correctedFields: [], rejections: [], ...over,
});
const check = (over: Partial<EligibilityCheck> = {}): EligibilityCheck => ({
  id: 'chk1', coverageId: 'cov1', patientId: 'pat1', payerId: 'pay1', appointmentId: 'ap1', dateOfService: '2031-03-11', traceNumber: 'T123', state: 'done', source: 'electronic',
  outcome: 'active', summary: ['Active since Jan 1, 2031 - PPO Gold.', 'Office visit co-pay $25.'], snapshot: snapshot(), reason: null, retryAfter: null,
  requestedAt: '2031-03-10T13:00:00.000Z', answeredAt: '2031-03-10T13:00:02.000Z', requestedBy: 'u1', manual: null, ...over,
});
const line = (over: Partial<CostShareLine>): CostShareLine => ({
  kind: 'copay', serviceType: '98', serviceTypeLabel: 'Professional (Physician) Visit - Office', network: 'in_network', level: 'individual', basis: 'total', period: null, amountCents: 2500, percent: null, ...over,
});

describe('CoverageEligibilityRequest mapping', () => {
  it('shows who, which coverage and payer, the service types asked about and the date of service', () => {
    expect(toFhirEligibilityRequest(check(), { providerId: 'prov1', serviceTypes: ['98'] })).toEqual({
      resourceType: 'CoverageEligibilityRequest', id: 'chk1', identifier: [{ system: 'urn:medoffice:eligibility-trace', value: 'T123' }], status: 'active', purpose: ['benefits', 'validation'],
      patient: { reference: 'Patient/pat1' }, servicedDate: '2031-03-11', created: '2031-03-10T13:00:00.000Z', provider: { reference: 'Practitioner/prov1' },
      insurer: { reference: 'Organization/pay1' }, insurance: [{ focal: true, coverage: { reference: 'Coverage/cov1' } }],
      item: [{ category: { coding: [{ system: X12, code: '98', display: 'Professional (Physician) Visit - Office' }], text: 'Professional (Physician) Visit - Office' } }],
    });
  });

  it('has no items or provider for a phone verification', () => {
    const r = toFhirEligibilityRequest(check({ source: 'manual', appointmentId: null }), { serviceTypes: ['30'] });
    expect(r.item).toBeUndefined();
    expect(r.provider).toBeUndefined();
  });
});

describe('CoverageEligibilityResponse mapping', () => {
  it('maps the in-force flag, benefit period, disposition and a co-pay benefit', () => {
    const r = toFhirEligibilityResponse(check({ snapshot: snapshot({ coverageEnd: '2031-12-31', costShares: [line({})] }) }));
    expect(r).toMatchObject({
      resourceType: 'CoverageEligibilityResponse', id: 'chk1', request: { reference: 'CoverageEligibilityRequest/chk1' }, outcome: 'complete', created: '2031-03-10T13:00:02.000Z',
      disposition: 'Active since Jan 1, 2031 - PPO Gold. Office visit co-pay $25.', insurer: { reference: 'Organization/pay1' }, servicedDate: '2031-03-11',
    });
    expect(r.insurance).toEqual([{
      coverage: { reference: 'Coverage/cov1' }, inforce: true, benefitPeriod: { start: '2031-01-01', end: '2031-12-31' },
      item: [{
        category: { coding: [{ system: X12, code: '98', display: 'Professional (Physician) Visit - Office' }], text: 'Professional (Physician) Visit - Office' },
        network: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-network', code: 'in', display: 'In Network' }] },
        unit: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-unit', code: 'individual', display: 'Individual' }] },
        benefit: [{ type: { coding: [{ system: BT, code: 'copay', display: 'Copayment per service' }], text: 'Co-pay' }, allowedMoney: { value: 25, currency: 'USD' } }],
      }],
    }]);
    expect(r.error).toBeUndefined();
  });

  it('pairs a deductible total with what remains (used = total - remaining) and keeps terms and networks apart', () => {
    const items = benefitItems([
      line({ kind: 'deductible', serviceType: '30', serviceTypeLabel: 'Health Benefit Plan Coverage', basis: 'total', period: 'calendar year', amountCents: 150000 }),
      line({ kind: 'deductible', serviceType: '30', serviceTypeLabel: 'Health Benefit Plan Coverage', basis: 'remaining', period: 'remaining', amountCents: 40000 }),
      line({ kind: 'coinsurance', serviceType: '30', serviceTypeLabel: 'Health Benefit Plan Coverage', basis: 'total', period: null, amountCents: null, percent: '20' }),
      line({ kind: 'out_of_pocket', serviceType: '30', serviceTypeLabel: 'Health Benefit Plan Coverage', level: 'family', basis: 'met', period: 'calendar year', amountCents: 12345 }),
      line({ kind: 'coinsurance', serviceType: '30', network: 'out_of_network', basis: 'total', amountCents: null, percent: '12.5' }),
      line({ kind: 'deductible', serviceType: null, serviceTypeLabel: null, network: 'unknown', level: null, basis: 'total', period: 'lifetime', amountCents: 100 }),
    ]);
    expect(items).toHaveLength(4);
    const [ind, fam, out, plan] = items;
    expect(ind!.term).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-term', code: 'annual', display: 'Annual' }] });
    expect(ind!.benefit).toEqual([
      { type: { coding: [{ system: BT, code: 'copay-percent', display: 'Copayment Percent per service' }], text: 'Co-insurance' }, allowedUnsignedInt: 20 },
      { extension: [{ url: REMAINING, valueMoney: { value: 400, currency: 'USD' } }], type: { coding: [{ system: BT, code: 'deductible', display: 'Deductible' }], text: 'Deductible' }, allowedMoney: { value: 1500, currency: 'USD' }, usedMoney: { value: 1100, currency: 'USD' } },
    ]);
    expect(fam!.unit!.coding![0]!.code).toBe('family');
    expect(fam!.benefit).toEqual([{ type: { coding: [{ system: 'urn:medoffice:benefit-type', code: 'out-of-pocket', display: 'Out-of-pocket maximum' }], text: 'Out-of-pocket maximum' }, usedMoney: { value: 123.45, currency: 'USD' } }]);
    expect(out!.network!.coding![0]!.code).toBe('out');
    expect(out!.benefit![0]!.allowedString).toBe('12.5%');
    // The plan as a whole is category 30; an unknown network and level are left out.
    expect(plan).toMatchObject({ category: { coding: [{ code: '30', display: 'Health Benefit Plan Coverage' }] }, term: { coding: [{ code: 'lifetime' }] } });
    expect(plan!.network).toBeUndefined();
    expect(plan!.unit).toBeUndefined();
  });

  it('flags authorisation and referral on every item, or on a plan item when there are no cost shares', () => {
    const withLines = toFhirEligibilityResponse(check({ outcome: 'needs_authorization', snapshot: snapshot({ referralRequired: true, costShares: [line({})] }) }));
    expect(withLines.insurance![0]!.item![0]).toMatchObject({ authorizationRequired: true, authorizationSupporting: [{ text: 'Referral from the primary care physician' }] });
    const bare = toFhirEligibilityResponse(check({ outcome: 'needs_authorization', snapshot: snapshot({ priorAuthorizationRequired: true }) }));
    expect(bare.insurance![0]!.item).toEqual([{ category: { coding: [{ system: X12, code: '30', display: 'Health Benefit Plan Coverage' }], text: 'Health Benefit Plan Coverage' }, authorizationRequired: true }]);
    expect(toFhirEligibilityResponse(check()).insurance![0]!.item).toBeUndefined();
  });

  it('answers error with the AAA rejections, the reason a check could not be made, or an unknown member', () => {
    const rejected = toFhirEligibilityResponse(check({ outcome: 'not_found', snapshot: snapshot({ status: 'unknown', rejections: [{ code: '75', meaning: 'Subscriber/insured not found', nextStep: 'Check the member id.', followUp: 'C' }] }) }));
    expect(rejected.outcome).toBe('error');
    expect(rejected.error).toEqual([{ code: { coding: [{ system: 'urn:medoffice:x12-reject-reason', code: '75', display: 'Subscriber/insured not found' }], text: 'Subscriber/insured not found. Check the member id.' } }]);
    expect(rejected.insurance![0]!.inforce).toBeUndefined();
    const failed = toFhirEligibilityResponse(check({ outcome: 'could_not_check', snapshot: null, reason: 'the payer did not answer in 20 s', summary: ['Could not check: the payer did not answer in 20 s'] }));
    expect(failed).toMatchObject({ outcome: 'error', error: [{ code: { text: 'the payer did not answer in 20 s' } }] });
    expect(failed.insurance).toBeUndefined();
    const phone = toFhirEligibilityResponse(check({ source: 'manual', outcome: 'not_found', snapshot: snapshot({ status: 'unknown' }) }));
    expect(phone.error).toEqual([{ code: { text: 'The payer does not know this member' } }]);
    const inactive = toFhirEligibilityResponse(check({ outcome: 'inactive', snapshot: snapshot({ status: 'inactive' }) }));
    expect([inactive.outcome, inactive.insurance![0]!.inforce]).toEqual(['complete', false]);
  });

  it('is queued while the inquiry is being sent', () => {
    expect(eligibilityOutcome(check({ state: 'sending', outcome: null, snapshot: null, answeredAt: null, summary: [] }))).toBe('queued');
    const r = toFhirEligibilityResponse(check({ state: 'sending', outcome: null, snapshot: null, answeredAt: null, summary: [] }));
    expect(r).toMatchObject({ outcome: 'queued', created: '2031-03-10T13:00:00.000Z' });
    expect(r.disposition).toBeUndefined();
    expect(r.error).toBeUndefined();
  });
});
