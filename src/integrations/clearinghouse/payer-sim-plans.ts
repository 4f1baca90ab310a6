import { z } from 'zod';
import { invalid, isLocalDate } from '../../core/shared/index.ts';
import type { CostShare271, Coverage271, Eligibility271Input, Member271 } from '../../x12/index.ts';
import type { InquiryPerson } from './inquiry-270-reader.ts';

/** The answers the payer simulator knows. */
export const PLAN_KINDS = ['ppo', 'hmo', 'inactive', 'not_found', 'name_mismatch', 'invalid_name', 'unavailable', 'timeout'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** Member id prefixes (any case) that pick a plan; an id matching none is not found. */
export const MEMBER_ID_PREFIXES: readonly { prefix: string; plan: PlanKind; meaning: string }[] = [
  { prefix: 'PPO', plan: 'ppo', meaning: 'active PPO, deductible partly met ($1,500, $400 left), 20% co-insurance, $25 office co-pay' },
  { prefix: 'HMO', plan: 'hmo', meaning: 'active HMO, referral required for specialist visits, primary care provider named' },
  { prefix: 'INA', plan: 'inactive', meaning: 'inactive: coverage ended on December 31 of last year' },
  { prefix: 'NF', plan: 'not_found', meaning: 'subscriber not found (AAA 75)' },
  { prefix: 'MM', plan: 'name_mismatch', meaning: 'active PPO, but the payer has another first name on file (INS 001/25)' },
  { prefix: 'BN', plan: 'invalid_name', meaning: 'invalid or missing subscriber name (AAA 73)' },
  { prefix: 'UA', plan: 'unavailable', meaning: 'payer unable to respond now (AAA 42)' },
  { prefix: 'TO', plan: 'timeout', meaning: 'payer time-out: answers after the delay, or never' },
];

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).regex(/^[A-Za-z0-9 .,'&/()-]*$/, 'must use letters, digits, spaces and . , \' & / ( ) -');
const cents = z.number().int('must be whole cents').min(0, 'must not be negative').max(100_000_000, 'must be at most 100000000');
const localDate = z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');

/** A custom member of the plans file: a plan kind and what to change in its answer. */
const MemberSchema = z
  .strictObject({
    memberId: z.string().trim().regex(/^[A-Za-z0-9-]{2,80}$/, 'must be 2-80 letters, digits or hyphens'),
    plan: z.enum(PLAN_KINDS, { error: `must be one of ${PLAN_KINDS.join(', ')}` }),
    planName: text(60).optional(),
    groupNumber: z.string().trim().regex(/^[A-Za-z0-9-]{1,50}$/, 'must be 1-50 letters, digits or hyphens').optional(),
    groupName: text(60).optional(),
    deductibleCents: cents.optional(),
    deductibleRemainingCents: cents.optional(),
    outOfPocketCents: cents.optional(),
    outOfPocketRemainingCents: cents.optional(),
    officeCopayCents: cents.optional(),
    specialistCopayCents: cents.optional(),
    coinsurancePercent: z.number().int('must be whole percent').min(0, 'must be 0-100').max(100, 'must be 0-100').optional(),
    planBegin: localDate.optional(),
    planEnd: localDate.optional(),
    /** name_mismatch: the name the payer has on file. */
    nameOnFile: z.strictObject({ lastName: text(60), firstName: text(35).optional() }).optional(),
  })
  .superRefine((m, ctx) => {
    const over = (rest: number | undefined, total: number | undefined, path: string) => rest !== undefined && total !== undefined && rest > total && ctx.addIssue({ code: 'custom', path: [path], message: 'must not exceed the total' });
    over(m.deductibleRemainingCents, m.deductibleCents, 'deductibleRemainingCents');
    over(m.outOfPocketRemainingCents, m.outOfPocketCents, 'outOfPocketRemainingCents');
  });

/** The `--plans FILE` JSON: custom members, each with a plan kind and overrides. */
export const PlansFileSchema = z.strictObject({ members: z.array(MemberSchema).max(100_000, 'must list at most 100000 members') }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.members.forEach((m, i) => {
    const key = m.memberId.toUpperCase();
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['members', i, 'memberId'], message: 'is listed twice' });
    seen.add(key);
  });
});

