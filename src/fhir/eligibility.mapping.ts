import type { CostShareKind, CostShareLine, EligibilityCheck } from '../core/eligibility/index.ts';
import { CoverageSystems } from './coverage.mapping.ts';
import type {
  CodeableConcept,
  EligibilityBenefit,
  EligibilityPurpose,
  EligibilityResponseItem,
  FhirCoverageEligibilityRequest,
  FhirCoverageEligibilityResponse,
  Identifier,
  Money,
} from './fhir-types.ts';

// Eligibility checks (our 270/271 exchanges and phone verifications) as FHIR R4
// CoverageEligibilityRequest and CoverageEligibilityResponse. One check is one pair, both with the
// check's id: the request is what was asked (who, which coverage, which payer, which services, on
// which date), the response what the payer said (in force, benefit period, the cost shares per
// service type, network, level and term, authorisation flags, rejections).

/** Extension on a benefit: the amount still to go (deductible or out-of-pocket left this period). */
export const BENEFIT_REMAINING_EXT = 'urn:medoffice:fhir:benefit-remaining';

const PURPOSE: EligibilityPurpose[] = ['benefits', 'validation'];

/** Labels of the service types an inquiry derives from a visit (see serviceTypesFor in core). */
const SERVICE_TYPE_LABELS: Readonly<Record<string, string>> = {
  '30': 'Health Benefit Plan Coverage',
  '98': 'Professional (Physician) Visit - Office',
  BY: 'Physician Visit - Office: Well',
  '2': 'Surgical',
};

const serviceTypeConcept = (code: string, label?: string | null): CodeableConcept => {
  const display = label ?? SERVICE_TYPE_LABELS[code];
  return { coding: [{ system: CoverageSystems.serviceType, code, ...(display ? { display } : {}) }], ...(display ? { text: display } : {}) };
};

const traceIdentifier = (c: EligibilityCheck): Identifier[] => [{ system: CoverageSystems.eligibilityTrace, value: c.traceNumber }];

/** What the request route knows beyond the check: the visit's practitioner and the service types asked about. */
export interface EligibilityRequestContext {
  providerId?: string | null;
  /** X12 service type codes of the inquiry (from the visit type); none for a phone verification. */
  serviceTypes?: readonly string[];
}

/** A check as the CoverageEligibilityRequest it sent (or, for a phone verification, the question asked). */
export const toFhirEligibilityRequest = (c: EligibilityCheck, x: EligibilityRequestContext = {}): FhirCoverageEligibilityRequest => {
  const items = c.source === 'electronic' ? (x.serviceTypes ?? []) : [];
  return {
    resourceType: 'CoverageEligibilityRequest',
    id: c.id,
    identifier: traceIdentifier(c),
    status: 'active',
    purpose: PURPOSE,
    patient: { reference: `Patient/${c.patientId}` },
    servicedDate: c.dateOfService,
    created: c.requestedAt,
    ...(x.providerId ? { provider: { reference: `Practitioner/${x.providerId}` } } : {}),
    insurer: { reference: `Organization/${c.payerId}` },
    insurance: [{ focal: true, coverage: { reference: `Coverage/${c.coverageId}` } }],
    ...(items.length ? { item: items.map((code) => ({ category: serviceTypeConcept(code) })) } : {}),
  };
};

const money = (cents: number): Money => ({ value: cents / 100, currency: 'USD' });

const BENEFIT_TYPE: Readonly<Record<CostShareKind, CodeableConcept>> = {
  copay: { coding: [{ system: CoverageSystems.benefitType, code: 'copay', display: 'Copayment per service' }], text: 'Co-pay' },
  coinsurance: { coding: [{ system: CoverageSystems.benefitType, code: 'copay-percent', display: 'Copayment Percent per service' }], text: 'Co-insurance' },
  deductible: { coding: [{ system: CoverageSystems.benefitType, code: 'deductible', display: 'Deductible' }], text: 'Deductible' },
  out_of_pocket: { coding: [{ system: CoverageSystems.ourBenefitType, code: 'out-of-pocket', display: 'Out-of-pocket maximum' }], text: 'Out-of-pocket maximum' },
};

