import { can, type Action, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { DomainError, notFound, type Clock, type Ids, type LocalDate, type UnitOfWork } from '../shared/index.ts';
import { outcomeOf, plainWords, type BenefitsSnapshot, type CheckOutcome } from './benefits.ts';
import { estimateVisit, type VisitEstimate } from './estimate.ts';
import { serviceTypesFor, type FeeInput, type FeeScheduleRepo, type GatewayAnswer, type EligibilityCheck, type EligibilityGateway, type EligibilityInquiry, type EligibilityRepo, type EligibilitySubjects, type InquirySubject, type ManualVerification } from './eligibility-check.ts';

export interface EligibilityDeps {
  checks: EligibilityRepo;
  subjects: EligibilitySubjects;
  gateway: EligibilityGateway;
  fees: FeeScheduleRepo;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

/** The pre-visit sweep's window and freshness: visits in the next `days` days, coverages not verified in `staleDays`. */
export interface SweepOptions {
  days?: number;
  staleDays?: number;
  /** Stop after this many inquiries (load spreading: the rest go in the next run). */
  maxInquiries?: number;
}

export interface SweepReport {
  visits: number;
  inquiries: number;
  resumed: number;
  fresh: number;
  noCoverage: number;
  waiting: number;
}

/** CORE: a failed inquiry is not sent again sooner than 90 seconds. */
export const RETRY_SECONDS = 90;
const DAY_MS = 86_400_000;
/** Most visits one sweep reads (a large group has a few thousand a day). */
const MAX_VISITS = 100_000;

const localDate = (iso: string, zone: string): LocalDate => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
};

/** Insurance eligibility: one check now, the pre-visit sweep, phone verifications, history and the raw exchange. */
export const createEligibilityService = (d: EligibilityDeps) => {
  const now = (): Date => d.clock.now();
  const allow = (p: Principal, action: Action): void => {
    if (!can(p, action, now())) throw new DomainError('forbidden', `Your role does not allow ${action}`);
  };

  /** The inquiry for a visit, or why none can be made (no coverage, unknown payer). */
  const inquiryOf = (s: InquirySubject, traceNumber: string): EligibilityInquiry | string => {
    if (!s.coverage || !s.payer) return 'The patient has no insurance coverage on file for this visit.';
    const self = s.coverage.relationship === 'self' || !s.coverage.subscriber;
    const sub = self ? { ...s.patient } : { familyName: s.coverage.subscriber!.familyName, givenName: s.coverage.subscriber!.givenName, birthDate: s.coverage.subscriber!.birthDate ?? null, sex: s.coverage.subscriber!.sex ?? null };
    return {
      traceNumber,
      payer: s.payer,
      provider: s.provider,
      subscriber: { memberId: s.coverage.memberId, ...sub },
      dependent: self ? null : { ...s.patient },
      serviceTypes: serviceTypesFor(s.expectedCodes),
      dateOfService: localDate(s.start, s.timeZone),
    };
  };

  /** Sends a `sending` check's inquiry and stores the answer; a transport failure becomes "could not check" with its reason. */
  const send = async (c: EligibilityCheck, q: EligibilityInquiry): Promise<EligibilityCheck> => {
    // An inquiry the gateway cannot even build (a patient without a birth date, a provider NPI
    // failing its check digit) or a fault of ours is a "could not check" with its reason, never a
    // stuck `sending` row that would stop every later sweep.
    const answer: GatewayAnswer = await d.gateway.inquire(q).catch((e: unknown) => ({
      kind: 'failed' as const,
      reason: e instanceof DomainError ? `${e.message}${e.issues.length ? ` (${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}` : 'the eligibility gateway failed unexpectedly',
      raw270: null,
      retryAfter: e instanceof DomainError ? null : new Date(now().getTime() + RETRY_SECONDS * 1000).toISOString(),
    }));
    const at = now().toISOString();
    let next: EligibilityCheck;
    if (answer.kind === 'answered') {
      next = { ...c, state: 'done', outcome: outcomeOf(answer.snapshot), snapshot: answer.snapshot, summary: plainWords(answer.snapshot), reason: null, retryAfter: null, answeredAt: at };
    } else {
      const retry = answer.retryAfter ?? new Date(now().getTime() + RETRY_SECONDS * 1000).toISOString();
      next = { ...c, state: 'done', outcome: 'could_not_check', snapshot: null, summary: [`Could not check: ${answer.reason}`], reason: answer.reason, retryAfter: retry, answeredAt: at };
    }
    await d.uow.run(() => d.checks.complete(next, answer.kind === 'answered' ? answer.raw271 : null, answer.raw270));
    return next;
  };

  /** Writes the `sending` row first (committed), so a crash leaves a trace to resume rather than a lost or doubled inquiry. */
  const start = async (p: Principal, s: InquirySubject, q: EligibilityInquiry): Promise<EligibilityCheck> => {
    const c: EligibilityCheck = {
      id: d.ids.newId(), coverageId: s.coverage!.id, patientId: s.patientId, payerId: s.payer!.id, appointmentId: s.appointmentId, dateOfService: q.dateOfService,
      traceNumber: q.traceNumber, state: 'sending', source: 'electronic', outcome: null, summary: [], snapshot: null, reason: null, retryAfter: null,
      requestedAt: now().toISOString(), answeredAt: null, requestedBy: p.userId, manual: null,
    };
    await d.uow.run(async () => {
      await d.checks.insert(c, null);
      await d.audit.record(p, { action: 'eligibility.inquire', category: 'insurance', outcome: 'success', patientId: s.patientId, detail: { checkId: c.id, appointmentId: s.appointmentId, payerId: c.payerId } });
    });
    return c;
  };

  /** The visit's subject, as hidden as its patient's record (a restricted record answers "not found"). */
  const subjectOf = async (p: Principal, appointmentId: string): Promise<InquirySubject> => {
    const s = await d.subjects.subject(appointmentId);
    if (!s || !(await visible(p, s.patientId))) throw notFound('Appointment', appointmentId);
    return s;
  };

  /** Checks the coverage of one visit now (the "Check now" button and the CLI). */
  const checkAppointment = async (p: Principal, appointmentId: string): Promise<EligibilityCheck> => {
    allow(p, 'eligibility.check');
    const s = await subjectOf(p, appointmentId);
    const q = inquiryOf(s, d.ids.newId().slice(-20));
    if (typeof q === 'string') throw new DomainError('precondition_failed', q);
    return send(await start(p, s, q), q);
  };

  /** The inquiry a visit would send (for `medoffice eligibility 270`), without sending it. */
  const inquiryFor = async (p: Principal, appointmentId: string): Promise<EligibilityInquiry> => {
    allow(p, 'eligibility.check');
    const s = await subjectOf(p, appointmentId);
    const q = inquiryOf(s, d.ids.newId().slice(-20));
    if (typeof q === 'string') throw new DomainError('precondition_failed', q);
    await d.audit.record(p, { action: 'eligibility.inquiry.print', category: 'insurance', outcome: 'success', patientId: s.patientId, detail: { appointmentId } });
    return q;
  };

  /**
   * The pre-visit sweep: every booked visit in the next `days` days whose coverage was not
   * verified in the last `staleDays` days gets one inquiry (one per coverage, however many visits
   * share it). Checks left `sending` by a stopped process are resumed first under their own trace
   * number. Running it again sends nothing new.
   */
  const sweep = async (p: Principal, opts: SweepOptions = {}): Promise<SweepReport> => {
    allow(p, 'eligibility.check');
    const days = opts.days ?? 3;
    const staleMs = (opts.staleDays ?? 7) * DAY_MS;
    const budget = opts.maxInquiries ?? Number.POSITIVE_INFINITY;
    const report: SweepReport = { visits: 0, inquiries: 0, resumed: 0, fresh: 0, noCoverage: 0, waiting: 0 };
    for (const c of await d.checks.sending(1000)) {
      if (report.inquiries >= budget) return report;
      const s = c.appointmentId ? await d.subjects.subject(c.appointmentId) : null;
      const q = s ? inquiryOf(s, c.traceNumber) : 'The visit is gone';
      if (typeof q === 'string') {
        await d.uow.run(() => d.checks.complete({ ...c, state: 'done', outcome: 'could_not_check', summary: [`Could not check: ${q}`], reason: q, answeredAt: now().toISOString() }, null, null));
        continue;
      }
      await send(c, { ...q, traceNumber: c.traceNumber });
      report.inquiries++;
      report.resumed++;
    }
    const t = now();
    const visits = await d.subjects.upcoming(t.toISOString(), new Date(t.getTime() + days * DAY_MS).toISOString(), MAX_VISITS);
    report.visits = visits.length;
    const done = new Set<string>();
    for (const v of visits) {
      const s = await d.subjects.subject(v.appointmentId);
      if (!s?.coverage || !s.payer) {
        report.noCoverage++;
        continue;
      }
      if (done.has(s.coverage.id)) continue;
      done.add(s.coverage.id);
      const last = (await d.checks.latestByCoverage([s.coverage.id])).get(s.coverage.id);
      if (last && last.outcome !== 'could_not_check' && t.getTime() - Date.parse(last.requestedAt) < staleMs) {
        report.fresh++;
        continue;
      }
      if (last?.outcome === 'could_not_check' && last.retryAfter && last.retryAfter > t.toISOString()) {
        report.waiting++;
        continue;
      }
      if (report.inquiries >= budget) break;
      const q = inquiryOf(s, d.ids.newId().slice(-20));
      if (typeof q === 'string') continue;
      await send(await start(p, s, q), q);
      report.inquiries++;
    }
    return report;
  };

  /** Records a phone verification; it counts as verified like an electronic check. */
  const recordManual = async (p: Principal, body: ManualVerification): Promise<EligibilityCheck> => {
    allow(p, 'eligibility.check');
    const cov = await d.subjects.coverage(body.coverageId);
    if (!cov || !(await visible(p, cov.patientId))) throw notFound('Coverage', body.coverageId);
    const input = { ...body, patientId: cov.patientId, payerId: cov.payerId };
    const at = now().toISOString();
    const snapshot: BenefitsSnapshot = {
      status: input.outcome === 'inactive' ? 'inactive' : input.outcome === 'not_found' ? 'unknown' : 'active',
      planName: null, groupNumber: null, coverageStart: null, coverageEnd: null,
      costShares: [
        ...(input.copayCents !== null ? [{ kind: 'copay' as const, serviceType: '98', serviceTypeLabel: 'Office visit', network: 'in_network' as const, level: 'individual' as const, basis: 'total' as const, period: null, amountCents: input.copayCents, percent: null }] : []),
        ...(input.deductibleRemainingCents !== null ? [{ kind: 'deductible' as const, serviceType: '30', serviceTypeLabel: 'Health benefit plan coverage', network: 'in_network' as const, level: 'individual' as const, basis: 'remaining' as const, period: 'calendar_year', amountCents: input.deductibleRemainingCents, percent: null }] : []),
      ],
      referralRequired: input.outcome === 'needs_authorization', priorAuthorizationRequired: false, messages: input.note ? [input.note] : [], otherPayers: [], correctedFields: [], rejections: [],
    };
    const c: EligibilityCheck = {
      id: d.ids.newId(), coverageId: input.coverageId, patientId: input.patientId, payerId: input.payerId, appointmentId: input.appointmentId ?? null, dateOfService: at.slice(0, 10),
      traceNumber: `manual-${d.ids.newId().slice(-12)}`, state: 'done', source: 'manual', outcome: input.outcome as CheckOutcome, snapshot,
      summary: [...plainWords(snapshot), `Verified by phone with ${input.verifiedWith}, reference ${input.reference}.`], reason: null, retryAfter: null,
      requestedAt: at, answeredAt: at, requestedBy: p.userId, manual: { verifiedWith: input.verifiedWith, reference: input.reference, note: input.note },
    };
    await d.uow.run(async () => {
      await d.checks.insert(c, null);
      await d.audit.record(p, { action: 'eligibility.manual', category: 'insurance', outcome: 'success', patientId: c.patientId, detail: { checkId: c.id, coverageId: c.coverageId } });
    });
    return c;
  };

  /** A restricted record's checks are visible only under emergency access, as in the registry ("not found" otherwise). */
  const visible = async (p: Principal, patientId: string): Promise<boolean> => {
    const r = await d.subjects.restricted(patientId);
    return r === false || (r === true && (p.kind === 'system' || (p.breakGlass !== null && p.breakGlass.endsAt > now().toISOString())));
  };

  const history = async (p: Principal, patientId: string): Promise<EligibilityCheck[]> => {
    allow(p, 'eligibility.read');
    if (!(await visible(p, patientId))) throw notFound('Patient', patientId);
    const list = await d.checks.listForPatient(patientId, 100);
    await d.audit.record(p, { action: 'eligibility.read', category: 'insurance', outcome: 'success', patientId, detail: { results: list.length } });
    return list;
  };

  /** One check by id (FHIR CoverageEligibilityRequest/Response), audited as a read of its patient. */
  const get = async (p: Principal, id: string): Promise<EligibilityCheck> => {
    allow(p, 'eligibility.read');
    const c = await d.checks.get(id);
    if (!c || !(await visible(p, c.patientId))) throw notFound('Eligibility check', id);
    await d.audit.record(p, { action: 'eligibility.read', category: 'insurance', outcome: 'success', patientId: c.patientId, detail: { checkId: id } });
    return c;
  };

  /** The raw 270 and 271 of a check (decrypted), for the "show the raw 271" click; audited. */
  const raw = async (p: Principal, id: string): Promise<{ raw270: string | null; raw271: string | null }> => {
    allow(p, 'eligibility.read');
    const c = await d.checks.get(id);
    const r = c && (await visible(p, c.patientId)) ? await d.checks.raw(id) : null;
    if (!c || !r) throw notFound('Eligibility check', id);
    await d.audit.record(p, { action: 'eligibility.raw.read', category: 'insurance', outcome: 'success', patientId: c.patientId, detail: { checkId: id } });
    return r;
  };

  /**
   * The patient estimate of a visit: its expected codes priced from the fee schedule, with the
   * latest benefits of its coverage (none verified: the full charge). Shown at check-in.
   */
  const estimate = async (p: Principal, appointmentId: string): Promise<VisitEstimate & { checkId: string | null; checkedAt: string | null }> => {
    allow(p, 'eligibility.read');
    const s = await subjectOf(p, appointmentId);
    const last = s.coverage ? (await d.checks.latestByCoverage([s.coverage.id])).get(s.coverage.id) : undefined;
    const usable = last?.state === 'done' ? last : undefined;
    const e = estimateVisit(await d.fees.prices(s.expectedCodes), usable?.snapshot ?? null);
    await d.audit.record(p, { action: 'eligibility.estimate', category: 'insurance', outcome: 'success', patientId: s.patientId, detail: { appointmentId, checkId: usable?.id ?? null } });
    return { ...e, checkId: usable?.id ?? null, checkedAt: usable?.answeredAt ?? null };
  };

  /**
   * The latest check of each visit's coverage (the calendar's eligibility marks): outcome, first
   * sentence and when; null for a visit without coverage or not checked yet. Audited as one search.
   */
  const statuses = async (p: Principal, appointmentIds: readonly string[]): Promise<Record<string, { outcome: CheckOutcome | null; headline: string | null; checkedAt: string | null; source: EligibilityCheck['source'] } | null>> => {
    allow(p, 'eligibility.read');
    const out: Record<string, { outcome: CheckOutcome | null; headline: string | null; checkedAt: string | null; source: EligibilityCheck['source'] } | null> = {};
    const patients = new Set<string>();
    for (const id of appointmentIds) {
      const s = await d.subjects.subject(id);
      if (!s) continue;
      if (!(await visible(p, s.patientId))) {
        out[id] = null;
        continue;
      }
      patients.add(s.patientId);
      const c = s.coverage ? (await d.checks.latestByCoverage([s.coverage.id])).get(s.coverage.id) : undefined;
      out[id] = c && c.state === 'done' ? { outcome: c.outcome, headline: c.summary[0] ?? null, checkedAt: c.answeredAt, source: c.source } : null;
    }
    await d.audit.record(p, { action: 'eligibility.search', category: 'insurance', outcome: 'success', patientId: null, detail: { results: Object.keys(out).length, patientIds: [...patients].join(' ') } });
    return out;
  };

  const listFees = async (p: Principal) => (allow(p, 'eligibility.read'), d.fees.list());
  const setFee = async (p: Principal, f: FeeInput): Promise<FeeInput> => {
    allow(p, 'reference.manage');
    await d.uow.run(async () => {
      await d.fees.upsert(f.code, f.description, f.amountCents, now().toISOString());
      await d.audit.record(p, { action: 'fee.set', category: 'reference', outcome: 'success', patientId: null, detail: { code: f.code, amountCents: f.amountCents } });
    });
    return f;
  };

  return { checkAppointment, inquiryFor, sweep, recordManual, history, get, raw, estimate, statuses, listFees, setFee };
};
export type EligibilityService = ReturnType<typeof createEligibilityService>;
