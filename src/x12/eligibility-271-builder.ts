import { invalid, isLocalDate, type FieldIssue, type LocalDate } from '../core/shared/index.ts';
import type { ControlNumberSource } from './control-numbers.ts';
import { X279A1 } from './eligibility-270.ts';
import { buildInterchange, type BuiltInterchange, type InterchangeParties } from './envelope-builder.ts';
import { seg, type ElementValue, type OutSegment } from './serializer.ts';
import { GENERIC_SERVICE_TYPE } from './service-types.ts';

/** The subscriber or dependent as the payer has them on file (loop 2100C or 2100D). */
export interface Member271 {
  lastName: string;
  firstName?: string;
  middleName?: string;
  suffix?: string;
  /** NM109 with NM108 MI. */
  memberId?: string;
  birthDate?: LocalDate;
  gender?: 'M' | 'F' | 'U';
  address?: { line1: string; line2?: string; city: string; state?: string; postalCode?: string };
  /** INS03 001 with INS04 25: the payer says it changed identifying data; the values here are its own. */
  identityChanged?: boolean;
  /** INS02 relationship to the subscriber; a dependent defaults to 19 (child). */
  relationship?: string;
}

/** EB06 time periods by name (element 615). */
export const BENEFIT_PERIODS = { service_year: '22', calendar_year: '23', year_to_date: '24', visit: '27', remaining: '29', lifetime: '32', lifetime_remaining: '33' } as const;
export type BenefitPeriod = keyof typeof BENEFIT_PERIODS;

/** An AAA segment: AAA03 reject reason, AAA04 follow-up action, AAA01 Y (valid request, default) or N. */
export interface Rejection271 {
  code: string;
  followUp?: string;
  validRequest?: boolean;
}

/** What any EB loop may carry besides its EB segment. */
interface BenefitExtras {
  /** EB11 Y or N; absent leaves EB11 empty. */
  authorizationRequired?: boolean;
  /** Adds MSG `REFERRAL REQUIRED` (payers say it in words; the 271 reader recognises it). */
  referralRequired?: boolean;
  messages?: string[];
  /** AAA in the 2110 loop (e.g. AE: requires primary care physician authorisation). */
  rejections?: Rejection271[];
}

/** One co-pay, co-insurance, deductible or out-of-pocket benefit (EB01 B, A, C or G). */
export interface CostShare271 extends BenefitExtras {
  kind: 'copay' | 'coinsurance' | 'deductible' | 'out_of_pocket';
  /** EB03; 30 (health benefit plan coverage) when absent. */
  serviceTypes?: string[];
  /** EB02: IND, FAM, ... */
  coverageLevel?: string;
  /** EB12: Y, N, W or U; absent leaves EB12 empty. */
  network?: 'in_network' | 'out_of_network' | 'any' | 'unknown';
  period?: BenefitPeriod;
  /** EB07 in integer cents. */
  amountCents?: number;
  /** EB08 in percentage points (20 is written .2). */
  percent?: number;
  /** EB04, e.g. PR (PPO), HM (HMO). */
  insuranceType?: string;
  /** EB05. */
  planDescription?: string;
}

/** The coverage status benefit (EB01 1-8) with the plan's name, group and dates. */
export interface Coverage271 extends BenefitExtras {
  status: 'active' | 'inactive';
  /** EB01; 1 (active) or 6 (inactive) by default. */
  code?: '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8';
  coverageLevel?: string;
  serviceTypes?: string[];
  insuranceType?: string;
  /** EB05 plan coverage description. */
  planName?: string;
  /** REF 6P with REF03 the group name. */
  groupNumber?: string;
  groupName?: string;
  /** REF 18 plan number. */
  planNumber?: string;
  /** DTP 346, 347, 356 and 357 in the patient's 2100 loop. */
  planBegin?: LocalDate;
  planEnd?: LocalDate;
  eligibilityBegin?: LocalDate;
  eligibilityEnd?: LocalDate;
}

