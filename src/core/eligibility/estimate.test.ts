import { describe, expect, it } from 'vitest';
import type { BenefitsSnapshot, CostShareLine } from './benefits.ts';
import { estimateVisit } from './estimate.ts';

const line = (over: Partial<CostShareLine>): CostShareLine => ({ kind: 'copay', serviceType: '98', serviceTypeLabel: null, network: 'in_network', level: 'individual', basis: 'total', period: null, amountCents: null, percent: null, ...over });
const ppo: BenefitsSnapshot = {
  status: 'active', planName: 'PPO Gold', groupNumber: null, coverageStart: null, coverageEnd: null, referralRequired: false, priorAuthorizationRequired: false, messages: [], otherPayers: [], correctedFields: [], rejections: [],
  costShares: [
    line({ amountCents: 2500 }),
    line({ kind: 'deductible', serviceType: '30', basis: 'remaining', amountCents: 40000 }),
    line({ kind: 'coinsurance', serviceType: '30', percent: '20' }),
    line({ kind: 'out_of_pocket', serviceType: '30', basis: 'remaining', amountCents: 45000 }),
  ],
};

describe('patient estimate', () => {
  it('an office visit costs the co-pay, collected at check-in', () => {
    const e = estimateVisit([{ code: '99213', description: null, chargeCents: 15000 }], ppo);
    expect(e).toMatchObject({ chargeCents: 15000, patientCents: 2500, collectNowCents: 2500 });
    expect(e.sentences).toEqual(['Estimated patient share $25.00 of $150.00 in charges.', 'Collect $25.00 co-pay at check-in.']);
  });

  it('a procedure goes to the deductible left, then co-insurance, capped at the out-of-pocket left', () => {
    const e = estimateVisit([{ code: '99213', description: null, chargeCents: 15000 }, { code: '11102', description: null, chargeCents: 60000 }, { code: '88305', description: null, chargeCents: null }], ppo);
    // 400 to the deductible, 20% of 200 = 40; 440 total but the out-of-pocket left after the co-pay is 425.
    expect(e.lines.map((l) => [l.code, l.patientCents])).toEqual([['99213', 2500], ['11102', 42500]]);
    expect(e.lines[1]!.why).toBe('$400.00 to the deductible and 20% co-insurance of $200.00, capped at the out-of-pocket maximum left');
    expect(e).toMatchObject({ patientCents: 45000, collectNowCents: 2500, unpriced: ['88305'] });
    expect(e.sentences).toContain('No fee on file for 88305; not included.');
  });

  it('without active verified coverage the estimate is the full charge', () => {
    expect(estimateVisit([{ code: '99203', description: null, chargeCents: 21000 }], { ...ppo, status: 'inactive' })).toMatchObject({ patientCents: 21000, collectNowCents: 0 });
    expect(estimateVisit([{ code: '99203', description: null, chargeCents: 21000 }], null).sentences[0]).toBe('No active coverage is verified: the estimate is the full charge of $210.00.');
  });
});
