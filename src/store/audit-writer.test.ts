import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../core/access/index.ts';
import { ChainVerifier } from '../core/audit/index.ts';
import { fixedClock } from '../core/shared/index.ts';
import { hmacSealer } from '../integrations/crypto/keys.ts';
import { createAuditStore } from './audit.repo.ts';
import { startAuditWriter, type AuditWriter } from './audit-writer.ts';
import { openDb, type Db } from './db.ts';
import { migrateToLatest } from './migrate.ts';

// SQLite only: the writer thread is how a SQLite file commits reads' audit entries.
const dir = mkdtempSync(join(tmpdir(), 'audit-writer-'));
const file = join(dir, 'w.sqlite');
const key = Buffer.alloc(32, 3);
let db: Db;
let writer: AuditWriter;

beforeAll(async () => {
  db = openDb({ url: file });
  await migrateToLatest(db);
  writer = startAuditWriter(file, key);
});
afterAll(async () => {
  await writer.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit writer thread', () => {
  it('interleaves with appends inside transactions on the main connection and keeps one intact chain', async () => {
    const heads: number[] = [];
    const store = createAuditStore({ db, seal: hmacSealer(key), clock: fixedClock('2026-05-01T12:00:00Z'), writer, onHead: (h) => heads.push(h.seq) });
    const p = systemPrincipal('t');
    const draft = (i: number) => ({ action: 'patient.read', category: 'demographics' as const, outcome: 'success' as const, patientId: `p${i}`, detail: {} });
    await Promise.all([
      ...Array.from({ length: 200 }, (_, i) => store.log.record(p, draft(i))),
      ...Array.from({ length: 20 }, (_, i) => db.uow.run(() => store.log.record(p, draft(1000 + i)))),
    ]);
    await store.flush();
    const verifier = new ChainVerifier(hmacSealer(key), null);
    let n = 0;
    for await (const e of store.repo.scan(100)) {
      expect(verifier.push(e)).toBe(true);
      n += 1;
    }
    expect(n).toBe(220);
    expect(verifier.finish()).toMatchObject({ ok: true, lastSeq: 220 });
    expect(Math.max(...heads)).toBeGreaterThan(0);
  });

  it('commits batches sent back to back without waiting for each other, each answered once durable', async () => {
    const entry = (i: number) => ({ at: '2026-05-01T12:00:00.000Z', userId: 'u', username: 'u', principalId: 'system:t', sourceIp: null, breakGlass: false, action: 'patient.read', category: 'demographics' as const, outcome: 'success' as const, patientId: `q${i}`, detail: '{}' });
    const before = Number((await db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    const sent = Array.from({ length: 10 }, (_, i) => writer.append([entry(i), entry(100 + i)]));
    const empty = writer.append([]).then(() => 'committed', (e: Error) => e.message);
    const heads = await Promise.all(sent);
    expect(await empty).toMatch(/an empty batch/);
    // Each answer names a head at or after its own entries; the last one names them all.
    heads.forEach((h, i) => expect(h.seq).toBeGreaterThanOrEqual(before + 2 * (i + 1)));
    expect(Math.max(...heads.map((h) => h.seq))).toBe(before + 20);
    const stored = await db.kysely.selectFrom('audit_log').select(['seq', 'patient_id']).where('seq', '>', before).orderBy('seq').execute();
    expect(stored.map((r) => r.patient_id)).toEqual(Array.from({ length: 10 }, (_, i) => [`q${i}`, `q${100 + i}`]).flat());
  });

  it('the checkpointer thread takes the WAL checkpoints over from the request thread’s connection', async () => {
    createAuditStore({ db, seal: hmacSealer(key), clock: fixedClock('2026-05-01T12:00:00Z'), writer });
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // A transaction on the main connection leaves its pages in the WAL; the thread copies them over.
    await db.uow.run(async () => {
      await db.q().insertInto('disclosures').values({ id: 'd-ckpt', patient_id: 'p1', disclosed_on: '2026-05-01', recipient: 'r', purpose: 'p', description: 'd', recorded_by: 'u', recorded_at: '2026-05-01T12:00:00Z' }).execute();
    });
    const done = await writer.checkpoint();
    expect(done).not.toBeNull();
    expect(done!.busy).toBe(0);
    expect(done!.log).toBeGreaterThan(0);
    expect(done!.checkpointed).toBe(done!.log);
  });

  it('writes the entries of a store that has no head listener', async () => {
    const store = createAuditStore({ db, seal: hmacSealer(key), clock: fixedClock('2026-05-01T12:00:00Z'), writer });
    const before = (await db.kysely.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq;
    await Promise.all(['r1', 'r2'].map((patientId) => store.log.record(systemPrincipal('t'), { action: 'patient.read', category: 'demographics', outcome: 'success', patientId, detail: {} })));
    const stored = await db.kysely.selectFrom('audit_log').select('patient_id').where('seq', '>', Number(before)).execute();
    expect(stored.map((r) => r.patient_id).sort()).toEqual(['r1', 'r2']);
  });

  it('reports a failed append instead of hanging', async () => {
    await expect(writer.append([])).rejects.toThrow(/audit writer failed: an empty batch/);
  });
});
