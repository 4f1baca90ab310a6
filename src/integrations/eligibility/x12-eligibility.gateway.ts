import type { BenefitsSnapshot, EligibilityGateway, EligibilityInquiry, GatewayAnswer } from '../../core/eligibility/index.ts';
import type { Clock } from '../../core/shared/index.ts';
import { build270, parse271, X12Error, type ControlNumberSource, type Eligibility270Input, type EligibilityResult } from '../../x12/index.ts';
import type { ClearinghouseGateway, PayerConnection } from '../clearinghouse/index.ts';

export interface X12EligibilityDeps {
  clearinghouse: ClearinghouseGateway;
  /** The connection of a payer (by our payer id), or null when it has no electronic eligibility. */
  connectionFor: (payer: { id: string; payerCode: string }) => PayerConnection | null;
  numbers: ControlNumberSource;
  clock: Clock;
  /** TRN03: '1' and the practice's EIN, or '9' and 9 letters or digits. */
  traceOriginatorId: string;
  /** ISA06 / GS02 of the practice. */
  senderId: string;
  usage?: 'P' | 'T';
}

const GENDER: Record<string, 'M' | 'F' | 'U'> = { male: 'M', female: 'F' };

/** The core inquiry as the 270 builder's input. */
export const to270 = (q: EligibilityInquiry, d: Pick<X12EligibilityDeps, 'traceOriginatorId' | 'senderId' | 'usage'>, receiverId: string, at: Date): Eligibility270Input => ({
  payer: { name: q.payer.name, id: q.payer.payerCode },
  provider: { npi: q.provider.npi, lastName: q.provider.familyName, firstName: q.provider.givenName },
  subscriber: {
    memberId: q.subscriber.memberId,
    lastName: q.subscriber.familyName,
    firstName: q.subscriber.givenName,
    ...(q.subscriber.birthDate ? { birthDate: q.subscriber.birthDate } : {}),
    ...(q.subscriber.sex && GENDER[q.subscriber.sex] ? { gender: GENDER[q.subscriber.sex] } : {}),
  },
  ...(q.dependent
    ? { dependent: { lastName: q.dependent.familyName, firstName: q.dependent.givenName, birthDate: q.dependent.birthDate ?? '1900-01-01', ...(q.dependent.sex && GENDER[q.dependent.sex] ? { gender: GENDER[q.dependent.sex] } : {}) } }
    : {}),
  serviceTypeCodes: q.serviceTypes,
  dateOfService: q.dateOfService,
  traceNumber: q.traceNumber,
  traceOriginatorId: d.traceOriginatorId,
  createdAt: at,
  envelope: { senderId: d.senderId, receiverId, usage: d.usage ?? 'P' },
});

const LEVEL: Record<string, 'individual' | 'family'> = { IND: 'individual', FAM: 'family' };

/** A read 271 as the product's benefits snapshot. */
export const snapshotOf = (r: EligibilityResult): BenefitsSnapshot => ({
  status: r.coverage.status,
  planName: r.coverage.planName ?? null,
  groupNumber: r.coverage.groupNumber ?? null,
  coverageStart: r.coverage.planBegin ?? r.coverage.eligibilityBegin ?? null,
  coverageEnd: r.coverage.planEnd ?? r.coverage.eligibilityEnd ?? null,
  costShares: r.costShares.map((c) => ({
    kind: c.kind,
    serviceType: c.serviceType?.code ?? null,
    serviceTypeLabel: c.serviceType?.label ?? null,
    network: c.network,
    level: c.coverageLevel ? (LEVEL[c.coverageLevel.code] ?? 'other') : null,
    basis: c.basis,
    period: c.timePeriod?.label.toLowerCase() ?? null,
    amountCents: c.amountCents ?? null,
    percent: c.percent ?? null,
  })),
  referralRequired: r.authorizations.referralRequired,
  priorAuthorizationRequired: r.authorizations.priorAuthorizationRequired,
  messages: r.messages.map((m) => m.text),
  otherPayers: r.otherPayers.flatMap((o) => o.payers.map((p) => p.name).filter((n): n is string => !!n)),
  correctedFields: r.corrections ? (r.corrections.differingFields.length > 0 ? r.corrections.differingFields : r.corrections.reportedByPayer ? ['identifying data'] : []) : [],
  rejections: r.rejections.map((x) => ({ code: x.reason.code, meaning: x.reason.label, nextStep: x.reason.nextStep, followUp: x.followUp?.code ?? null })),
});

/**
 * The eligibility gateway over X12 and a clearinghouse: builds the 270 (control numbers from the
 * database), sends it real time or batch, reads the 271 and checks that it answers our trace.
 * Every failure is an answer of kind `failed` with a reason that names no patient.
 */
export const createX12EligibilityGateway = (d: X12EligibilityDeps): EligibilityGateway => ({
  async inquire(q): Promise<GatewayAnswer> {
    const connection = d.connectionFor(q.payer);
    if (!connection) return { kind: 'failed', reason: `${q.payer.name} has no electronic eligibility set up; verify by phone and record it`, raw270: null, retryAfter: null };
    const receiverId = connection.mode === 'realtime' ? connection.receiverId : q.payer.payerCode;
    const input = to270(q, d, receiverId, d.clock.now());
    const built = await build270(input, d.numbers);
    const sent = await d.clearinghouse.send270({ x12: built.text, traceNumber: q.traceNumber, interchangeControlNumber: built.interchangeControlNumber, transactionControlNumber: built.groups[0]?.transactionControlNumbers[0], connection });
    if (sent.kind === 'failed') return { kind: 'failed', reason: sent.reason, raw270: built.text, retryAfter: sent.retryAfter?.toISOString() ?? null };
    try {
      const result = parse271(sent.x12, { inquiry: input });
      if (!result.traces.some((t) => t.number === q.traceNumber) && result.rejections.length === 0) {
        return { kind: 'failed', reason: 'the answer does not carry our trace number (TRN); it may belong to another inquiry', raw270: built.text, retryAfter: new Date(d.clock.now().getTime() + 90_000).toISOString() };
      }
      return { kind: 'answered', snapshot: snapshotOf(result), raw270: built.text, raw271: sent.x12 };
    } catch (e) {
      if (e instanceof X12Error) return { kind: 'failed', reason: `the payer's answer could not be read (${e.message})`, raw270: built.text, retryAfter: null };
      throw e;
    }
  },
});
