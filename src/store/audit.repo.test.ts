import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, freshDb, onPostgres } from '../../test/db.ts';
import { systemPrincipal, type Principal } from '../core/access/index.ts';
import { createAuditService, type AuditService } from '../core/audit/index.ts';
import { fixedClock } from '../core/shared/index.ts';
import { createAnchorFile } from '../integrations/crypto/anchor-file.ts';
import { hmacSealer } from '../integrations/crypto/keys.ts';
import { createAuditStore, createDisclosureRepo } from './audit.repo.ts';
import { openDb, type Db } from './db.ts';
import { migrateToLatest } from './migrate.ts';

const auditor: Principal = { userId: 'u-aud', username: 'auditor', role: 'auditor', principalId: 'session:1', kind: 'session', sourceIp: '127.0.0.1', breakGlass: null };
const clerk: Principal = { ...auditor, userId: 'u-fd', username: 'front_desk', role: 'front_desk' };

let db: Db;
let service: AuditService;
let flush: () => Promise<void>;

beforeEach(async () => {
  db = await freshDb();
  const seal = hmacSealer(Buffer.alloc(32, 7));
  const clock = fixedClock('2026-03-08T07:30:00Z');
  const anchors = createAnchorFile(join(mkdtempSync(join(tmpdir(), 'anchor-')), 'audit-anchor.json'), seal);
  const store = createAuditStore({ db, seal, clock, onHead: (h) => anchors.note(h) });
  flush = async () => {
    await store.flush();
    await anchors.flush();
  };
  service = createAuditService({ audit: store.log, auditRepo: store.repo, anchors, disclosures: createDisclosureRepo(db), seal, uow: db.uow, clock, ids: { newId: () => Math.random().toString(16).slice(2) } });
  // Ten entries, some inside one transaction, some group-committed concurrently.
  await db.uow.run(async () => {
    for (let i = 1; i <= 4; i++) await store.log.record(clerk, { action: 'patient.read', category: 'demographics', outcome: 'success', patientId: `p${i}`, detail: {} });
  });
  await Promise.all(Array.from({ length: 6 }, (_, i) => store.log.record(clerk, { action: 'patient.search', category: 'demographics', outcome: 'success', patientId: null, detail: { n: i } })));
  await flush();
});
afterEach(async () => db.close());

const verify = async () => {
  await flush();
  return service.verify(systemPrincipal('cli'));
};

describe('audit trail tamper evidence', () => {
  it('verifies an untouched trail, including concurrent group commits', async () => {
    const v = await verify();
    expect(v).toMatchObject({ ok: true, lastSeq: 10 });
  });

  it('names an edited entry', async () => {
    await db.kysely.updateTable('audit_log').set({ patient_id: 'someone-else' }).where('seq', '=', 3).execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('names a deleted entry', async () => {
    await db.kysely.deleteFrom('audit_log').where('seq', '=', 5).execute();
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBadSeq: 5 });
    expect(v.ok ? '' : v.message).toMatch(/missing/);
  });

  it('names an inserted entry', async () => {
    const row = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 10).executeTakeFirstOrThrow();
    await db.kysely.deleteFrom('audit_log').where('seq', '=', 10).execute();
    await db.kysely.insertInto('audit_log').values({ ...row, seq: 10, action: 'patient.read', patient_id: 'forged' }).execute();
    await db.kysely.insertInto('audit_log').values({ ...row, seq: 11 }).execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 10 });
  });

  it('names reordered entries', async () => {
    const a = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 6).executeTakeFirstOrThrow();
    const b = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 7).executeTakeFirstOrThrow();
    await db.kysely.updateTable('audit_log').set({ ...b, seq: 6 }).where('seq', '=', 6).execute();
    await db.kysely.updateTable('audit_log').set({ ...a, seq: 7 }).where('seq', '=', 7).execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('detects a truncated tail against the outside anchor', async () => {
    await db.kysely.deleteFrom('audit_log').where('seq', '>', 8).execute();
    await db.kysely.updateTable('audit_head').set({ seq: 8 }).execute();
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBadSeq: 9 });
    expect(v.ok ? '' : v.message).toMatch(/truncated/);
  });

  it('refuses an UPDATE-free forgery: recomputing with the wrong key fails at that entry', async () => {
    await db.kysely.updateTable('audit_log').set({ mac: sql`${'f'.repeat(64)}` }).where('seq', '=', 1).execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});

