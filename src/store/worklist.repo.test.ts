import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { systemPrincipal, type Principal, type Role } from '../core/access/index.ts';
import type { AuditEntry } from '../core/audit/index.ts';
import { createCoveragesService, createMergeService, createPatientsService, PatientInputSchema, type CoverageInput } from '../core/patients/index.ts';
import { coverageEndingGenerator, duplicateSuspectsGenerator } from '../core/patients/patient-work.ts';
import { fixedClock } from '../core/shared/index.ts';
import { createWorklistService, MyDayFiltersSchema, WorklistFiltersSchema, type WorkItem } from '../core/worklist/index.ts';
import { createFieldCipher } from '../integrations/crypto/field-cipher.ts';
import { hmacSealer } from '../integrations/crypto/keys.ts';
import { createAuditStore } from './audit.repo.ts';
import { longReads, RetryableConflict, type Db } from './db.ts';
import { createIdempotencyRepo } from './idempotency.repo.ts';
import { createPatientRepo } from './patients.repo.ts';
import { createWorkItemRepo } from './worklist.repo.ts';

const DAY = 86_400_000;
const who = (role: Role, userId = `u-${role}`): Principal => ({ userId, username: userId, role, principalId: `session:${userId}`, kind: 'session', sourceIp: '127.0.0.1', breakGlass: null });
const front = who('front_desk');
const front2 = who('front_desk', 'u-front-2');
const back = who('back_office');
const auditor = who('auditor');
const system = systemPrincipal('test');

const setup = async (db: Db) => {
  const clock = fixedClock('2026-03-10T15:00:00.000Z');
  let n = 0;
  const ids = { newId: () => `id${String(++n).padStart(6, '0')}` };
  const audit = createAuditStore({ db, seal: hmacSealer(Buffer.alloc(32, 7)), clock });
  const cipher = createFieldCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 2));
  const patientRepo = createPatientRepo(db, () => clock.now().toISOString());
  const deps = { audit: audit.log, uow: db.uow, clock, ids };
  const patients = createPatientsService({ patients: patientRepo, idempotency: createIdempotencyRepo(db), cipher, ...deps });
  const coverages = createCoveragesService({ patients: patientRepo, registry: patients, ...deps });
  const merges = createMergeService({ patients: patientRepo, registry: patients, ...deps });
  const items = createWorkItemRepo(db);
  const worklist = createWorklistService({ items, generators: [duplicateSuspectsGenerator(patientRepo), coverageEndingGenerator(patientRepo)], ...deps });
  const audited = async (action: string): Promise<AuditEntry[]> => {
    await audit.flush();
    return (await audit.repo.search({ action, sort: 'seq', order: 'asc', limit: 100, offset: 0 })).entries;
  };
  const rows = () => db.kysely.selectFrom('work_items').selectAll().orderBy('id').execute();
  return { clock, patients, coverages, merges, items, worklist, audited, rows };
};

let db: Db;
let t: Awaited<ReturnType<typeof setup>>;
beforeEach(async () => {
  db = await freshDb();
  t = await setup(db);
});
afterEach(async () => {
  longReads.pageRows = 5000;
  await db.close();
});

const cov = (over: Partial<CoverageInput> = {}): CoverageInput => ({ payerId: 'payer-acme', memberId: 'ACM100200', planName: 'Acme Gold PPO', planType: 'PPO', priority: 1, relationship: 'self', endDate: '2026-03-25', ...over });
const register = (familyName: string, over: Record<string, unknown> = {}) =>
  t.patients.create(front, PatientInputSchema.parse({ familyName, givenName: 'Janet', birthDate: '1980-02-29', sex: 'female', ...over }));

/** Jane with a coverage ending in 15 days, and a second registration of her (a suspected duplicate). */
const seed = async () => {
  const jane = (await register('Testwell', { coverages: [cov()] })).patient;
  const twin = (await register('Testwell', { acknowledgeDuplicates: true })).patient;
  return { jane, twin, coverageId: jane.coverages[0]!.id };
};
const myDay = (p: Principal, f: Record<string, unknown> = {}) => t.worklist.myDay(p, MyDayFiltersSchema.parse(f));
const keysOf = (items: WorkItem[]) => items.map((i) => i.sourceKey);
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code: string }) => e.code);

