import { describe, expect, it } from 'vitest';
import { coverageEndingDraft, coverageEndingGenerator, duplicateSuspectsGenerator } from './patient-work.ts';
import type { Coverage, PatientRecord } from './patient.ts';
import type { DuplicateSuspect } from './patient.repo.ts';

const TODAY = '2026-03-10';
const ctx = { today: TODAY, now: new Date('2026-03-10T15:00:00.000Z') };

const coverage = (over: Partial<Coverage> = {}): Coverage => ({
  id: 'c1',
  patientId: 'p1',
  payerId: 'payer-1',
  memberId: 'XYZ123',
  groupNumber: null,
  planName: 'Acme Gold PPO',
  planType: 'PPO',
  priority: 1,
  relationship: 'self',
  subscriberPatientId: null,
  subscriber: null,
  effectiveDate: '2025-01-01',
  endDate: '2026-03-31',
  ...over,
});

describe('coverageEndingDraft', () => {
  it.each([
    // end date, priority, due: 7 days before the end, never before today
    ['2026-04-09', 3, '2026-04-02T23:59:59.999Z'], // 30 days left: the window's far edge
    ['2026-03-18', 3, '2026-03-11T23:59:59.999Z'], // 8 days left
    ['2026-03-17', 2, '2026-03-10T23:59:59.999Z'], // 7 days left: due today
    ['2026-03-12', 2, '2026-03-10T23:59:59.999Z'], // lead time already passed: due today
    ['2026-03-10', 2, '2026-03-10T23:59:59.999Z'], // ends today
  ])('ending %s: priority %s, due %s', (endDate, priority, due) => {
    const d = coverageEndingDraft({ ...coverage(), endDate }, TODAY);
    expect(d).toMatchObject({ priority, due, sourceKey: `coverage-ending:c1:${endDate}`, team: 'front_desk', patientId: 'p1', link: { kind: 'coverage', id: 'c1' } });
  });

  it('explains with the plan and the date, never a name', () => {
    const d = coverageEndingDraft({ ...coverage(), endDate: '2026-03-31' }, TODAY);
    expect(d.title).toBe('Primary coverage ends 2026-03-31');
    expect(d.explanation).toBe('Primary coverage (Acme Gold PPO) ends on 2026-03-31: ask the patient for their new insurance card and update the coverage.');
  });

  it('falls back to the plan type, and names secondary coverage', () => {
    const d = coverageEndingDraft({ ...coverage({ planName: null, priority: 2, planType: 'Medicare' }), endDate: '2026-03-31' }, TODAY);
    expect(d.explanation).toMatch(/^Secondary coverage \(Medicare plan\) ends on 2026-03-31:/);
  });
});

describe('coverageEndingGenerator', () => {
  it('asks for today through today + 30 days and skips open-ended coverage', async () => {
    const asked: string[][] = [];
    const gen = coverageEndingGenerator({
      coveragesEndingBetween: async (from, to) => {
        asked.push([from, to]);
        return [coverage(), coverage({ id: 'c2', endDate: null })];
      },
    });
    const drafts = await gen.generate(ctx);
    expect(asked).toEqual([['2026-03-10', '2026-04-09']]);
    expect(drafts.map((d) => d.sourceKey)).toEqual(['coverage-ending:c1:2026-03-31']);
    expect(drafts.every((d) => d.kind === gen.kind)).toBe(true);
  });
});

describe('duplicateSuspectsGenerator', () => {
  const record = (id: string, over: Partial<PatientRecord> = {}): PatientRecord =>
    ({
      id, familyName: 'Testwell', givenName: 'Janet', birthDate: '1980-02-29', phones: [], address: { line1: '', city: '', state: '', postalCode: '', country: 'US' }, ssnIndex: null, ...over,
    }) as PatientRecord;
  const suspect: DuplicateSuspect = { id: 's1', patientId: 'p2', candidateId: 'p1', score: 85, status: 'open', createdAt: '2026-03-08T10:00:00.000Z' };

  it('one item per open pair, with what matched, due the day it was found', async () => {
    const gen = duplicateSuspectsGenerator({ openSuspectPairs: async () => [suspect], getMany: async (ids) => ids.map((id) => record(id, id === 'p2' ? { familyName: 'Testwel' } : {})) });
    const [d, ...rest] = await gen.generate(ctx);
    expect(rest).toEqual([]);
    expect(d).toEqual({
      kind: 'patient.duplicate',
      sourceKey: 'patient-duplicate:p2:p1',
      patientId: 'p2',
      title: 'Possible duplicate registration',
      explanation: 'Two registrations look like the same person (similar name, same date of birth): compare them, then merge them or dismiss the match.',
      due: '2026-03-08T23:59:59.999Z',
      priority: 2,
      team: 'back_office',
      link: { kind: 'patient', id: 'p2', relatedId: 'p1' },
    });
    expect(d!.explanation).not.toContain('Testwel');
  });

  it('falls back to the score when a record cannot be read', async () => {
    const gen = duplicateSuspectsGenerator({ openSuspectPairs: async () => [suspect], getMany: async () => [] });
    expect((await gen.generate(ctx))[0]!.explanation).toContain('(match score 85)');
  });

  it('no pairs, no items', async () => {
    const gen = duplicateSuspectsGenerator({ openSuspectPairs: async () => [], getMany: async () => [] });
    expect(await gen.generate(ctx)).toEqual([]);
  });
});