/** A 271 answer about one patient, or a rejection at some level (AAA). */
export interface Eligibility271Input {
  payer: { name: string; id: string };
  /** The information receiver; an NPI (NM108 XX) is written when given. */
  provider: { npi?: string; organizationName?: string; lastName?: string; firstName?: string };
  subscriber: Member271;
  dependent?: Member271;
  /** The inquiry's TRN, echoed as TRN*2 so the asker can match the answer. */
  inquiryTrace?: { number: string; originatorId?: string; secondaryReference?: string };
  /** The payer's own trace, TRN*1. */
  payerTrace?: { number: string; originatorId: string };
  /** BHT03: the inquiry's BHT03 echoed. */
  referenceId?: string;
  /** Written as UTC into BHT04/05 and the envelope. */
  createdAt: Date;
  coverage?: Coverage271;
  benefits?: CostShare271[];
  /** EB L with the 2120 primary care provider (NM1 P3). */
  primaryCareProvider?: { lastName: string; firstName?: string; npi?: string };
  /**
   * AAA at a level. An information source or receiver rejection ends the answer there; a
   * subscriber or dependent rejection leaves that member without benefits.
   */
  rejections?: ({ level: 'information_source' | 'information_receiver' | 'subscriber' | 'dependent' } & Rejection271)[];
  envelope: InterchangeParties;
}

const EB01: Record<CostShare271['kind'], string> = { coinsurance: 'A', copay: 'B', deductible: 'C', out_of_pocket: 'G' };
const EB12: Record<NonNullable<CostShare271['network']>, string> = { in_network: 'Y', out_of_network: 'N', any: 'W', unknown: 'U' };
const ccyymmdd = (d: string): string => d.replaceAll('-', '');
const yn = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : b ? 'Y' : 'N');
const repeated = (codes: readonly string[] | undefined): ElementValue => ({ repeats: codes?.length ? codes : [GENERIC_SERVICE_TYPE] });

/** Integer cents as an X12 decimal: 150000 is `1500`, 40050 is `400.50`. */
export const centsToDecimal = (cents: number): string => {
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const frac = abs % 100;
  return `${cents < 0 ? '-' : ''}${whole}${frac ? `.${String(frac).padStart(2, '0')}` : ''}`;
};

/** Percentage points as the fraction EB08 carries, without floating point: 20 is `.2`, 12.5 is `.125`. */
export const percentToFraction = (percent: number): string => {
  const [whole = '0', frac = ''] = String(percent).split('.');
  const digits = `${whole.padStart(3, '0')}${frac}`;
  const out = `${digits.slice(0, -2 - frac.length).replace(/^0+/, '')}.${digits.slice(-2 - frac.length)}`.replace(/\.?0+$/, '');
  return out === '' ? '0' : out;
};

/** Field problems of the input: amounts, percentages, dates and the provider NPI. */
const issuesOf = (input: Eligibility271Input): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  if (input.provider.npi !== undefined && !/^\d{10}$/.test(input.provider.npi)) issues.push({ path: 'provider.npi', message: 'must be 10 digits' });
  if (input.provider.organizationName === undefined && input.provider.lastName === undefined) issues.push({ path: 'provider.organizationName', message: 'needs an organization name or a last name' });
  input.benefits?.forEach((b, i) => {
    if (b.amountCents !== undefined && !Number.isSafeInteger(b.amountCents)) issues.push({ path: `benefits.${i}.amountCents`, message: 'must be whole cents' });
    if (b.percent !== undefined && !/^\d{1,3}(\.\d{1,6})?$/.test(String(b.percent))) issues.push({ path: `benefits.${i}.percent`, message: 'must be percentage points from 0 to 999' });
  });
  const dates: [string, string | undefined][] = [
    ['subscriber.birthDate', input.subscriber.birthDate], ['dependent.birthDate', input.dependent?.birthDate],
    ['coverage.planBegin', input.coverage?.planBegin], ['coverage.planEnd', input.coverage?.planEnd],
    ['coverage.eligibilityBegin', input.coverage?.eligibilityBegin], ['coverage.eligibilityEnd', input.coverage?.eligibilityEnd],
  ];
  for (const [path, d] of dates) if (d !== undefined && !isLocalDate(d)) issues.push({ path, message: 'must be a date YYYY-MM-DD' });
  return issues;
};

