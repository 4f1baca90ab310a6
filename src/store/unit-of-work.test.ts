import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isUniqueViolation, openDb, RetryableConflict, type Db } from './db.ts';
import { migrateToLatest } from './migrate.ts';

// SQLite group commit of units of work (db.ts). A second connection on the same file stands in
// for another process: it sees only what is committed.
let dir = '';
const dbs: Db[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
  rmSync(dir, { recursive: true, force: true });
});

const setUp = async () => {
  dir = mkdtempSync(join(tmpdir(), 'medoffice-uow-'));
  const db = openDb({ url: join(dir, 'db.sqlite') });
  await migrateToLatest(db);
  const other = openDb({ url: join(dir, 'db.sqlite') });
  dbs.push(db, other);
  const fee = (code: string) => db.q().insertInto('fee_schedule').values({ code, description: null, amount_cents: 100, updated_at: 'now' }).execute();
  const committed = async (): Promise<string[]> => (await other.kysely.selectFrom('fee_schedule').select('code').orderBy('code').execute()).map((r) => r.code);
  return { db, fee, committed };
};

describe('store: SQLite units of work arriving together share one commit', () => {
  it('commits them together: none is visible to another process before the last is done', async () => {
    const { db, fee, committed } = await setUp();
    const seenBetween: string[][] = [];
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((code) =>
        db.uow.run(async () => {
          seenBetween.push(await committed());
          await fee(code);
          return code.toLowerCase();
        }),
      ),
    );
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(seenBetween).toEqual([[], [], [], []]);
    expect(await committed()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('a refused unit is answered once the units committed with it are visible', async () => {
    const { db, fee, committed } = await setUp();
    const [, seenByRefused] = await Promise.all([
      db.uow.run(() => fee('A')),
      db.uow.run(() => Promise.reject(new Error('slot taken'))).catch(() => committed()),
      db.uow.run(() => fee('C')),
    ]);
    expect(seenByRefused).toEqual(['A', 'C']);
  });

  it('a unit that fails is undone alone; the others are kept', async () => {
    const { db, fee, committed } = await setUp();
    const outcomes = await Promise.allSettled([
      db.uow.run(() => fee('A')),
      db.uow.run(async () => {
        await fee('B');
        throw new Error('refused');
      }),
      db.uow.run(() => fee('C')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused');
    expect(await committed()).toEqual(['A', 'C']);
  });

  it('a unique violation in one unit, caught or not, leaves the others and the batch intact', async () => {
    const { db, fee, committed } = await setUp();
    await db.uow.run(() => fee('X'));
    const outcomes = await Promise.allSettled([
      db.uow.run(() => fee('A')),
      db.uow.run(() => fee('X')),
      db.uow.run(async () => {
        const caught = await fee('X').then(() => false, (e: unknown) => isUniqueViolation(e));
        await fee('D');
        return caught;
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseFulfilledResult<boolean>).value).toBe(true);
    expect(await committed()).toEqual(['A', 'D', 'X']);
  });

  it('a unit that asks to be retried is undone, run again and kept once', async () => {
    const { db, fee, committed } = await setUp();
    let attempts = 0;
    const [, retried] = await Promise.all([
      db.uow.run(() => fee('A')),
      db.uow.run(async () => {
        attempts++;
        await fee(`R${attempts}`);
        if (attempts === 1) throw new RetryableConflict('a test row');
        return attempts;
      }),
    ]);
    expect(retried).toBe(2);
    expect(await committed()).toEqual(['A', 'R2']);
  });

  it('runs each unit’s after-commit work once its changes are durable and visible', async () => {
    const { db, fee, committed } = await setUp();
    const seen: Promise<string[]>[] = [];
    await Promise.all(
      ['A', 'B'].map((code) =>
        db.uow.run(async () => {
          await fee(code);
          db.uow.afterCommit(() => seen.push(committed()));
        }),
      ),
    );
    expect(await Promise.all(seen)).toEqual([
      ['A', 'B'],
      ['A', 'B'],
    ]);
  });

  it('a nested unit joins its caller’s transaction and fails with it', async () => {
    const { db, fee, committed } = await setUp();
    await expect(
      db.uow.run(async () => {
        await fee('A');
        await db.uow.run(() => fee('B'));
        throw new Error('outer refused');
      }),
    ).rejects.toThrow('outer refused');
    await db.uow.run(() => fee('C'));
    expect(await committed()).toEqual(['C']);
  });
});
