import { addDays } from '../shared/index.ts';
import { endOfDay, type DraftWorkItem, type WorkItemGenerator } from '../worklist/index.ts';
import type { CheckOutcome } from './benefits.ts';
import type { EligibilityCheck, EligibilityRepo, EligibilitySubjects } from './eligibility-check.ts';

export const EligibilityWorkKinds = { exception: 'eligibility_exception', lapseNotice: 'coverage_lapse_notice' } as const;

/** Outcomes a person must act on, with the title and the next step. */
const EXCEPTIONS: Partial<Record<CheckOutcome, { title: string; next: string; priority: 1 | 2 }>> = {
  inactive: { title: 'Coverage inactive', next: 'Ask the patient for current insurance before the visit, or explain self-pay.', priority: 1 },
  not_found: { title: 'Member not found by the payer', next: 'Check the member id and name against the card and check again, or call the payer.', priority: 1 },
  mismatch: { title: 'Patient data differs from the payer', next: "Compare the name, birth date and member id with the payer's and correct the record, then check again.", priority: 2 },
  needs_authorization: { title: 'Referral or authorisation needed', next: 'Get the referral or prior authorisation on file before the visit.', priority: 2 },
  could_not_check: { title: 'Coverage could not be checked', next: 'The sweep tries again later; if the visit is soon, verify by phone and record it.', priority: 2 },
};

/** The reason of a check in one sentence (its first summary line), never a patient name. */
const why = (c: EligibilityCheck): string => c.reason ?? c.summary.find((s) => !s.startsWith('Active')) ?? c.summary[0] ?? '';

/**
 * One item per coverage with a visit in the next `days` days whose latest check is an exception
 * (inactive, not found, mismatch, referral or authorisation needed, could not check). A later
 * check that comes back clean closes it.
 */
export const eligibilityExceptionGenerator = (d: { checks: EligibilityRepo; subjects: EligibilitySubjects }, days = 3): WorkItemGenerator => ({
  kind: EligibilityWorkKinds.exception,
  label: 'Insurance to resolve before the visit',
  team: 'front_desk',
  async generate({ now, today }) {
    const visits = await d.subjects.upcoming(now.toISOString(), new Date(now.getTime() + days * 86_400_000).toISOString(), 100_000);
    const out: DraftWorkItem[] = [];
    const seen = new Set<string>();
    for (const v of visits) {
      const s = await d.subjects.subject(v.appointmentId);
      if (!s?.coverage || seen.has(s.coverage.id)) continue;
      seen.add(s.coverage.id);
      const c = (await d.checks.latestByCoverage([s.coverage.id])).get(s.coverage.id);
      const e = c?.state === 'done' && c.outcome ? EXCEPTIONS[c.outcome] : undefined;
      if (!c || !e) continue;
      out.push({
        kind: EligibilityWorkKinds.exception,
        sourceKey: `eligibility:${c.id}`,
        patientId: s.patientId,
        title: e.title,
        explanation: `${s.payer?.name ?? 'The payer'}: ${why(c)} ${e.next}`.trim(),
        due: endOfDay(v.start.slice(0, 10) < today ? today : addDays(v.start.slice(0, 10), 0)),
        priority: e.priority,
        team: 'front_desk',
        link: { kind: 'appointment', id: v.appointmentId },
      });
    }
    return out;
  },
});

/**
 * Coverage lapse: when a check found a coverage inactive, the patient's referring physician is to
 * be told. Each such check is a pending notice on the back office's list until someone sends it
 * (and records the disclosure); the communication capability will send it itself later.
 */
export const coverageLapseNoticeGenerator = (d: { checks: EligibilityRepo; subjects: EligibilitySubjects }, days = 30): WorkItemGenerator => ({
  kind: EligibilityWorkKinds.lapseNotice,
  label: 'Coverage lapses to tell the referring physician',
  team: 'back_office',
  async generate({ now, today }) {
    const found = await d.checks.recentWithOutcome('inactive', new Date(now.getTime() - days * 86_400_000).toISOString(), 2000);
    const out: DraftWorkItem[] = [];
    const seen = new Set<string>();
    for (const c of found) {
      if (seen.has(c.coverageId)) continue;
      seen.add(c.coverageId);
      const who = await d.subjects.referrer(c.patientId);
      if (!who) continue;
      out.push({
        kind: EligibilityWorkKinds.lapseNotice,
        sourceKey: `lapse:${c.coverageId}:${c.id}`,
        patientId: c.patientId,
        title: 'Tell the referring physician the coverage ended',
        explanation: `A check on ${c.answeredAt?.slice(0, 10) ?? today} found the coverage inactive. Notify ${who.name}${who.organization ? ` (${who.organization})` : ''} and record the disclosure when it is sent.`,
        due: endOfDay(addDays(today, 2)),
        priority: 3,
        team: 'back_office',
        link: { kind: 'patient', id: c.patientId },
      });
    }
    return out;
  },
});