const aaa = (r: Rejection271): OutSegment => seg('AAA', r.validRequest === false ? 'N' : 'Y', '', r.code, r.followUp);

/** AAA, then MSG: the order 005010X279A1 gives them in a 2110 loop. */
const extras = (b: BenefitExtras): OutSegment[] => [
  ...(b.rejections ?? []).map(aaa),
  ...(b.messages ?? []).map((m) => seg('MSG', m)),
  ...(b.referralRequired ? [seg('MSG', 'REFERRAL REQUIRED')] : []),
];

/** The coverage status loop: EB 1-8 with the plan name (EB05). */
const coverageLoop = (c: Coverage271): OutSegment[] => [
  seg('EB', c.code ?? (c.status === 'active' ? '1' : '6'), c.coverageLevel, repeated(c.serviceTypes), c.insuranceType, c.planName, '', '', '', '', '', yn(c.authorizationRequired)),
  ...extras(c),
];

/** One cost-share loop: EB A/B/C/G with amount (EB07) or percent (EB08), period and network. */
const costShareLoop = (b: CostShare271): OutSegment[] => [
  seg(
    'EB', EB01[b.kind], b.coverageLevel, repeated(b.serviceTypes), b.insuranceType, b.planDescription,
    b.period && BENEFIT_PERIODS[b.period],
    b.amountCents === undefined ? undefined : centsToDecimal(b.amountCents),
    b.percent === undefined ? undefined : percentToFraction(b.percent),
    '', '', yn(b.authorizationRequired), b.network && EB12[b.network],
  ),
  ...extras(b),
];

/** EB L with its 2120 primary care provider between LS and LE. */
const pcpLoop = (p: NonNullable<Eligibility271Input['primaryCareProvider']>): OutSegment[] => [
  seg('EB', 'L'),
  seg('LS', '2120'),
  seg('NM1', 'P3', '1', p.lastName, p.firstName, '', '', '', p.npi ? 'XX' : undefined, p.npi),
  seg('LE', '2120'),
];

/** A member's 2100 loop: NM1, REF, N3/N4, AAA, DMG, INS, DTP in 005010X279A1 order. */
const memberLoop = (m: Member271, entity: 'IL' | '03', refs: OutSegment[], rejections: Rejection271[], dates: OutSegment[]): OutSegment[] => {
  const ins = entity === 'IL' ? (m.identityChanged ? seg('INS', 'Y', m.relationship ?? '18', '001', '25') : undefined) : seg('INS', 'N', m.relationship ?? '19', ...(m.identityChanged ? ['001', '25'] : []));
  return [
    seg('NM1', entity, '1', m.lastName, m.firstName, m.middleName, '', m.suffix, m.memberId ? 'MI' : undefined, m.memberId),
    ...refs,
    ...(m.address ? [seg('N3', m.address.line1, m.address.line2), seg('N4', m.address.city, m.address.state, m.address.postalCode)] : []),
    ...rejections.map(aaa),
    ...(m.birthDate || m.gender ? [seg('DMG', m.birthDate ? 'D8' : undefined, m.birthDate && ccyymmdd(m.birthDate), m.gender)] : []),
    ...(ins ? [ins] : []),
    ...dates,
  ];
};

/** REF 6P (group) and 18 (plan number) of the coverage. */
const coverageRefs = (c: Coverage271 | undefined): OutSegment[] => [
  ...(c?.groupNumber ? [seg('REF', '6P', c.groupNumber, c.groupName)] : []),
  ...(c?.planNumber ? [seg('REF', '18', c.planNumber)] : []),
];

/** DTP 346/347/356/357 of the coverage. */
const coverageDates = (c: Coverage271 | undefined): OutSegment[] =>
  (
    [
      ['346', c?.planBegin], ['347', c?.planEnd], ['356', c?.eligibilityBegin], ['357', c?.eligibilityEnd],
    ] as const
  ).flatMap(([q, d]) => (d ? [seg('DTP', q, 'D8', ccyymmdd(d))] : []));

