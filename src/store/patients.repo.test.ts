import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import type { Coverage, PatientRecord } from '../core/patients/index.ts';
import { longReads, type Db } from './db.ts';
import { createPatientRepo } from './patients.repo.ts';

// The worklist's two whole-registry reads, on both databases: they must keep only active records.
const opened: Db[] = [];
afterEach(async () => {
  longReads.pageRows = 5000;
  for (const d of opened.splice(0)) await d.close();
});

const record = (id: string, status: PatientRecord['status'] = 'active'): PatientRecord => ({
  id, mrn: `M-${id}`, status, mergedInto: status === 'merged' ? 'pa' : null, restricted: false, familyName: 'Lopez', givenName: id, middleName: null, suffix: null, preferredName: null,
  birthDate: '1980-01-01', sex: 'female', genderIdentity: null, address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' }, phones: [], email: null, language: null,
  contactPreferences: { allowSms: false, allowEmail: false, allowVoicemail: false }, ssnEnc: null, ssnLast4: null, ssnIndex: null, guarantor: null, referringPhysician: null,
  chronicConditions: [], allergies: [], careTeam: [], version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
} as unknown as PatientRecord);

const coverage = (id: string, patientId: string, endDate: string): Coverage => ({
  id, patientId, payerId: 'payer-1', memberId: `M${id}`, groupNumber: null, planName: null, planType: 'PPO', priority: 1, relationship: 'self', subscriberPatientId: null, subscriber: null, effectiveDate: null, endDate,
} as Coverage);

describe('store: patients, the worklist reads', () => {
  it('lists open duplicate pairs and ending coverages of active records only', async () => {
    const db = await freshDb();
    opened.push(db);
    const repo = createPatientRepo(db, () => '2026-01-02T00:00:00.000Z');
    await db.uow.run(async () => {
      for (const [id, status] of [['pa', 'active'], ['pb', 'active'], ['pc', 'merged'], ['pd', 'merged']] as const) await repo.insert(record(id, status), [], []);
      for (const [id, candidate] of [['s1', 'pb'], ['s2', 'pc'], ['s3', 'pd']]) await repo.upsertSuspect({ id: id!, patientId: 'pa', candidateId: candidate!, score: 80, status: 'open', createdAt: '2026-01-02T00:00:00.000Z' });
      await repo.upsertSuspect({ id: 's4', patientId: 'pc', candidateId: 'pb', score: 80, status: 'open', createdAt: '2026-01-02T00:00:00.000Z' });
      await repo.insertCoverage(coverage('c1', 'pa', '2026-02-10'));
      await repo.insertCoverage(coverage('c2', 'pc', '2026-02-11'));
      await repo.insertCoverage(coverage('c3', 'pb', '2026-04-01'));
      await repo.insertCoverage(coverage('c4', 'pd', '2026-02-12'));
    });
    expect((await repo.openSuspectPairs()).map((s) => s.id)).toEqual(['s1']);
    expect((await repo.coveragesEndingBetween('2026-02-01', '2026-02-28')).map((c) => c.id)).toEqual(['c1']);
  });

  it('reads ending coverages in pages, in end-date then id order, none twice or missed', async () => {
    const db = await freshDb();
    opened.push(db);
    const repo = createPatientRepo(db, () => '2026-01-02T00:00:00.000Z');
    const ends = ['2026-02-12', '2026-02-10', '2026-02-10', '2026-02-11', '2026-02-10', '2026-03-01'];
    await db.uow.run(async () => {
      await repo.insert(record('pa'), [], []);
      await repo.insert(record('pm', 'merged'), [], []);
      for (const [i, end] of ends.entries()) await repo.insertCoverage(coverage(`c${i}`, 'pa', end));
      await repo.insertCoverage(coverage('cm', 'pm', '2026-02-10'));
    });
    longReads.pageRows = 2;
    expect((await repo.coveragesEndingBetween('2026-02-01', '2026-02-28')).map((c) => c.id)).toEqual(['c1', 'c2', 'c4', 'c3', 'c0']);
  });
});
