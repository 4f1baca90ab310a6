import type { LocalDate } from '../shared/index.ts';

// What a payer said about a coverage, in the product's terms: the 271 as the front desk and the
// estimate need it. The integration that reads X12 fills it; the raw 271 stays one click away.

export type Network = 'in_network' | 'out_of_network' | 'any' | 'unknown' | 'unspecified';
export type CostShareKind = 'copay' | 'coinsurance' | 'deductible' | 'out_of_pocket';

/** One amount or rate the patient pays, per service type and network. */
export interface CostShareLine {
  kind: CostShareKind;
  /** X12 service type code (30 plan coverage, 98 office visit, ...) and its label; null for the plan as a whole. */
  serviceType: string | null;
  serviceTypeLabel: string | null;
  network: Network;
  level: 'individual' | 'family' | 'other' | null;
  /** The plan's amount for the period, what is left, or what was met so far. */
  basis: 'total' | 'remaining' | 'met';
  /** calendar_year, service_year, visit, lifetime, ... (null when not said). */
  period: string | null;
  amountCents: number | null;
  /** Percentage points, exact ('20'). */
  percent: string | null;
}

/** The payer's rejection: code, meaning, and what to do next. */
export interface PayerRejection {
  code: string;
  meaning: string;
  nextStep: string;
  /** C/N/R/S/W/X/Y follow-up; R and N mean "resubmit after correcting", W "wait". */
  followUp: string | null;
}

export interface BenefitsSnapshot {
  status: 'active' | 'inactive' | 'unknown';
  planName: string | null;
  groupNumber: string | null;
  coverageStart: LocalDate | null;
  coverageEnd: LocalDate | null;
  costShares: CostShareLine[];
  referralRequired: boolean;
  priorAuthorizationRequired: boolean;
  messages: string[];
  /** Other payers the 271 names (coordination of benefits). */
  otherPayers: string[];
  /** Fields of our subscriber data the payer returns differently (names, birth date, member id). */
  correctedFields: string[];
  rejections: PayerRejection[];
}

/** The outcome of one check, from the snapshot: what the worklist and the banner act on. */
export type CheckOutcome = 'active' | 'inactive' | 'not_found' | 'mismatch' | 'needs_authorization' | 'could_not_check';

/** AAA codes that mean "no such member" and "the identifying data does not match". */
const NOT_FOUND = new Set(['75', '67', '72']);
const MISMATCH = new Set(['73', '71', '58', '64', '65', '66', '68']);

export const outcomeOf = (s: BenefitsSnapshot): CheckOutcome => {
  const codes = s.rejections.map((r) => r.code);
  if (codes.some((c) => NOT_FOUND.has(c))) return 'not_found';
  if (codes.some((c) => MISMATCH.has(c)) || s.correctedFields.length > 0) return 'mismatch';
  if (s.rejections.length > 0 && s.status === 'unknown') return 'could_not_check';
  if (s.status === 'inactive') return 'inactive';
  if (s.status !== 'active') return 'could_not_check';
  if (s.referralRequired || s.priorAuthorizationRequired) return 'needs_authorization';
  return 'active';
};

const money = (cents: number): string => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: cents % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const day = (d: LocalDate): string => `${MONTHS[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}, ${d.slice(0, 4)}`;

/** In-network individual lines first (what most visits pay), then anything that applies either way. */
const pick = (lines: CostShareLine[], kind: CostShareKind, basis: CostShareLine['basis'], serviceTypes: readonly (string | null)[]): CostShareLine | undefined => {
  const rank = (l: CostShareLine): number =>
    (l.network === 'in_network' ? 0 : l.network === 'any' || l.network === 'unspecified' ? 1 : 3) + (l.level === 'family' ? 1 : 0) + serviceTypes.indexOf(l.serviceType) * 4;
  return lines.filter((l) => l.kind === kind && l.basis === basis && serviceTypes.includes(l.serviceType)).sort((a, b) => rank(a) - rank(b))[0];
};

/** Office visit first, then plan coverage, then the plan as a whole. */
const VISIT_TYPES = ['98', 'A0', 'BY', '30', null] as const;

/**
 * The benefits in plain words, one sentence each, as a person would say them on the phone:
 * "Active since Jan 1, 2026 - PPO Gold." "Office visit co-pay $25." "Deductible $1,500, $400 left
 * this year." "Co-insurance 20% after deductible." "Referral required."
 */
export const plainWords = (s: BenefitsSnapshot): string[] => {
  const out: string[] = [];
  const plan = s.planName ? ` - ${s.planName}${s.groupNumber ? ` (group ${s.groupNumber})` : ''}` : '';
  if (s.status === 'active') out.push(`Active${s.coverageStart ? ` since ${day(s.coverageStart)}` : ''}${s.coverageEnd ? ` until ${day(s.coverageEnd)}` : ''}${plan}.`);
  else if (s.status === 'inactive') out.push(`Not active${s.coverageEnd ? ` since ${day(s.coverageEnd)}` : ''}${plan}.`);
  for (const r of s.rejections) out.push(`The payer could not answer: ${r.meaning}. ${r.nextStep}`);
  if (s.status !== 'active') return out;
  const lines = s.costShares.filter((l) => l.network !== 'out_of_network');
  const copay = pick(lines, 'copay', 'total', VISIT_TYPES);
  if (copay?.amountCents != null) out.push(`${copay.serviceType === '98' || copay.serviceType === null || copay.serviceType === '30' ? 'Office visit' : (copay.serviceTypeLabel ?? 'Visit')} co-pay ${money(copay.amountCents)}.`);
  for (const [kind, word] of [['deductible', 'Deductible'], ['out_of_pocket', 'Out-of-pocket maximum']] as const) {
    const total = pick(lines, kind, 'total', ['30', null, '98']);
    const left = pick(lines, kind, 'remaining', ['30', null, '98']);
    if (total?.amountCents != null) out.push(`${word} ${money(total.amountCents)}${left?.amountCents != null ? `, ${money(left.amountCents)} left this year` : ''}.`);
    else if (left?.amountCents != null) out.push(`${word}: ${money(left.amountCents)} left this year.`);
  }
  const coins = pick(lines, 'coinsurance', 'total', VISIT_TYPES);
  if (coins?.percent != null) out.push(`Co-insurance ${coins.percent}%${pick(lines, 'deductible', 'total', ['30', null, '98']) ? ' after deductible' : ''}.`);
  if (s.referralRequired) out.push('Referral required.');
  if (s.priorAuthorizationRequired) out.push('Prior authorisation required for some services.');
  if (s.otherPayers.length > 0) out.push(`Another payer may be primary: ${s.otherPayers.join(', ')}.`);
  if (s.correctedFields.length > 0) out.push(`The payer has different ${s.correctedFields.join(', ')} on file.`);
  return out;
};