describe('audit trail: transactions that roll back', () => {
  it('keeps the entries appended beside or after a transaction that rolls back once its entries were written, and the chain verifies', async () => {
    const store = createAuditStore({ db, seal: hmacSealer(Buffer.alloc(32, 7)), clock: fixedClock('2026-03-08T07:31:00Z') });
    const entry = (patientId: string) => ({ action: 'patient.read' as const, category: 'demographics' as const, outcome: 'success' as const, patientId, detail: {} });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    // The first transaction's entry is written, moving the head, then the transaction fails: the
    // head it moved never commits, and the appends queued behind it go on from the one committed.
    const failed = db.uow.run(async () => {
      await store.log.record(clerk, entry('rolled-back'));
      await gate;
      throw new Error('refused at the end');
    });
    const kept = Array.from({ length: 5 }, (_, i) => db.uow.run(() => store.log.record(clerk, entry(`kept-${i}`))));
    const reads = Array.from({ length: 5 }, (_, i) => store.log.record(clerk, entry(`read-${i}`)));
    open();
    await expect(failed).rejects.toThrow('refused at the end');
    await Promise.all([...kept, ...reads]);
    await store.flush();
    await flush();
    expect(await service.verify(auditor)).toMatchObject({ ok: true, lastSeq: 20 });
    const patients = (await store.repo.search({ limit: 100, offset: 0, sort: 'seq', order: 'asc' })).entries.map((e) => e.patientId);
    expect(patients).not.toContain('rolled-back');
    expect(patients.filter((p) => p?.startsWith('kept-') || p?.startsWith('read-'))).toHaveLength(10);
  });
});

describe('audit report', () => {
  it('filters, sorts and exports CSV with the actions', async () => {
    const r = await service.report(auditor, { action: 'patient.read', sort: 'seq', order: 'asc', limit: 10, offset: 0 });
    expect(r.total).toBe(4);
    expect(r.entries.map((e) => e.patientId)).toEqual(['p1', 'p2', 'p3', 'p4']);
    const csv = await service.exportCsv(auditor, { patientId: 'p2', sort: 'at', order: 'desc', limit: 100, offset: 0 });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,username,userId,principalId,action,category,patientId,outcome,sourceIp,breakGlass,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('patient.read');
  });

  it('refuses the report to a role without audit.read', async () => {
    await expect(service.report(clerk, { sort: 'seq', order: 'asc', limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('records disclosures and lists the accounting per patient', async () => {
    await service.recordDisclosure({ ...clerk, role: 'back_office' }, { patientId: 'p1', disclosedOn: '2026-03-01', recipient: 'Dr. Referrer', purpose: 'continuity of care', description: 'visit summary' });
    const list = await service.accounting(auditor, 'p1');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ recipient: 'Dr. Referrer', purpose: 'continuity of care' });
  });
});

describe('audit trail: several processes', () => {
  it('keeps one intact chain when two processes append at once, in and outside transactions', async () => {
    const url = await freshDatabaseUrl();
    const first = openDb({ url });
    await migrateToLatest(first);
    const second = openDb({ url });
    try {
      const seal = hmacSealer(Buffer.alloc(32, 7));
      const clock = fixedClock('2026-03-08T07:30:00Z');
      const stores = [createAuditStore({ db: first, seal, clock }), createAuditStore({ db: second, seal, clock })];
      const dbs = [first, second];
      const entry = (n: number) => ({ action: 'patient.read' as const, category: 'demographics' as const, outcome: 'success' as const, patientId: `p${n}`, detail: {} });
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          Array.from({ length: 24 }, (_, i) => {
            const k = i % 2;
            const n = round * 24 + i;
            return i % 6 === 5 ? dbs[k]!.uow.run(() => stores[k]!.log.record(clerk, entry(n))) : stores[k]!.log.record(clerk, entry(n));
          }),
        );
      }
      for (const s of stores) await s.flush();
      const anchors = createAnchorFile(join(mkdtempSync(join(tmpdir(), 'anchor-')), 'audit-anchor.json'), seal);
      const check = createAuditService({ audit: stores[0]!.log, auditRepo: stores[0]!.repo, anchors, disclosures: createDisclosureRepo(first), seal, uow: first.uow, clock, ids: { newId: () => 'x' } });
      expect(await check.verify(systemPrincipal('cli'))).toMatchObject({ ok: true, lastSeq: 72 });
      const patients = (await stores[1]!.repo.search({ limit: 100, offset: 0, sort: 'seq', order: 'asc' })).entries.map((e) => e.patientId);
      expect(new Set(patients).size).toBe(72);
    } finally {
      await second.close();
      await first.close();
      if (!onPostgres()) rmSync(dirname(url), { recursive: true, force: true });
    }
  });
});
