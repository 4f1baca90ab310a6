import type { Eligibility270Input } from './eligibility-270.ts';
import { ACTIVE_CODES, INACTIVE_CODES, type Coded } from './eligibility-codes.ts';
import { defined } from './eligibility-271-parts.ts';
import type { AuthorizationNote, Benefit, CostShare, CostShareKind, Coverage, DateInfo, DemographicCorrection, EligibilityResult, Member, OtherPayer, Party, Rejection } from './eligibility-271-types.ts';

const COST_SHARE: Record<string, CostShareKind> = { A: 'coinsurance', B: 'copay', C: 'deductible', G: 'out_of_pocket' };
const isStatus = (b: Benefit): boolean => ACTIVE_CODES.includes(b.code.code) || INACTIVE_CODES.includes(b.code.code);
const uniqueCodes = (xs: Coded[]): Coded[] => [...new Map(xs.map((x) => [x.code, x])).values()];

/** Coverage dates: the member's 2100 DTPs first, then the status benefits' 2110 DTPs, then the subscriber's. */
const coverageDates = (dates: DateInfo[]): Pick<Coverage, 'planBegin' | 'planEnd' | 'eligibilityBegin' | 'eligibilityEnd'> => {
  const find = (q: string): DateInfo | undefined => dates.find((d) => d.code === q);
  // 346/347 plan begin/end and 356/357 eligibility begin/end; 291 plan and 307 eligibility as ranges.
  return defined({
    planBegin: find('346')?.from ?? find('291')?.from,
    planEnd: find('347')?.from ?? find('291')?.to,
    eligibilityBegin: find('356')?.from ?? find('307')?.from,
    eligibilityEnd: find('357')?.from ?? find('307')?.to,
  });
};

/** Active when any EB01 is 1-5, inactive when none is and some is 6-8; plan, group and dates. */
export const coverageOf = (patient: Member | undefined, subscriber: Member | undefined, benefits: Benefit[]): Coverage => {
  const status = benefits.filter(isStatus);
  const refs = [...(patient?.references ?? []), ...(patient === subscriber ? [] : (subscriber?.references ?? []))];
  const ref = (q: string) => refs.find((r) => r.code === q);
  const group = ref('6P') ?? ref('1L');
  const dates = patient?.dates ?? [];
  return defined<Coverage>({
    status: status.some((b) => ACTIVE_CODES.includes(b.code.code)) ? 'active' : status.length ? 'inactive' : 'unknown',
    statusCodes: uniqueCodes(status.map((b) => b.code)),
    planName: status.find((b) => b.planDescription)?.planDescription ?? ref('18')?.description ?? benefits.find((b) => b.planDescription)?.planDescription,
    insuranceType: status.find((b) => b.insuranceType)?.insuranceType ?? benefits.find((b) => b.insuranceType)?.insuranceType,
    planNumber: ref('18')?.value,
    groupNumber: group?.value,
    groupName: group?.description,
    ...coverageDates([...dates, ...status.flatMap((b) => b.dates), ...(patient === subscriber ? [] : (subscriber?.dates ?? []))]),
    dates,
  });
};

/** EB06 29/33 leave what remains; 24 (year to date) what was met; anything else is the plan's amount. */
const basisOf = (b: Benefit): CostShare['basis'] => {
  const p = b.timePeriod?.code;
  return p === '29' || p === '33' ? 'remaining' : p === '24' ? 'met' : 'total';
};

/** Co-pays, co-insurance, deductibles and out-of-pocket amounts, one per service type. */
export const costSharesOf = (benefits: Benefit[]): CostShare[] =>
  benefits.flatMap((b) => {
    const kind = COST_SHARE[b.code.code];
    if (!kind) return [];
    const share = (serviceType: Coded | undefined): CostShare =>
      defined<CostShare>({
        position: b.position, kind, serviceType, network: b.network, coverageLevel: b.coverageLevel, timePeriod: b.timePeriod, basis: basisOf(b),
        amount: b.amount, amountCents: b.amountCents, percent: b.percent, authorization: b.authorization, insuranceType: b.insuranceType, planDescription: b.planDescription, messages: b.messages,
      });
    return b.serviceTypes.length ? b.serviceTypes.map(share) : [share(undefined)];
  });

