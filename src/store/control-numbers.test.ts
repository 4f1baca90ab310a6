import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/db.ts';
import { buildInterchange, readInterchange, seg } from '../x12/index.ts';
import { createControlNumberSource } from './control-numbers.ts';
import { openDb, type Db } from './db.ts';
import { migrateToLatest } from './migrate.ts';

// X12 control numbers come from the database: unique under concurrency, per level and sender,
// and they continue after the process restarts (a new connection on the same database).
const opened: Db[] = [];
const open = async (url: string): Promise<Db> => {
  const db = openDb({ url });
  await migrateToLatest(db);
  opened.push(db);
  return db;
};
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

describe('database control numbers', () => {
  it('are unique under 100 concurrent allocations and separate per level and sender', async () => {
    const db = await open(await freshDatabaseUrl());
    const src = createControlNumberSource(db);
    const all = await Promise.all(Array.from({ length: 100 }, () => src.next('interchange')));
    expect(new Set(all).size).toBe(100);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await src.next('transaction')).toBe(1);
    expect(await createControlNumberSource(db, 'clearinghouse-b').next('interchange')).toBe(1);
  });

  it('survive a restart: a new connection continues where the last one stopped', async () => {
    const url = await freshDatabaseUrl();
    const first = createControlNumberSource(await open(url));
    for (let i = 0; i < 5; i++) await first.next('group');
    await opened.pop()!.close();
    expect(await createControlNumberSource(await open(url)).next('group')).toBe(6);
  });

  it('are unique across two processes allocating at once from one database (SQLite file, or PostgreSQL under TEST_DATABASE_URL)', async () => {
    const url = await freshDatabaseUrl();
    await open(url); // migrated once, then used by the two processes
    const script = join(resolve(import.meta.dirname, '../..'), 'test/support/allocate-control-numbers.mjs');
    const run = () => promisify(execFile)(process.execPath, [script, url, '150']).then((r) => JSON.parse(r.stdout) as number[]);
    const [a, b] = await Promise.all([run(), run()]);
    const all = [...a, ...b];
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    expect(Math.max(...all)).toBe(300);
  }, 60_000);

  it('feed a real envelope whose counts and control numbers read back', async () => {
    const src = createControlNumberSource(await open(await freshDatabaseUrl()));
    const built = await buildEnvelope(src);
    const read = readInterchange(built, { strict: true });
    expect(read.controlNumber).toBe('000000001');
    expect(read.groups[0]!.transactions[0]!.controlNumber).toBe('0001');
  });
});

/** A one-transaction envelope around a minimal 270 body, through the codec's builder. */
const buildEnvelope = async (src: ReturnType<typeof createControlNumberSource>): Promise<string> => {
  const out = await buildInterchange(
    {
      parties: { senderId: 'MEDOFFICE', receiverId: 'PAYERSIM', usage: 'T' },
      createdAt: new Date('2031-03-10T13:00:00Z'),
      groups: [{ functionalId: 'HS', version: '005010X279A1', transactions: [{ id: '270', implementationRef: '005010X279A1', body: [seg('BHT', '0022', '13', 'T1', '20310310', '0800')] }] }],
    },
    src,
  );
  return out.text;
};