describe('worklist generators on the store', () => {
  it('run twice: no duplicates, and the second run changes nothing', async () => {
    const { jane, twin, coverageId } = await seed();
    const first = await t.worklist.runGenerators(system);
    expect(first).toEqual([
      { kind: 'patient.duplicate', inserted: 1, updated: 0, closed: 0 },
      { kind: 'coverage.ending', inserted: 1, updated: 0, closed: 0 },
    ]);
    const before = await t.rows();
    expect(before.map((r) => [r.kind, r.source_key, r.status, r.patient_id])).toEqual([
      ['patient.duplicate', `patient-duplicate:${twin.id}:${jane.id}`, 'open', twin.id],
      ['coverage.ending', `coverage-ending:${coverageId}:2026-03-25`, 'open', jane.id],
    ]);
    t.clock.advance(60_000);
    expect(await t.worklist.runGenerators(system)).toEqual([
      { kind: 'patient.duplicate', inserted: 0, updated: 0, closed: 0 },
      { kind: 'coverage.ending', inserted: 0, updated: 0, closed: 0 },
    ]);
    expect(await t.rows()).toEqual(before);
    expect(await t.audited('worklist.refresh')).toHaveLength(2); // the quiet run left no trace
  });

  it('reading in pages (two rows here) finds every cause and every stored item: a second run changes nothing', async () => {
    longReads.pageRows = 2;
    for (let i = 0; i < 5; i++) await register(`Pagewell${'abcde'[i]}`, { birthDate: `1970-01-0${i + 1}`, coverages: [cov({ memberId: `PGW00${i}`, endDate: `2026-03-2${i}` })] });
    const first = await t.worklist.runGenerators(system);
    expect(first.find((r) => r.kind === 'coverage.ending')).toMatchObject({ inserted: 5, updated: 0, closed: 0 });
    const again = await t.worklist.runGenerators(system);
    expect(again.every((r) => r.inserted + r.updated + r.closed === 0)).toBe(true);
    expect((await t.rows()).filter((r) => r.kind === 'coverage.ending')).toHaveLength(5);
  });

  it('a refresh lets other work run between its steps (the server pauses for a turn of the event loop)', async () => {
    await seed();
    const log: string[] = [];
    let made = 0;
    const patientRepo = createPatientRepo(db, () => t.clock.now().toISOString());
    const logged = <G extends { kind: string; generate: (...a: never[]) => Promise<unknown> }>(g: G): G => ({ ...g, generate: async (...a: never[]) => (log.push(`generate ${g.kind}`), g.generate(...a)) });
    const audit = createAuditStore({ db, seal: hmacSealer(Buffer.alloc(32, 7)), clock: t.clock });
    const worklist = createWorklistService({
      items: t.items,
      generators: [logged(duplicateSuspectsGenerator(patientRepo)), logged(coverageEndingGenerator(patientRepo))],
      audit: audit.log, uow: db.uow, clock: t.clock, ids: { newId: () => `pause-${++made}` },
      pause: async () => void log.push('pause'),
    });
    await worklist.runGenerators(system);
    expect(log).toEqual(['pause', 'generate patient.duplicate', 'pause', 'pause', 'pause', 'pause', 'generate coverage.ending', 'pause', 'pause', 'pause']);
  });

  it('two runs at once (two servers) store each cause once', async () => {
    await seed();
    await Promise.all([t.worklist.runGenerators(system), t.worklist.runGenerators(system), t.worklist.runGenerators(system)]);
    expect((await t.rows()).map((r) => r.kind).sort()).toEqual(['coverage.ending', 'patient.duplicate']);
  });

  it('a coverage given a new end date closes the old item and opens one for the new date; removing it closes that', async () => {
    const { jane, coverageId } = await seed();
    await t.worklist.runGenerators(system);
    await t.coverages.update(front, jane.id, coverageId, cov({ endDate: '2026-04-05' }));
    expect((await t.worklist.runGenerators(system))[1]).toEqual({ kind: 'coverage.ending', inserted: 1, updated: 0, closed: 1 });
    const byKey = new Map((await t.rows()).map((r) => [r.source_key, r.status]));
    expect(byKey.get(`coverage-ending:${coverageId}:2026-03-25`)).toBe('closed');
    expect(byKey.get(`coverage-ending:${coverageId}:2026-04-05`)).toBe('open');

    await t.coverages.remove(front, jane.id, coverageId);
    expect((await t.worklist.runGenerators(system))[1]).toEqual({ kind: 'coverage.ending', inserted: 0, updated: 0, closed: 1 });
    expect((await t.rows()).filter((r) => r.kind === 'coverage.ending').map((r) => r.status)).toEqual(['closed', 'closed']);
  });

  it('a coverage renewed without an end date, or ending beyond 30 days, closes its item', async () => {
    const { jane, coverageId } = await seed();
    await t.worklist.runGenerators(system);
    await t.coverages.update(front, jane.id, coverageId, cov({ endDate: '2026-06-30' }));
    expect((await t.worklist.runGenerators(system))[1]).toMatchObject({ inserted: 0, closed: 1 });
  });

  it('updates the open item as the end draws near (priority and explanation) without duplicating it', async () => {
    const { jane, coverageId } = await seed();
    await t.worklist.runGenerators(system);
    await t.coverages.update(front, jane.id, coverageId, cov({ planName: 'Acme Silver PPO' }));
    t.clock.advance(9 * DAY); // 6 days left
    expect((await t.worklist.runGenerators(system))[1]).toEqual({ kind: 'coverage.ending', inserted: 0, updated: 1, closed: 0 });
    const [item] = (await t.worklist.list(back, WorklistFiltersSchema.parse({ kind: 'coverage.ending' }))).items;
    expect(item).toMatchObject({ priority: 2, due: '2026-03-19T23:59:59.999Z', version: 2, explanation: 'Primary coverage (Acme Silver PPO) ends on 2026-03-25: ask the patient for their new insurance card and update the coverage.' });
    expect(item!.explanation).not.toContain('Testwell');
  });

  it('dismissing the suspected duplicate closes its item; merging closes it too', async () => {
    const { jane, twin } = await seed();
    await t.worklist.runGenerators(system);
    await t.merges.dismiss(back, [twin.id, jane.id]);
    expect((await t.worklist.runGenerators(system))[0]).toEqual({ kind: 'patient.duplicate', inserted: 0, updated: 0, closed: 1 });

    const third = (await register('Testwell', { acknowledgeDuplicates: true })).patient;
    expect((await t.worklist.runGenerators(system))[0]).toMatchObject({ inserted: 2 }); // third vs jane, third vs twin
    await t.merges.merge(back, jane.id, third.id, 'same person, same card');
    expect((await t.worklist.runGenerators(system))[0]).toMatchObject({ inserted: 0, closed: 2 });
  });
});