export type MemberPlan = z.output<typeof MemberSchema>;
export type PlansFile = z.output<typeof PlansFileSchema>;

/** Validates a plans file; a DomainError `invalid` names each bad field (`members.2.plan`), never its value. */
export const parsePlansFile = (json: unknown): PlansFile => {
  const r = PlansFileSchema.safeParse(json);
  if (!r.success) throw invalid('The payer simulator plans file is invalid', r.error.issues.map((i) => ({ path: i.path.join('.') || '(file)', message: i.message })));
  return r.data;
};

/** The plan for a member id: a custom member first, then the id's prefix; unknown ids are not found. */
export const planFor = (memberId: string | undefined, custom: ReadonlyMap<string, MemberPlan>): Omit<MemberPlan, 'memberId'> => {
  const id = (memberId ?? '').toUpperCase();
  const own = custom.get(id);
  if (own) return own;
  return { plan: MEMBER_ID_PREFIXES.find((p) => id.startsWith(p.prefix))?.plan ?? 'not_found' };
};

const PCP = { lastName: 'WELBY', firstName: 'MARCUS', npi: '1234567893' };

/** PPO cost shares: deductible (individual, family, out of network), out-of-pocket, co-insurance and co-pays. */
const ppoBenefits = (m: Omit<MemberPlan, 'memberId'>): CostShare271[] => {
  const ded = m.deductibleCents ?? 150_000;
  const oop = m.outOfPocketCents ?? 600_000;
  const pct = m.coinsurancePercent ?? 20;
  return [
    { kind: 'deductible', coverageLevel: 'IND', period: 'calendar_year', amountCents: ded, network: 'in_network' },
    { kind: 'deductible', coverageLevel: 'IND', period: 'remaining', amountCents: m.deductibleRemainingCents ?? Math.min(40_000, ded), network: 'in_network' },
    { kind: 'deductible', coverageLevel: 'FAM', period: 'calendar_year', amountCents: ded * 2, network: 'in_network' },
    { kind: 'deductible', coverageLevel: 'IND', period: 'calendar_year', amountCents: ded * 2, network: 'out_of_network' },
    { kind: 'out_of_pocket', coverageLevel: 'IND', period: 'calendar_year', amountCents: oop, network: 'in_network' },
    { kind: 'out_of_pocket', coverageLevel: 'IND', period: 'remaining', amountCents: m.outOfPocketRemainingCents ?? Math.min(476_655, oop), network: 'in_network' },
    { kind: 'coinsurance', coverageLevel: 'IND', period: 'visit', percent: pct, network: 'in_network', messages: ['COINSURANCE APPLIES AFTER DEDUCTIBLE'] },
    { kind: 'coinsurance', coverageLevel: 'IND', period: 'visit', percent: Math.min(100, pct * 2), network: 'out_of_network' },
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['98'], period: 'visit', amountCents: m.officeCopayCents ?? 2_500, network: 'in_network' },
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['UC'], period: 'visit', amountCents: 7_500, network: 'in_network' },
    { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['86'], period: 'visit', amountCents: 25_000, network: 'any' },
  ];
};

/** HMO cost shares: office and specialist co-pays (specialists need a referral), out-of-pocket. */
const hmoBenefits = (m: Omit<MemberPlan, 'memberId'>): CostShare271[] => [
  { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['98'], period: 'visit', amountCents: m.officeCopayCents ?? 2_000, network: 'in_network' },
  { kind: 'copay', coverageLevel: 'IND', serviceTypes: ['3'], period: 'visit', amountCents: m.specialistCopayCents ?? 4_000, network: 'in_network', referralRequired: true, messages: ['SPECIALIST VISITS NEED A REFERRAL FROM THE PRIMARY CARE PROVIDER'] },
  { kind: 'deductible', coverageLevel: 'IND', period: 'calendar_year', amountCents: m.deductibleCents ?? 0, network: 'in_network' },
  { kind: 'out_of_pocket', coverageLevel: 'IND', period: 'calendar_year', amountCents: m.outOfPocketCents ?? 400_000, network: 'in_network' },
  { kind: 'out_of_pocket', coverageLevel: 'IND', period: 'remaining', amountCents: m.outOfPocketRemainingCents ?? Math.min(352_000, m.outOfPocketCents ?? 400_000), network: 'in_network' },
];

