import { addDays, type LocalDate } from '../shared/index.ts';
import { endOfDay, type DraftWorkItem, type Priority, type WorkItemGenerator } from '../worklist/index.ts';
import { matchScore, type MatchFacts } from './patient-match.ts';
import { matchFactsOf } from './patient-records.ts';
import type { Coverage, PatientRecord } from './patient.ts';
import type { DuplicateSuspect, PatientRepo } from './patient.repo.ts';

/** Work item kinds the patient registry contributes to the worklist. */
export const PatientWorkKinds = { duplicate: 'patient.duplicate', coverageEnding: 'coverage.ending' } as const;

/** How far ahead an ending coverage becomes work, and how long before the end it is due. */
export const COVERAGE_WINDOW_DAYS = 30;
export const COVERAGE_LEAD_DAYS = 7;

const matchFactsOfRecord = (r: PatientRecord): MatchFacts => matchFactsOf(r, r.ssnIndex);


/** The item for one suspected pair; the reasons name what matched, never the values. */
export const duplicateDraft = (s: DuplicateSuspect, reasons: string[]): DraftWorkItem => ({
  kind: PatientWorkKinds.duplicate,
  sourceKey: `patient-duplicate:${s.patientId}:${s.candidateId}`,
  patientId: s.patientId,
  title: 'Possible duplicate registration',
  explanation: `Two registrations look like the same person (${reasons.length ? reasons.join(', ') : `match score ${s.score}`}): compare them, then merge them or dismiss the match.`,
  // Due the day the pair was found, so a pair left alone shows as overdue rather than sliding.
  due: endOfDay(s.createdAt.slice(0, 10)),
  priority: 2,
  team: 'back_office',
  link: { kind: 'patient', id: s.patientId, relatedId: s.candidateId },
});

/** One item per open suspected-duplicate pair, for the back office to merge or dismiss. */
export const duplicateSuspectsGenerator = (repo: Pick<PatientRepo, 'openSuspectPairs' | 'getMany'>): WorkItemGenerator => ({
  kind: PatientWorkKinds.duplicate,
  label: 'Possible duplicate patients',
  team: 'back_office',
  async generate() {
    const pairs = await repo.openSuspectPairs();
    const ids = [...new Set(pairs.flatMap((s) => [s.patientId, s.candidateId]))];
    const records = new Map<string, PatientRecord>();
    for (let i = 0; i < ids.length; i += 500) for (const r of await repo.getMany(ids.slice(i, i + 500))) records.set(r.id, r);
    return pairs.map((s) => {
      const [a, b] = [records.get(s.patientId), records.get(s.candidateId)];
      return duplicateDraft(s, a && b ? matchScore(matchFactsOfRecord(a), matchFactsOfRecord(b)).reasons : []);
    });
  },
});

const ORDINALS = ['Primary', 'Secondary', 'Tertiary'];

/** Whole days from `from` to `to` (negative when `to` is earlier). */
const daysBetween = (from: LocalDate, to: LocalDate): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The item for a coverage ending on `c.endDate`, seen on `today`. */
export const coverageEndingDraft = (c: Coverage & { endDate: LocalDate }, today: LocalDate): DraftWorkItem => {
  const order = ORDINALS[c.priority - 1] ?? `Priority ${c.priority}`;
  const plan = c.planName?.trim() || `${c.planType} plan`;
  const leadDate = addDays(c.endDate, -COVERAGE_LEAD_DAYS);
  const priority: Priority = daysBetween(today, c.endDate) <= COVERAGE_LEAD_DAYS ? 2 : 3;
  return {
    kind: PatientWorkKinds.coverageEnding,
    // The end date is part of the key: a coverage given a new end date is a new cause, and the old item closes.
    sourceKey: `coverage-ending:${c.id}:${c.endDate}`,
    patientId: c.patientId,
    title: `${order} coverage ends ${c.endDate}`,
    explanation: `${order} coverage (${plan}) ends on ${c.endDate}: ask the patient for their new insurance card and update the coverage.`,
    due: endOfDay(leadDate > today ? leadDate : today),
    priority,
    team: 'front_desk',
    link: { kind: 'coverage', id: c.id },
  };
};

/** One item per coverage of an active patient ending within the next 30 days, today included. */
export const coverageEndingGenerator = (repo: Pick<PatientRepo, 'coveragesEndingBetween'>): WorkItemGenerator => ({
  kind: PatientWorkKinds.coverageEnding,
  label: 'Coverage ending soon',
  team: 'front_desk',
  async generate({ today }) {
    const ending = await repo.coveragesEndingBetween(today, addDays(today, COVERAGE_WINDOW_DAYS));
    return ending.filter((c): c is Coverage & { endDate: LocalDate } => c.endDate !== null).map((c) => coverageEndingDraft(c, today));
  },
});