describe('worklist use cases on the store', () => {
  it('my day: my team\'s unassigned items and mine, grouped with counts; other teams do not see them', async () => {
    await seed();
    await t.worklist.runGenerators(system);
    const fd = await myDay(front);
    expect(fd.total).toBe(1);
    expect(fd.groups.map((g) => [g.kind, g.label, g.count])).toEqual([['coverage.ending', 'Coverage ending soon', 1]]);
    const bo = await myDay(back);
    expect(bo.groups.map((g) => [g.kind, g.label, g.count])).toEqual([['patient.duplicate', 'Possible duplicate patients', 1]]);

    const dupId = bo.groups[0]!.items[0]!.id;
    await t.worklist.assign(back, dupId, front2.userId);
    expect((await myDay(back)).total).toBe(0);
    expect((await myDay(front2)).counts).toEqual({ 'coverage.ending': 1, 'patient.duplicate': 1 });
    expect((await myDay(front2, { mine: true })).counts).toEqual({ 'patient.duplicate': 1 });
    expect((await myDay(front)).counts).toEqual({ 'coverage.ending': 1 });
    const [entry] = await t.audited('worklist.assign');
    expect(entry).toMatchObject({ category: 'worklist', patientId: bo.groups[0]!.items[0]!.patientId, userId: back.userId });
    expect(JSON.parse(entry!.detail)).toMatchObject({ itemId: dupId, ownerId: front2.userId, previousOwnerId: null });
  });

  it('snooze hides the item from my day until the time passes; a generator run keeps the snooze', async () => {
    await seed();
    await t.worklist.runGenerators(system);
    const id = (await myDay(front)).groups[0]!.items[0]!.id;
    expect(await errorOf(t.worklist.snooze(front, id, { until: '2026-03-12T15:00:00.000Z', reason: 'no' }))).toBe('invalid');
    expect(await errorOf(t.worklist.snooze(front, id, { until: '2026-03-10T14:00:00.000Z', reason: 'waiting for a call' }))).toBe('invalid');
    const snoozed = await t.worklist.snooze(front, id, { until: '2026-03-12T10:00:00-05:00', reason: 'patient brings the card Thursday' });
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-03-12T15:00:00.000Z', snoozeReason: 'patient brings the card Thursday' });
    expect((await myDay(front)).total).toBe(0);
    expect(keysOf((await myDay(front, { status: 'snoozed' })).groups.flatMap((g) => g.items))).toHaveLength(1);
    await t.worklist.runGenerators(system);
    expect((await t.items.get(id))!.status).toBe('snoozed');

    t.clock.advance(2 * DAY - 1);
    expect((await myDay(front)).total).toBe(0);
    t.clock.advance(1); // the snooze ends at that instant
    expect((await myDay(front)).total).toBe(1);
    expect((await t.worklist.managerView(back)).total).toBe(2);
    expect((await t.audited('worklist.snooze')).map((e) => JSON.parse(e.detail).reason)).toEqual(['patient brings the card Thursday']);
  });

  it('complete: gone from my day, not brought back by the generator; reopen brings it back', async () => {
    await seed();
    await t.worklist.runGenerators(system);
    const id = (await myDay(front)).groups[0]!.items[0]!.id;
    const done = await t.worklist.complete(front, id, '  new card scanned  ');
    expect(done).toMatchObject({ status: 'done', completedBy: front.userId, completedAt: '2026-03-10T15:00:00.000Z', completionNote: 'new card scanned' });
    expect(await errorOf(t.worklist.complete(front, id))).toBe('precondition_failed');
    expect((await myDay(front)).total).toBe(0);
    expect((await t.worklist.runGenerators(system))[1]).toEqual({ kind: 'coverage.ending', inserted: 0, updated: 0, closed: 0 });
    expect((await myDay(front, { status: 'done' })).total).toBe(1);
    const [entry] = await t.audited('worklist.complete');
    expect(entry).toMatchObject({ category: 'worklist', outcome: 'success' });
    expect(entry!.detail).not.toContain('card scanned');

    expect(await t.worklist.reopen(front, id)).toMatchObject({ status: 'open', completedBy: null, completedAt: null });
    expect((await myDay(front)).total).toBe(1);
  });

  it('a closed item cannot be completed, assigned or reopened', async () => {
    const { jane, coverageId } = await seed();
    await t.worklist.runGenerators(system);
    const id = (await myDay(front)).groups[0]!.items[0]!.id;
    await t.coverages.remove(front, jane.id, coverageId);
    await t.worklist.runGenerators(system);
    for (const act of [() => t.worklist.complete(front, id), () => t.worklist.assign(front, id, 'u-x'), () => t.worklist.reopen(front, id)]) expect(await errorOf(act())).toBe('precondition_failed');
    expect(await errorOf(t.worklist.complete(front, 'nope'))).toBe('not_found');
  });

  it('manager list and view: by owner, unassigned, overdue, and age', async () => {
    await seed();
    await t.worklist.runGenerators(system);
    t.clock.advance(2 * DAY);
    const all = await t.worklist.list(back, WorklistFiltersSchema.parse({}));
    expect(all.total).toBe(2);
    const dup = all.items.find((i) => i.kind === 'patient.duplicate')!;
    await t.worklist.assign(back, dup.id, back.userId);
    expect(keysOf((await t.worklist.list(back, WorklistFiltersSchema.parse({ ownerId: null }))).items)).toEqual([expect.stringMatching(/^coverage-ending:/)]);
    expect((await t.worklist.list(back, WorklistFiltersSchema.parse({ overdue: true }))).items.map((i) => i.id)).toEqual([dup.id]);
    const v = await t.worklist.managerView(back);
    expect(v).toMatchObject({ total: 2, overdue: 1, byAge: { '<1d': 0, '1-3d': 2, '3-7d': 0, '>7d': 0 }, byKind: { 'coverage.ending': 1, 'patient.duplicate': 1 } });
    expect(v.byOwner.map((o) => [o.ownerId, o.team, o.count])).toEqual([[back.userId, null, 1], [null, 'front_desk', 1]]);
  });

  it('access: a role without worklist permissions is refused, and nothing changes', async () => {
    await seed();
    expect(await errorOf(t.worklist.runGenerators(auditor))).toBe('forbidden');
    expect(await t.rows()).toEqual([]);
    await t.worklist.runGenerators(system);
    const id = (await t.rows())[0]!.id;
    expect(await errorOf(myDay(auditor))).toBe('forbidden');
    expect(await errorOf(t.worklist.managerView(auditor))).toBe('forbidden');
    expect(await errorOf(t.worklist.assign(auditor, id, auditor.userId))).toBe('forbidden');
    expect(await errorOf(t.worklist.complete(auditor, id))).toBe('forbidden');
    expect((await t.items.get(id))!.status).toBe('open');
  });

  it('the store refuses a stale version and a second item for the same cause (retryable)', async () => {
    await seed();
    await t.worklist.runGenerators(system);
    const [row] = await t.rows();
    const item = (await t.items.get(row!.id))!;
    await expect(t.items.update({ ...item, version: 5 }, 4)).rejects.toBeInstanceOf(RetryableConflict);
    await expect(t.items.insert({ ...item, id: 'other' })).rejects.toBeInstanceOf(RetryableConflict);
  });
});
