import type { BenefitsSnapshot, CostShareLine } from './benefits.ts';

/** One expected procedure of the visit with the practice's fee. */
export interface FeeLine {
  code: string;
  description: string | null;
  /** The practice's charge; null when the fee schedule has no price for the code. */
  chargeCents: number | null;
}

export interface EstimateLine {
  code: string;
  chargeCents: number;
  patientCents: number;
  /** How the patient's share was worked out, in a sentence. */
  why: string;
}

/** What the patient is expected to owe for a visit, and what to collect at check-in. */
export interface VisitEstimate {
  chargeCents: number;
  patientCents: number;
  /** What the front desk collects at check-in (the co-pays; the rest is billed after the claim). */
  collectNowCents: number;
  lines: EstimateLine[];
  sentences: string[];
  /** Codes the fee schedule has no price for (left out of the totals). */
  unpriced: string[];
}

const money = (cents: number): string => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const isVisit = (code: string): boolean => /^99[2-4]\d\d$/.test(code);

const inNetwork = (l: CostShareLine): boolean => l.network === 'in_network' || l.network === 'any' || l.network === 'unspecified';
const find = (s: BenefitsSnapshot, kind: CostShareLine['kind'], basis: CostShareLine['basis'], types: readonly (string | null)[]): CostShareLine | undefined =>
  s.costShares
    .filter((l) => l.kind === kind && l.basis === basis && inNetwork(l) && l.level !== 'family' && types.includes(l.serviceType))
    .sort((a, b) => types.indexOf(a.serviceType) - types.indexOf(b.serviceType))[0];

/**
 * A patient estimate from the visit's expected codes, the fee schedule and the benefits: office
 * visits with a co-pay cost the co-pay; other services go to the deductible left, then the
 * co-insurance, capped at the out-of-pocket left. Without verified active benefits the estimate
 * is the full charge. An estimate, not a promise: the sentences say what it assumed.
 */
export const estimateVisit = (fees: readonly FeeLine[], benefits: BenefitsSnapshot | null): VisitEstimate => {
  const priced = fees.filter((f): f is FeeLine & { chargeCents: number } => f.chargeCents !== null);
  const unpriced = fees.filter((f) => f.chargeCents === null).map((f) => f.code);
  const chargeCents = priced.reduce((a, f) => a + f.chargeCents, 0);
  const sentences: string[] = [];
  if (!benefits || benefits.status !== 'active') {
    const lines = priced.map((f) => ({ code: f.code, chargeCents: f.chargeCents, patientCents: f.chargeCents, why: 'no active coverage verified: the full charge' }));
    sentences.push(`No active coverage is verified: the estimate is the full charge of ${money(chargeCents)}.`);
    return { chargeCents, patientCents: chargeCents, collectNowCents: 0, lines, sentences, unpriced };
  }
  const copay = find(benefits, 'copay', 'total', ['98', 'BZ', 'BY', 'A0', '30', null]);
  const coins = find(benefits, 'coinsurance', 'total', ['98', '30', null]);
  let deductibleLeft = find(benefits, 'deductible', 'remaining', ['30', null, '98'])?.amountCents ?? 0;
  let oopLeft = find(benefits, 'out_of_pocket', 'remaining', ['30', null, '98'])?.amountCents ?? Number.POSITIVE_INFINITY;
  const rate = coins?.percent ? Number(coins.percent) / 100 : 0;
  const lines: EstimateLine[] = [];
  let collectNowCents = 0;
  for (const f of priced) {
    let owed: number;
    let why: string;
    if (isVisit(f.code) && copay?.amountCents != null) {
      owed = Math.min(copay.amountCents, f.chargeCents);
      collectNowCents += owed;
      why = `office visit co-pay ${money(copay.amountCents)}`;
    } else {
      const toDeductible = Math.min(deductibleLeft, f.chargeCents);
      deductibleLeft -= toDeductible;
      const coinsurance = Math.round((f.chargeCents - toDeductible) * rate);
      owed = toDeductible + coinsurance;
      why = [toDeductible > 0 ? `${money(toDeductible)} to the deductible` : '', coinsurance > 0 ? `${coins?.percent}% co-insurance of ${money(f.chargeCents - toDeductible)}` : ''].filter(Boolean).join(' and ') || 'covered in full';
    }
    if (owed > oopLeft) {
      owed = oopLeft;
      why += ', capped at the out-of-pocket maximum left';
    }
    oopLeft -= owed;
    lines.push({ code: f.code, chargeCents: f.chargeCents, patientCents: owed, why });
  }
  const patientCents = lines.reduce((a, l) => a + l.patientCents, 0);
  sentences.push(`Estimated patient share ${money(patientCents)} of ${money(chargeCents)} in charges.`);
  if (collectNowCents > 0) sentences.push(`Collect ${money(collectNowCents)} co-pay at check-in.`);
  if (patientCents > collectNowCents) sentences.push(`About ${money(patientCents - collectNowCents)} more will be billed after the insurer pays.`);
  if (unpriced.length > 0) sentences.push(`No fee on file for ${unpriced.join(', ')}; not included.`);
  return { chargeCents, patientCents, collectNowCents, lines, sentences, unpriced };
};
