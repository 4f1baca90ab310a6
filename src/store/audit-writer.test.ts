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

  it('reports a failed append instead of hanging', async () => {
    await expect(writer.append([])).rejects.toThrow(/audit append failed/);
  });
});