const coverageOf = (m: Omit<MemberPlan, 'memberId'>, year: number, dflt: { planName: string; insuranceType: string; groupNumber: string; active: boolean }): Coverage271 => ({
  status: dflt.active ? 'active' : 'inactive',
  coverageLevel: 'IND',
  insuranceType: dflt.insuranceType,
  planName: m.planName ?? dflt.planName,
  groupNumber: m.groupNumber ?? dflt.groupNumber,
  groupName: m.groupName ?? 'MAPLE VALLEY EMPLOYERS',
  planBegin: m.planBegin ?? `${dflt.active ? year : year - 1}-01-01`,
  ...(dflt.active ? (m.planEnd ? { planEnd: m.planEnd } : {}) : { planEnd: m.planEnd ?? `${year - 1}-12-31`, messages: ['COVERAGE TERMINATED'] }),
});

/** The payer's spelling of the subscriber for name_mismatch: the configured name, else the first initial. */
const nameOnFile = (m: Omit<MemberPlan, 'memberId'>, sent: Member271): Member271 => ({
  ...sent,
  lastName: m.nameOnFile?.lastName ?? sent.lastName,
  firstName: m.nameOnFile ? m.nameOnFile.firstName : sent.firstName ? `${sent.firstName.slice(0, 1)}.` : 'J.',
  identityChanged: true,
});

/**
 * What the plan answers about the patient `sent` (as the 270 named them): the patient as the
 * payer returns them, coverage, benefits and rejections. `year` dates the plan (its begin).
 */
export const planAnswer = (m: Omit<MemberPlan, 'memberId'>, sent: Member271, year: number): Pick<Eligibility271Input, 'coverage' | 'benefits' | 'primaryCareProvider' | 'rejections'> & { patient: Member271 } => {
  const ppo = { planName: 'PPO GOLD 1500', insuranceType: 'PR', groupNumber: 'GRP-1001', active: true };
  switch (m.plan) {
    case 'ppo':
    case 'timeout':
      return { patient: sent, coverage: coverageOf(m, year, ppo), benefits: ppoBenefits(m) };
    case 'name_mismatch':
      return { patient: nameOnFile(m, sent), coverage: coverageOf(m, year, ppo), benefits: ppoBenefits(m) };
    case 'hmo':
      return { patient: sent, coverage: coverageOf(m, year, { planName: 'HMO SILVER', insuranceType: 'HM', groupNumber: 'GRP-2002', active: true }), benefits: hmoBenefits(m), primaryCareProvider: PCP };
    case 'inactive':
      return { patient: sent, coverage: coverageOf(m, year, { planName: 'PPO BRONZE', insuranceType: 'PR', groupNumber: 'GRP-3003', active: false }) };
    case 'not_found':
      return { patient: sent, rejections: [{ level: 'subscriber', code: '75', followUp: 'C' }] };
    case 'invalid_name':
      return { patient: sent, rejections: [{ level: 'subscriber', code: '73', followUp: 'C', validRequest: false }] };
    case 'unavailable':
      return { patient: sent, rejections: [{ level: 'information_source', code: '42', followUp: 'R' }] };
  }
};

/** A person of the 270 in the 271's terms (the last name is written even when the 270 left it out). */
export const asMember = (p: InquiryPerson): Member271 => {
  const m: Member271 = { lastName: p.lastName ?? '' };
  for (const k of ['firstName', 'middleName', 'suffix', 'memberId', 'birthDate', 'gender'] as const) if (p[k] !== undefined) Object.assign(m, { [k]: p[k] });
  return m;
};