const PRIOR_AUTH = /\b(prior auth|pre-?auth|pre-?cert|authori[sz]ation (is )?required|requires? authori[sz]ation)/i;
const REFERRAL = /\breferrals? (is |are )?(required|needed)|requires? (a )?referral/i;
const NEGATED = /\b(not|no)\b[^.]*\b(required|needed)|\bno (prior )?(auth|referral)/i;

/** Prior authorisation and referral notes from EB11, MSG texts and AAA AE/MA. */
export const authorizationsOf = (benefits: Benefit[], rejections: Rejection[]): EligibilityResult['authorizations'] => {
  const notes: AuthorizationNote[] = [];
  for (const b of benefits) {
    const at = { serviceTypes: b.serviceTypes, network: b.network, position: b.position };
    if (b.authorization === 'required') notes.push({ kind: 'prior_authorization', source: 'EB11', ...at });
    for (const m of b.messages) {
      if (NEGATED.test(m)) continue;
      if (PRIOR_AUTH.test(m)) notes.push({ kind: 'prior_authorization', source: 'MSG', ...at });
      if (REFERRAL.test(m)) notes.push({ kind: 'referral', source: 'MSG', ...at });
    }
  }
  for (const r of rejections) {
    // AAA03 AE: requires primary care physician authorisation; MA: missing authorisation.
    if (r.reason.code === 'AE') notes.push({ kind: 'referral', source: 'AAA', serviceTypes: [], network: 'unspecified', position: r.position });
    if (r.reason.code === 'MA') notes.push({ kind: 'prior_authorization', source: 'AAA', serviceTypes: [], network: 'unspecified', position: r.position });
  }
  return { priorAuthorizationRequired: notes.some((n) => n.kind === 'prior_authorization'), referralRequired: notes.some((n) => n.kind === 'referral'), notes };
};

/** EB01 R benefits: another payer to coordinate benefits with, named in loop 2120. */
export const otherPayersOf = (benefits: Benefit[]): OtherPayer[] =>
  benefits
    .filter((b) => b.code.code === 'R')
    .map((b) =>
      defined<OtherPayer>({
        position: b.position, serviceTypes: b.serviceTypes, insuranceType: b.insuranceType, coverageLevel: b.coverageLevel, planDescription: b.planDescription,
        payers: b.relatedEntities, references: b.references, dates: b.dates, messages: b.messages,
      }),
    );

/** 2120 entities with NM101 P3 (primary care provider), once each. */
export const primaryCareProvidersOf = (benefits: Benefit[]): Party[] => {
  const seen = new Set<string>();
  return benefits.flatMap((b) => b.relatedEntities.filter((p) => p.entity.code === 'P3')).filter((p) => {
    const key = JSON.stringify([p.id, p.name, p.firstName]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
};

const same = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * What the payer corrected: INS03/04 say so, or (given the inquiry) a returned identifying field
 * differs from what was sent. Fields either side left empty are not differences.
 */
export const correctionsOf = (m: Member, role: 'subscriber' | 'dependent', inquiry?: Eligibility270Input): DemographicCorrection | undefined => {
  const sent = role === 'dependent' ? inquiry?.dependent : inquiry?.subscriber;
  const differing: string[] = [];
  if (sent) {
    const memberId = 'memberId' in sent ? sent.memberId : undefined;
    const pairs: [string, string | undefined, string | undefined][] = [
      ['memberId', memberId, m.memberId],
      ['lastName', sent.lastName, m.lastName],
      ['firstName', sent.firstName, m.firstName],
      ['middleName', sent.middleName, m.middleName],
      ['suffix', sent.suffix, m.suffix],
      ['birthDate', sent.birthDate, m.birthDate],
      ['gender', sent.gender, m.gender],
    ];
    for (const [field, a, b] of pairs) if (!same(a, b)) differing.push(field);
  }
  if (!m.identityChangedByPayer && !differing.length) return undefined;
  const { memberId, lastName, firstName, middleName, suffix, birthDate, gender, address } = m;
  const returned = defined({ memberId, lastName, firstName, middleName, suffix, birthDate, gender, address });
  return { member: role, reportedByPayer: m.identityChangedByPayer, differingFields: differing, returned };
};