const NETWORK: Readonly<Record<string, { code: string; display: string }>> = { in_network: { code: 'in', display: 'In Network' }, out_of_network: { code: 'out', display: 'Out of Network' } };
const UNIT: Readonly<Record<string, { code: string; display: string }>> = { individual: { code: 'individual', display: 'Individual' }, family: { code: 'family', display: 'Family' } };

/** X12 time periods (as the snapshot holds them) as a benefit term: annual, day or lifetime; other periods by their words; none for per-visit and "remaining". */
const termOf = (period: string | null): CodeableConcept | undefined => {
  const p = (period ?? '').toLowerCase().replace(/_/g, ' ').trim();
  const coded = (code: string, display: string): CodeableConcept => ({ coding: [{ system: CoverageSystems.benefitTerm, code, display }] });
  if (!p || p === 'remaining' || p === 'visit' || p === 'exceeded' || p === 'not exceeded') return undefined;
  if (['calendar year', 'service year', 'years', 'year', 'contract', 'year to date', 'plan year'].includes(p)) return coded('annual', 'Annual');
  if (p === 'day' || p === '24 hours') return coded('day', 'Day');
  if (p === 'lifetime' || p === 'lifetime remaining') return coded('lifetime', 'Lifetime');
  return { text: p };
};
const termKey = (l: CostShareLine): string | null => {
  const t = termOf(l.period);
  return t ? (t.coding?.[0]?.code ?? `text:${t.text}`) : null;
};

/** Whole-number percentages as unsignedInt (as the R4 examples do); fractions as "12.5%". */
const percentValue = (percent: string): Pick<EligibilityBenefit, 'allowedUnsignedInt' | 'allowedString'> =>
  /^\d+$/.test(percent) ? { allowedUnsignedInt: Number(percent) } : { allowedString: `${percent}%` };

/** One benefit from the lines of one kind: the plan's amount (total), what was met, what remains. */
const benefitOf = (kind: CostShareKind, total?: CostShareLine, met?: CostShareLine, remaining?: CostShareLine): EligibilityBenefit => {
  const allowed: Partial<EligibilityBenefit> =
    total?.amountCents != null ? { allowedMoney: money(total.amountCents) } : total?.percent != null ? percentValue(total.percent) : {};
  const usedCents = met?.amountCents ?? (total?.amountCents != null && remaining?.amountCents != null && total.amountCents >= remaining.amountCents ? total.amountCents - remaining.amountCents : null);
  return {
    ...(remaining?.amountCents != null ? { extension: [{ url: BENEFIT_REMAINING_EXT, valueMoney: money(remaining.amountCents) }] } : {}),
    type: BENEFIT_TYPE[kind],
    ...allowed,
    ...(usedCents != null ? { usedMoney: money(usedCents) } : {}),
  };
};

const KINDS: readonly CostShareKind[] = ['copay', 'coinsurance', 'deductible', 'out_of_pocket'];

/** The benefits of one item: per kind, total, met and remaining lines paired up in order. */
const benefitsOf = (lines: CostShareLine[]): EligibilityBenefit[] =>
  KINDS.flatMap((kind) => {
    const of = (basis: CostShareLine['basis']) => lines.filter((l) => l.kind === kind && l.basis === basis);
    const [total, met, remaining] = [of('total'), of('met'), of('remaining')];
    const n = Math.max(total.length, met.length, remaining.length);
    return Array.from({ length: n }, (_, i) => benefitOf(kind, total[i], met[i], remaining[i]));
  });

/**
 * Cost shares as response items: one per service type, network, level and term. Lines without a
 * term (per visit, "remaining") join the item of their service type, network and level when
 * exactly one term is known for it, so a deductible's total and what remains share one benefit.
 */
