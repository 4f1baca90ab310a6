import { describe, expect, it } from 'vitest';
import { outcomeOf, plainWords, type BenefitsSnapshot, type CostShareLine } from './benefits.ts';

const line = (over: Partial<CostShareLine>): CostShareLine => ({ kind: 'copay', serviceType: '98', serviceTypeLabel: 'Professional (physician) visit - office', network: 'in_network', level: 'individual', basis: 'total', period: null, amountCents: null, percent: null, ...over });
const snap = (over: Partial<BenefitsSnapshot> = {}): BenefitsSnapshot => ({
  status: 'active', planName: 'PPO Gold', groupNumber: null, coverageStart: '2026-01-01', coverageEnd: null, costShares: [], referralRequired: false, priorAuthorizationRequired: false,
  messages: [], otherPayers: [], correctedFields: [], rejections: [], ...over,
});

describe('benefits in plain words', () => {
  it('reads like a person wrote it: status, co-pay, deductible with what is left, co-insurance, referral', () => {
    const s = snap({
      referralRequired: true,
      costShares: [
        line({ amountCents: 2500 }),
        line({ amountCents: 5000, network: 'out_of_network' }),
        line({ kind: 'deductible', serviceType: '30', amountCents: 150000, period: 'calendar_year' }),
        line({ kind: 'deductible', serviceType: '30', amountCents: 40000, basis: 'remaining' }),
        line({ kind: 'deductible', serviceType: '30', amountCents: 300000, level: 'family' }),
        line({ kind: 'coinsurance', percent: '20' }),
      ],
    });
    expect(plainWords(s)).toEqual(['Active since Jan 1, 2026 - PPO Gold.', 'Office visit co-pay $25.', 'Deductible $1,500, $400 left this year.', 'Co-insurance 20% after deductible.', 'Referral required.']);
    expect(outcomeOf(s)).toBe('needs_authorization');
  });

  it.each([
    ['inactive', snap({ status: 'inactive', coverageEnd: '2026-06-30' }), 'inactive', 'Not active since Jun 30, 2026 - PPO Gold.'],
    ['member not found', snap({ status: 'unknown', rejections: [{ code: '75', meaning: 'Subscriber/insured not found', nextStep: 'Check the member id on the card.', followUp: 'C' }] }), 'not_found', 'The payer could not answer: Subscriber/insured not found. Check the member id on the card.'],
    ['name mismatch', snap({ correctedFields: ['first name'] }), 'mismatch', 'The payer has different first name on file.'],
    ['payer down', snap({ status: 'unknown', rejections: [{ code: '42', meaning: 'Unable to respond at current time', nextStep: 'Try again later.', followUp: 'R' }] }), 'could_not_check', 'The payer could not answer: Unable to respond at current time. Try again later.'],
    ['plain active', snap({ costShares: [line({ kind: 'out_of_pocket', serviceType: null, amountCents: 500000 }), line({ kind: 'out_of_pocket', serviceType: null, basis: 'remaining', amountCents: 123456 })] }), 'active', 'Out-of-pocket maximum $5,000, $1,234.56 left this year.'],
  ] as const)('%s', (_name, s, outcome, sentence) => {
    expect(outcomeOf(s)).toBe(outcome);
    expect(plainWords(s)).toContain(sentence);
  });
});
