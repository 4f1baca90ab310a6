import type { BenefitsSnapshot, CheckOutcome, CostShareLine, EligibilityCheck, EstimateLine, VisitEstimate as CoreVisitEstimate } from '../../../src/core/eligibility/index.ts';
import { api, ApiError } from '../shell/api.ts';
import { formatDate, formatDateTime } from '../shell/format.ts';

// Insurance eligibility as the web app uses it: a patient's checks (newest first, with the
// benefits in plain words), a check of one visit now, the raw 270/271, and phone verifications.
// Paths carry record ids only. The shapes are the core's, as the API sends them.

export type { BenefitsSnapshot, CheckOutcome, CostShareLine, EligibilityCheck, EstimateLine };

export type ManualOutcome = 'active' | 'inactive' | 'not_found' | 'needs_authorization';

export interface ManualVerificationInput {
  coverageId: string;
  appointmentId?: string;
  outcome: ManualOutcome;
  verifiedWith: string;
  reference: string;
  note?: string | null;
  copayCents?: number | null;
  deductibleRemainingCents?: number | null;
}

const id = (s: string): string => encodeURIComponent(s);

export const patientChecks = (patientId: string, signal?: AbortSignal): Promise<EligibilityCheck[]> =>
  api<{ checks: EligibilityCheck[] }>('GET', `/api/eligibility/patients/${id(patientId)}`, undefined, { signal }).then((r) => r.checks);

/** Checks a visit's coverage now. A payer that does not answer is a result (could_not_check), not an error. */
export const checkAppointment = async (appointmentId: string): Promise<EligibilityCheck> => {
  try {
    return await api<EligibilityCheck>('POST', `/api/eligibility/appointments/${id(appointmentId)}/check`);
  } catch (e) {
    // 412: no coverage on file; the server's sentence says so, this one adds what to do next.
    if (e instanceof ApiError && e.status === 412)
      throw new ApiError(412, e.code, `${e.message.replace(/\.$/, '')}. Add the patient’s insurance on the Coverages tab of the record, then check again.`, e.issues, e.details);
    throw e;
  }
};

export const rawExchange = (checkId: string, signal?: AbortSignal): Promise<{ raw270: string | null; raw271: string | null }> =>
  api('GET', `/api/eligibility/checks/${id(checkId)}/raw`, undefined, { signal });

export const recordManual = (input: ManualVerificationInput): Promise<EligibilityCheck> => api<EligibilityCheck>('POST', '/api/eligibility/manual', input);

/** The newest check of a coverage (the list is newest first). */
export const latestFor = (checks: readonly EligibilityCheck[], coverageId: string): EligibilityCheck | undefined => checks.find((c) => c.coverageId === coverageId);

/** The status chip of a check: words and a tone (ok, warn, danger, muted). */
export const statusOf = (c: EligibilityCheck): { text: string; tone: 'ok' | 'warn' | 'danger' | 'muted' } => {
  if (c.state === 'sending' || !c.outcome) return { text: 'Checking…', tone: 'muted' };
  switch (c.outcome) {
    case 'active':
      return { text: 'Verified active', tone: 'ok' };
    case 'inactive':
      return { text: 'Inactive', tone: 'danger' };
    case 'not_found':
      return { text: 'Not found', tone: 'danger' };
    case 'mismatch':
      return { text: 'Data differs', tone: 'warn' };
    case 'needs_authorization':
      return { text: c.snapshot && !c.snapshot.referralRequired && c.snapshot.priorAuthorizationRequired ? 'Authorisation needed' : 'Referral needed', tone: 'warn' };
    case 'could_not_check':
      return { text: 'Could not check', tone: 'warn' };
  }
};

/** The id the server gives the pre-visit sweep as the one who asked (its system principal). */
const SWEEP = 'eligibility sweep';

/** When and how a check was made: "Checked electronically on Mar 4, 2026, 2:05 PM by the pre-visit sweep" or "Verified by phone with Jane, ref 123 on ...". */
export const howChecked = (c: EligibilityCheck, myUserId?: string): string => {
  const when = formatDateTime(c.answeredAt ?? c.requestedAt);
  const who = c.requestedBy === SWEEP ? ' by the pre-visit sweep' : myUserId && c.requestedBy === myUserId ? ' by you' : '';
  if (c.source === 'manual' && c.manual) return `Verified by phone with ${c.manual.verifiedWith}, ref ${c.manual.reference}, on ${when}${who}.`;
  if (c.state === 'sending') return `Asked the payer on ${formatDateTime(c.requestedAt)}${who}; no answer yet.`;
  return `Checked electronically on ${when}${who}${c.dateOfService ? `, for ${formatDate(c.dateOfService)}` : ''}.`;
};

/** The benefit sentences to show; the phone sentence is left out where the how-line already says it. */
export const sentencesOf = (c: EligibilityCheck): string[] => (c.source === 'manual' ? c.summary.filter((s) => !s.startsWith('Verified by phone with')) : c.summary);

/** "$25" or "$1,500.50" for cents. */
export const money = (cents: number): string => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: cents % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`;

/**
 * Dollars as typed ("25", "$1,500.50", "400.5") to whole cents without floating point; null for
 * empty, undefined when it is not an amount.
 */
export const dollarsToCents = (typed: string): number | null | undefined => {
  const t = typed.trim().replace(/^\$\s*/, '');
  if (!t) return null;
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const whole = Number(m[1]!.replace(/,/g, ''));
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  return whole * 100 + frac;
};

/** An X12 interchange with one segment per line (segments end with `~`). */
export const segmentLines = (x12: string): string =>
  x12
    .split('~')
    .map((s) => s.replace(/^\s+|\s+$/g, ''))
    .filter(Boolean)
    .map((s) => `${s}~`)
    .join('\n');

/** A visit's latest eligibility mark for the calendar: null when it has no coverage or was not checked yet. */
export interface VisitEligibility {
  outcome: CheckOutcome | null;
  /** The first benefit sentence of the check ("Active since Jan 1, 2026 - PPO GOLD 1500 ..."). */
  headline: string | null;
  checkedAt: string | null;
  source: 'electronic' | 'manual';
}

/** The most visits one statuses request may name. */
export const STATUS_CHUNK = 2000;

/**
 * The latest eligibility of each visit, one request per 2,000 visits (in sequence, so a week of a
 * large practice does not flood the server). A visit the answer leaves out counts as not checked.
 */
export const visitStatuses = async (appointmentIds: readonly string[], signal?: AbortSignal): Promise<Record<string, VisitEligibility | null>> => {
  const out: Record<string, VisitEligibility | null> = {};
  for (let i = 0; i < appointmentIds.length; i += STATUS_CHUNK) {
    const ids = appointmentIds.slice(i, i + STATUS_CHUNK);
    const r = await api<{ statuses: Record<string, VisitEligibility | null> }>('POST', '/api/eligibility/statuses', { appointmentIds: ids }, { signal });
    for (const id of ids) out[id] = r.statuses[id] ?? null;
  }
  return out;
};

/** The core's estimate, with the check whose benefits it used. */
export interface VisitEstimate extends CoreVisitEstimate {
  /** The check whose benefits the estimate used; null: none verified, the full charge. */
  checkId: string | null;
  checkedAt: string | null;
}

export const visitEstimate = (appointmentId: string, signal?: AbortSignal): Promise<VisitEstimate> =>
  api<VisitEstimate>('GET', `/api/eligibility/appointments/${id(appointmentId)}/estimate`, undefined, { signal });

/** "$25.00" or "$1,500.00": cents with two decimals, as the estimate's sentences write them. */
export const dollars = (cents: number): string => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
