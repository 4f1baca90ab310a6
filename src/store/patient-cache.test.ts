import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Coverage, PatientRecord } from '../core/patients/index.ts';
import { openDb, type Db } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { PATIENT_CHANGES_KEPT } from './migrations/0008-patient-changes.ts';
import { createPatientCache } from './patient-cache.ts';
import { createPatientRepo } from './patients.repo.ts';

// The patient read cache is a SQLite feature (see migration 0008), so these tests always run on a
// SQLite file, with a second connection standing in for another process (the CLI).
const dirs: string[] = [];
const open = async (): Promise<{ db: Db; other: Db }> => {
  const dir = mkdtempSync(join(tmpdir(), 'medoffice-cache-'));
  dirs.push(dir);
  const db = openDb({ url: join(dir, 'db.sqlite') });
  await migrateToLatest(db);
  return { db, other: openDb({ url: join(dir, 'db.sqlite') }) };
};
const opened: Db[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const patient = (id: string, familyName: string): PatientRecord => ({
  id, mrn: `M-${id}`, status: 'active', mergedInto: null, restricted: false, familyName, givenName: 'Ana', middleName: null, suffix: null, preferredName: null,
  birthDate: '1980-01-01', sex: 'female', genderIdentity: null, address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' }, phones: [], email: null, language: null,
  contactPreferences: { allowSms: false, allowEmail: false, allowVoicemail: false }, ssnEnc: null, ssnLast4: null, ssnIndex: null, guarantor: null, referringPhysician: null,
  chronicConditions: [], allergies: [], careTeam: [], version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
} as unknown as PatientRecord);

const coverage = (id: string, patientId: string, memberId: string): Coverage => ({
  id, patientId, payerId: 'payer-1', memberId, groupNumber: null, planName: null, planType: 'PPO', priority: 1, relationship: 'self', subscriberPatientId: null, subscriber: null, effectiveDate: null, endDate: null,
} as Coverage);

const setUp = async () => {
  const { db, other } = await open();
  opened.push(db, other);
  const repo = createPatientRepo(db, () => '2026-01-02T00:00:00.000Z');
  const otherRepo = createPatientRepo(other, () => '2026-01-02T00:00:00.000Z');
  await db.uow.run(() => repo.insert(patient('p1', 'Lopez'), [], []));
  await db.uow.run(() => repo.insert(patient('p2', 'Kim'), [], []));
  // A cache over the real statements, counting how often it goes to the database.
  let loads = 0;
  const family = async (id: string): Promise<string | null> => {
    loads++;
    return (await db.read().selectFrom('patients').select('family_name').where('id', '=', id).executeTakeFirst())?.family_name ?? null;
  };
  const cache = createPatientCache(db, family);
  return { db, other, repo, otherRepo, cache, loads: () => loads };
};

describe('store: the patient read cache', () => {
  it('answers a second read from memory', async () => {
    const { cache, loads } = await setUp();
    expect(await cache.get('p1')).toBe('Lopez');
    expect(await cache.get('p1')).toBe('Lopez');
    expect(loads()).toBe(1);
    expect(await cache.get('nobody')).toBeNull();
    expect(await cache.get('nobody')).toBeNull();
    expect(loads()).toBe(3); // "not found" is never kept
  });

  it('sees a change made by another connection (another process) on the next read', async () => {
    const { cache, other, otherRepo } = await setUp();
    expect(await cache.get('p1')).toBe('Lopez');
    await other.uow.run(() => otherRepo.update({ ...patient('p1', 'Lopez-Garcia'), version: 2 }, [], [], 1));
    expect(await cache.get('p1')).toBe('Lopez-Garcia');
  });

  it('forgets only the patients that changed', async () => {
    const { cache, other, otherRepo, loads } = await setUp();
    await cache.get('p1');
    await cache.get('p2');
    await other.uow.run(() => otherRepo.update({ ...patient('p2', 'Kim-Park'), version: 2 }, [], [], 1));
    expect(await cache.get('p1')).toBe('Lopez');
    expect(await cache.get('p2')).toBe('Kim-Park');
    expect(loads()).toBe(3);
  });

  it('a coverage added, changed, moved or removed is seen on the next read of the patient (the repository)', async () => {
    const { repo, other, otherRepo } = await setUp();
    const members = async (id: string): Promise<string[]> => (await repo.getWithCoverages(id))!.coverages.map((c) => c.memberId);
    expect(await members('p1')).toEqual([]);
    await other.uow.run(() => otherRepo.insertCoverage(coverage('c1', 'p1', 'PPO111')));
    expect(await members('p1')).toEqual(['PPO111']);
    await other.uow.run(() => otherRepo.updateCoverage(coverage('c1', 'p1', 'PPO222')));
    expect(await members('p1')).toEqual(['PPO222']);
    expect(await members('p2')).toEqual([]);
    await other.uow.run(() => otherRepo.moveCoverages('p1', 'p2')); // a merge
    expect(await members('p1')).toEqual([]);
    expect(await members('p2')).toEqual(['PPO222']);
    await other.uow.run(() => otherRepo.deleteCoverage('p2', 'c1'));
    expect(await members('p2')).toEqual([]);
  });

  it('a change committed by this process is seen by its next read (the repository)', async () => {
    const { repo } = await setUp();
    expect((await repo.getWithCoverages('p1'))!.record.familyName).toBe('Lopez');
    await repo.update({ ...patient('p1', 'Lopez-Ruiz'), version: 2 }, [], [], 1);
    expect((await repo.getWithCoverages('p1'))!.record.familyName).toBe('Lopez-Ruiz');
  });

  it('a kept record cannot be altered by whoever it was answered to (the repository)', async () => {
    const { repo, other, otherRepo } = await setUp();
    await other.uow.run(() => otherRepo.insertCoverage(coverage('c1', 'p1', 'PPO111')));
    const first = (await repo.getWithCoverages('p1'))!;
    expect(() => {
      (first.record as { familyName: string }).familyName = 'Changed';
    }).toThrow(TypeError);
    expect(() => (first.record.address as { line1: string }).line1 = 'Changed').toThrow(TypeError);
    expect(() => first.coverages.push(coverage('c2', 'p1', 'X'))).toThrow(TypeError);
    expect(() => (first.coverages[0] as { memberId: string }).memberId = 'Changed').toThrow(TypeError);
    const again = (await repo.getWithCoverages('p1'))!;
    expect(again.record.familyName).toBe('Lopez');
    expect(again.record.address.line1).toBe('1 Main St');
    expect(again.coverages.map((c) => c.memberId)).toEqual(['PPO111']);
    // Searches and getMany answer the same kept records.
    expect((await repo.getMany(['p1']))[0]).toBe(again.record);
  });

  it('a read inside a transaction goes to the database and sees the transaction’s own changes', async () => {
    const { db, repo, cache, loads } = await setUp();
    await cache.get('p1');
    await db.uow.run(async () => {
      await db.q().updateTable('patients').set({ family_name: 'Uncommitted' }).where('id', '=', 'p1').execute();
      expect(await cache.get('p1')).toBe('Uncommitted');
      expect((await repo.getWithCoverages('p1'))!.record.familyName).toBe('Uncommitted');
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(loads()).toBe(2);
    expect(await cache.get('p1')).toBe('Lopez');
  });

  it('a row loaded while the change log moved is answered but not kept', async () => {
    const { db, other, otherRepo } = await setUp();
    let loads = 0;
    // The change lands between this load's start and its end, as a concurrent writer's would.
    const cache = createPatientCache(db, async (id) => {
      loads++;
      const row = await db.read().selectFrom('patients').select('family_name').where('id', '=', id).executeTakeFirst();
      if (loads === 2) {
        await other.uow.run(() => otherRepo.update({ ...patient('p2', 'Kim-Lee'), version: 2 }, [], [], 1));
        await cache.get('p2'); // another request catches up with the log meanwhile
      }
      return row?.family_name ?? null;
    });
    await cache.get('p2'); // first sight of the log
    expect(await cache.get('p1')).toBe('Lopez');
    expect(loads).toBe(3);
    expect(await cache.get('p1')).toBe('Lopez');
    expect(loads).toBe(4); // not kept: it straddled the change
    expect(await cache.get('p1')).toBe('Lopez');
    expect(loads).toBe(4);
  });

  it('a process that fell behind the pruned log forgets everything', async () => {
    const { other, cache, loads } = await setUp();
    await cache.get('p1');
    await cache.get('p2');
    // Entries the process never read are pruned: here, deleted by hand before it looks.
    await other.kysely.updateTable('patients').set({ family_name: 'Lopez-Diaz' }).where('id', '=', 'p1').execute();
    await other.kysely.deleteFrom('patient_changes').where('patient_id', '=', 'p1').execute();
    await other.kysely.updateTable('patients').set({ family_name: 'Kim' }).where('id', '=', 'p2').execute();
    expect(await cache.get('p1')).toBe('Lopez-Diaz');
    expect(await cache.get('p2')).toBe('Kim');
    expect(loads()).toBe(4);
  });

  it('a search answers from the cache and still shows what another process changed', async () => {
    const { repo, other, otherRepo } = await setUp();
    await other.uow.run(() => otherRepo.insertCoverage(coverage('c1', 'p1', 'PPO111')));
    const search = { familyPrefix: 'lop', includeRestricted: false, limit: 20, offset: 0 };
    const found = async (q: object = search) => (await repo.search({ ...search, ...q } as Parameters<typeof repo.search>[0])).map((r) => `${r.id} ${r.familyName}`);
    expect(await found()).toEqual(['p1 Lopez']);
    await other.uow.run(() => otherRepo.update({ ...patient('p1', 'Lopez-Vega'), version: 2 }, [], [], 1));
    expect(await found()).toEqual(['p1 Lopez-Vega']);
    expect((await repo.getMany(['p2', 'p1', 'none'])).map((r) => r.familyName)).toEqual(['Kim', 'Lopez-Vega']);
    await other.uow.run(() => otherRepo.updateCoverage(coverage('c1', 'p1', 'PPO999')));
    expect((await repo.coverages(['p1', 'p2'])).map((c) => c.memberId)).toEqual(['PPO999']);
    await other.kysely.updateTable('patients').set({ restricted: 1 }).where('id', '=', 'p1').execute();
    expect(await found()).toEqual([]);
    expect(await found({ includeRestricted: true })).toEqual(['p1 Lopez-Vega']);
  });

  it('the reads of one turn of the event loop share one look at the change log', async () => {
    const { db, other, otherRepo } = await setUp();
    let looks = 0;
    const counted: Db = {
      ...db,
      preparedRead: (build) => {
        const run = db.preparedRead(build);
        return (...params) => {
          looks++;
          return run(...params);
        };
      },
    };
    const cache = createPatientCache(counted, async (id) => (await db.read().selectFrom('patients').select('family_name').where('id', '=', id).executeTakeFirst())?.family_name ?? null);
    await cache.get('p1'); // the first look finds where the log ends
    looks = 0;
    expect(await Promise.all([cache.get('p1'), cache.get('p2'), cache.get('p1'), cache.getMany(['p1', 'p2'])])).toEqual(['Lopez', 'Kim', 'Lopez', new Map([['p1', 'Lopez'], ['p2', 'Kim']])]);
    expect(looks).toBe(1);
    // The next turn looks again, and sees what another process changed meanwhile.
    await other.uow.run(() => otherRepo.update({ ...patient('p2', 'Kim-Cho'), version: 2 }, [], [], 1));
    expect(await cache.get('p2')).toBe('Kim-Cho');
    expect(looks).toBe(2);
  });

  it('a read that starts after a commit sees it, though an earlier read of the same turn waits for the same look', async () => {
    const { other, cache } = await setUp();
    await cache.get('p1');
    const before = cache.get('p1');
    // Committed synchronously, within this turn, after the first read started and before the second.
    other.sqlite!.prepare("update patients set family_name = 'Lopez-Soto' where id = 'p1'").run();
    const after = cache.get('p1');
    expect(await after).toBe('Lopez-Soto');
    // The earlier read may answer either name (it overlapped the commit); it is not kept stale.
    expect(['Lopez', 'Lopez-Soto']).toContain(await before);
    expect(await cache.get('p1')).toBe('Lopez-Soto');
  });

  it('the log keeps its last entries only', async () => {
    const { db } = await setUp();
    const many = PATIENT_CHANGES_KEPT + 50;
    await db.uow.run(async () => {
      for (let i = 0; i < many; i++) await db.q().updateTable('patients').set({ updated_at: String(i) }).where('id', '=', 'p1').execute();
    });
    const { n, low } = (await sql<{ n: number; low: number }>`select count(*) as n, min(seq) as low from patient_changes`.execute(db.kysely)).rows[0]!;
    expect(Number(n)).toBe(PATIENT_CHANGES_KEPT);
    expect(Number(low)).toBeGreaterThan(50);
  });
});