/** The traces of the patient's 2000 level: the inquiry's echoed (TRN*2), then the payer's (TRN*1). */
const traces = (r: Eligibility271Input): OutSegment[] => [
  ...(r.inquiryTrace ? [seg('TRN', '2', r.inquiryTrace.number, r.inquiryTrace.originatorId, r.inquiryTrace.secondaryReference)] : []),
  ...(r.payerTrace ? [seg('TRN', '1', r.payerTrace.number, r.payerTrace.originatorId)] : []),
];

/** The patient's benefit loops (2110C or 2110D). */
const benefitLoops = (r: Eligibility271Input): OutSegment[] => [
  ...(r.coverage ? coverageLoop(r.coverage) : []),
  ...(r.benefits ?? []).flatMap(costShareLoop),
  ...(r.primaryCareProvider ? pcpLoop(r.primaryCareProvider) : []),
];

/**
 * The segments of one 271 between ST and SE (005010X279A1): BHT, the payer (2000A/2100A), the
 * provider (2000B/2100B), the subscriber (2000C/2100C/2110C) and, for a dependent, 2000D/2100D/2110D.
 * Throws DomainError `invalid` naming the fields, or X12Error when a value holds a delimiter.
 */
export const eligibility271Body = (r: Eligibility271Input): OutSegment[] => {
  const issues = issuesOf(r);
  if (issues.length) throw invalid('The eligibility response is incomplete or invalid', issues);
  const at = (level: string) => (r.rejections ?? []).filter((x) => x.level === level);
  const iso = r.createdAt.toISOString();
  const head = [seg('BHT', '0022', '11', r.referenceId, ccyymmdd(iso.slice(0, 10)), iso.slice(11, 13) + iso.slice(14, 16))];
  const source = at('information_source');
  const receiver = at('information_receiver');
  const out: OutSegment[] = [...head, seg('HL', '1', '', '20', source.length ? '0' : '1'), ...source.map(aaa), seg('NM1', 'PR', '2', r.payer.name, '', '', '', '', 'PI', r.payer.id)];
  if (source.length) return out;
  const p = r.provider;
  out.push(
    seg('HL', '2', '1', '21', receiver.length ? '0' : '1'),
    p.organizationName !== undefined ? seg('NM1', '1P', '2', p.organizationName, '', '', '', '', p.npi && 'XX', p.npi) : seg('NM1', '1P', '1', p.lastName, p.firstName, '', '', '', p.npi && 'XX', p.npi),
    ...receiver.map(aaa),
  );
  if (receiver.length) return out;
  const subscriberRejected = at('subscriber').length > 0;
  const dep = subscriberRejected ? undefined : r.dependent;
  out.push(seg('HL', '3', '2', '22', dep ? '1' : '0'), ...(dep ? [] : traces(r)));
  if (!dep) {
    out.push(...memberLoop(r.subscriber, 'IL', coverageRefs(r.coverage), at('subscriber'), coverageDates(r.coverage)));
    return subscriberRejected ? out : [...out, ...benefitLoops(r)];
  }
  out.push(...memberLoop(r.subscriber, 'IL', coverageRefs(r.coverage), [], []), seg('HL', '4', '3', '23', '0'), ...traces(r));
  out.push(...memberLoop(dep, '03', [], at('dependent'), coverageDates(r.coverage)));
  return at('dependent').length ? out : [...out, ...benefitLoops(r)];
};

/** Writes a complete 271 interchange (GS01 HB), control numbers from `numbers`. */
export const build271 = async (input: Eligibility271Input, numbers: ControlNumberSource, opts: { lineBreak?: '' | '\n' | '\r\n' } = {}): Promise<BuiltInterchange> =>
  buildInterchange(
    { parties: input.envelope, createdAt: input.createdAt, groups: [{ functionalId: 'HB', version: X279A1, transactions: [{ id: '271', implementationRef: X279A1, body: eligibility271Body(input) }] }] },
    numbers,
    opts,
  );