export const benefitItems = (lines: readonly CostShareLine[]): EligibilityResponseItem[] => {
  const base = (l: CostShareLine) => `${l.serviceType ?? '30'}|${l.network}|${l.level ?? ''}`;
  const terms = new Map<string, Set<string>>();
  for (const l of lines) {
    const t = termKey(l);
    if (t) terms.set(base(l), (terms.get(base(l)) ?? new Set()).add(t));
  }
  const groups = new Map<string, CostShareLine[]>();
  for (const l of lines) {
    const known = terms.get(base(l));
    const key = `${base(l)}|${termKey(l) ?? (known?.size === 1 ? [...known][0] : '')}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const termed = group.find((l) => termKey(l));
    const network = NETWORK[first.network];
    const unit = first.level ? UNIT[first.level] : undefined;
    const term = termed ? termOf(termed.period) : undefined;
    const label = group.find((l) => l.serviceTypeLabel)?.serviceTypeLabel;
    return {
      category: serviceTypeConcept(first.serviceType ?? '30', first.serviceType ? label : SERVICE_TYPE_LABELS['30']),
      ...(network ? { network: { coding: [{ system: CoverageSystems.benefitNetwork, ...network }] } } : {}),
      ...(unit ? { unit: { coding: [{ system: CoverageSystems.benefitUnit, ...unit }] } } : {}),
      ...(term ? { term } : {}),
      benefit: benefitsOf(group),
    };
  });
};

/** complete, error (the payer rejected the inquiry or it could not be sent), or queued (still being sent). */
export const eligibilityOutcome = (c: EligibilityCheck): FhirCoverageEligibilityResponse['outcome'] => {
  if (c.state === 'sending') return 'queued';
  if (c.outcome === 'could_not_check' || c.outcome === 'not_found' || !c.snapshot) return 'error';
  return c.snapshot.rejections.length > 0 ? 'error' : 'complete';
};

/** A check as the CoverageEligibilityResponse: the 271 (or what the payer said on the phone). */
export const toFhirEligibilityResponse = (c: EligibilityCheck): FhirCoverageEligibilityResponse => {
  const s = c.snapshot;
  const outcome = eligibilityOutcome(c);
  const flags = s ? { auth: s.priorAuthorizationRequired || s.referralRequired, referral: s.referralRequired } : { auth: false, referral: false };
  const authorization: Pick<EligibilityResponseItem, 'authorizationRequired' | 'authorizationSupporting'> = flags.auth
    ? { authorizationRequired: true, ...(flags.referral ? { authorizationSupporting: [{ text: 'Referral from the primary care physician' }] } : {}) }
    : {};
  let items = s ? benefitItems(s.costShares).map((i) => ({ ...i, ...authorization })) : [];
  if (s && items.length === 0 && flags.auth) items = [{ category: serviceTypeConcept('30'), ...authorization }];
  const period = s ? { ...(s.coverageStart ? { start: s.coverageStart } : {}), ...(s.coverageEnd ? { end: s.coverageEnd } : {}) } : {};
  const errors = s?.rejections.length
    ? s.rejections.map((r) => ({ code: { coding: [{ system: CoverageSystems.rejectReason, code: r.code, display: r.meaning }], text: `${r.meaning}. ${r.nextStep}`.trim() } }))
    : c.outcome === 'not_found'
      ? [{ code: { text: 'The payer does not know this member' } }]
      : outcome === 'error'
        ? [{ code: { text: c.reason ?? (c.summary.join(' ') || 'The payer could not be asked') } }]
        : [];
  const disposition = c.summary.join(' ').trim();
  return {
    resourceType: 'CoverageEligibilityResponse',
    id: c.id,
    identifier: traceIdentifier(c),
    status: 'active',
    purpose: PURPOSE,
    patient: { reference: `Patient/${c.patientId}` },
    servicedDate: c.dateOfService,
    created: c.answeredAt ?? c.requestedAt,
    request: { reference: `CoverageEligibilityRequest/${c.id}` },
    outcome,
    ...(disposition ? { disposition } : {}),
    insurer: { reference: `Organization/${c.payerId}` },
    ...(s
      ? {
          insurance: [
            {
              coverage: { reference: `Coverage/${c.coverageId}` },
              ...(s.status !== 'unknown' ? { inforce: s.status === 'active' } : {}),
              ...(Object.keys(period).length ? { benefitPeriod: period } : {}),
              ...(items.length ? { item: items } : {}),
            },
          ],
        }
      : {}),
    ...(errors.length ? { error: errors } : {}),
  };
};
