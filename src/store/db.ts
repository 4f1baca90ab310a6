import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type Transaction } from 'kysely';
import pg from 'pg';
import type { UnitOfWork } from '../core/shared/index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/** One open database: the Kysely handle, its dialect, and the transaction scope repos join. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The current transaction when inside `uow.run`, else the pool (the writer on SQLite). */
  q(): Kysely<Database>;
  /**
   * For SELECTs: the current transaction when inside one, else a read-only connection (SQLite, WAL),
   * so that reads never queue behind a write transaction's commit.
   */
  read(): Kysely<Database>;
  /**
   * A hot read built once with Kysely and compiled once; each call runs it with new parameters
   * (in the order the builder placed them). On a SQLite file outside a transaction it is a cached
   * statement on the read-only connection, run directly (no query building, no connection
   * mutex); inside a transaction, on PostgreSQL and on `:memory:` it goes through `read()`.
   */
  preparedRead<R>(build: (k: Kysely<Database>) => { compile(): CompiledQuery<R> }): (...params: unknown[]) => Promise<R[]>;
  uow: UnitOfWork & { afterCommit(fn: () => void): void; inTransaction(): boolean };
  /**
   * PostgreSQL only: statements that commit at once, on a small pool of their own, whatever
   * transaction the caller is in (for counters whose row lock must not be held until the caller's
   * transaction ends). Null on SQLite, where writers are serialised anyway.
   */
  autonomous(): Kysely<Database> | null;
  /** The raw SQLite handle (SQLite only), for backups and the fastest read paths. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://...` or a SQLite file path (`:memory:` allowed). */
  url: string;
  poolSize?: number;
}

interface Scope {
  trx: Transaction<Database> | Kysely<Database>;
  after: (() => void)[];
}

/** The most units of work one SQLite transaction takes (group commit), bounding each one's wait. */
const MAX_UNITS_PER_COMMIT = 64;

// pg returns int8 as string by default; our integers (cents, counts) fit a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** Opens SQLite (WAL, synchronous=FULL, write transactions BEGIN IMMEDIATE) or PostgreSQL. */
export const openDb = (opts: OpenOptions): Db => {
  const isPg = /^postgres(ql)?:\/\//.test(opts.url);
  let sqlite: SQLite.Database | null = null;
  let kysely: Kysely<Database>;
  let side: Kysely<Database> | null = null;
  const sideOf = (): Kysely<Database> | null => {
    if (!isPg) return null;
    if (!side) {
      // Two connections, never held by a unit of work, so an autonomous statement cannot wait for
      // the main pool that its own caller's transaction is holding.
      const pool = new pg.Pool({ connectionString: opts.url, max: 2 });
      pool.on('error', () => {});
      side = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    }
    return side;
  };
  if (isPg) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // An idle client losing its connection (a database restart) must not crash the process: the
    // pool drops that client and the next query connects afresh or fails with its own error.
    pool.on('error', () => {});
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    if (opts.url !== ':memory:') mkdirSync(dirname(opts.url), { recursive: true });
    sqlite = new SQLite(opts.url);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }) });
  }
  const als = new AsyncLocalStorage<Scope>();
  let reader: Kysely<Database> | null = null;
  let readerStatements: ReturnType<typeof cachedStatements> | null = null;
  const readerOf = (): Kysely<Database> => {
    if (isPg || opts.url === ':memory:') return kysely;
    if (!reader) {
      const conn = new SQLite(opts.url, { readonly: true, fileMustExist: true });
      conn.pragma('busy_timeout = 5000');
      readerStatements = cachedStatements(conn);
      reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: readerStatements }) });
    }
    return reader;
  };
  const read = (): Kysely<Database> => (als.getStore()?.trx as Kysely<Database> | undefined) ?? readerOf();
  const directReads = !isPg && opts.url !== ':memory:';
  const dialect: Dialect = isPg ? 'postgres' : 'sqlite';

  // SQLite group commit: units of work that arrive while a transaction runs wait, and then share
  // one transaction (and one fsync), each inside a savepoint of its own. A unit that fails is
  // rolled back to its savepoint alone and rejected; the others are answered once the whole
  // transaction is durable. SqliteDialect has one connection guarded by a mutex, and BEGIN
  // IMMEDIATE takes the write lock up front so another process cannot deadlock us.
  type Unit = { work: () => Promise<unknown>; scope: Scope; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let waiting: Unit[] = [];
  let committing = false;

  const runBatch = (batch: Unit[]): Promise<void> =>
    kysely.connection().execute(async (conn) => {
      const exec = (q: ReturnType<typeof sql>): Promise<unknown> => q.execute(conn);
      const done: { unit: Unit; result: unknown }[] = [];
      // Refusals are answered after the commit too, so that what a refused caller reads next
      // (the visit that took its slot) includes the units committed with it.
      const refused: { unit: Unit; error: unknown }[] = [];
      const answerRefused = (): void => refused.splice(0).forEach((r) => r.unit.reject(r.error));
      let next = 0; // the first unit not yet answered or done
      try {
        await exec(sql`begin immediate`);
        for (; next < batch.length; next++) {
          const unit = batch[next]!;
          await exec(sql`savepoint unit`);
          try {
            done.push({ unit, result: await als.run({ ...unit.scope, trx: conn as unknown as Transaction<Database> }, unit.work) });
            await exec(sql`release unit`);
          } catch (e) {
            if (!sqlite!.inTransaction) {
              // SQLite ended the whole transaction (a full disk, an I/O error): the units before
              // this one are undone too and are retried; the units after it wait for the next batch.
              unit.reject(e);
              answerRefused();
              for (const d of done.splice(0)) d.unit.reject(new RetryableConflict('a shared transaction'));
              waiting = [...batch.slice(next + 1), ...waiting];
              next = batch.length;
              return;
            }
            refused.push({ unit, error: e });
            await exec(sql`rollback to unit`);
            await exec(sql`release unit`);
          }
        }
        await exec(sql`commit`);
      } catch (e) {
        // BEGIN or COMMIT failed (or a savepoint statement): nothing of this batch is kept.
        if (sqlite!.inTransaction) await exec(sql`rollback`).catch(() => undefined);
        answerRefused();
        for (const d of done.splice(0)) d.unit.reject(e);
        for (const u of batch.slice(next)) u.reject(e);
        return;
      }
      for (const d of done) d.unit.resolve(d.result);
      answerRefused();
    });

  const commitWaiting = async (): Promise<void> => {
    try {
      while (waiting.length) {
        const batch = waiting.splice(0, MAX_UNITS_PER_COMMIT);
        await runBatch(batch).catch((e: unknown) => batch.forEach((u) => u.reject(e)));
      }
    } finally {
      committing = false;
    }
  };

  const runSqlite = <T>(work: () => Promise<T>, scope: Scope): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, scope, resolve: resolve as (v: unknown) => void, reject });
      // Start on the next turn of the event loop: a transaction runs in microtasks to its end, so
      // starting at once would leave the requests that arrived in this turn for the next one.
      if (!committing) {
        committing = true;
        setImmediate(() => void commitWaiting());
      }
    });

  const runPg = <T>(work: () => Promise<T>, scope: Scope): Promise<T> =>
    kysely.transaction().execute((trx) => als.run({ ...scope, trx }, work));

  const uow: Db['uow'] = {
    async run<T>(work: () => Promise<T>): Promise<T> {
      const outer = als.getStore();
      if (outer) return work(); // nested: join the open transaction
      for (let attempt = 1; ; attempt++) {
        const scope: Scope = { trx: kysely, after: [] };
        try {
          const result = await (isPg ? runPg(work, scope) : runSqlite(work, scope));
          for (const fn of scope.after) fn();
          return result;
        } catch (e) {
          if (attempt < 4 && isRetryable(e)) continue;
          throw e;
        }
      }
    },
    afterCommit(fn) {
      const scope = als.getStore();
      if (scope) scope.after.push(fn);
      else fn();
    },
    inTransaction: () => als.getStore() !== undefined,
  };

  return {
    kysely,
    dialect,
    sqlite,
    q: () => (als.getStore()?.trx as Kysely<Database> | undefined) ?? kysely,
    read,
    preparedRead<R>(build: (k: Kysely<Database>) => { compile(): CompiledQuery<R> }) {
      let compiled: CompiledQuery<R> | null = null;
      return async (...params: unknown[]): Promise<R[]> => {
        compiled ??= build(kysely).compile();
        if (directReads && !als.getStore()) {
          readerOf();
          return readerStatements!.prepare(compiled.sql).all(...params) as R[];
        }
        return (await read().executeQuery<R>({ ...compiled, parameters: params })).rows;
      };
    },
    uow,
    autonomous: sideOf,
    close: async () => {
      await side?.destroy();
      await reader?.destroy();
      await kysely.destroy();
    },
  };
};

/**
 * Kysely prepares every SQLite statement anew; our queries come in a few hundred shapes, so the
 * prepared statements are kept (by SQL text, least recently used dropped past 500). better-sqlite3
 * runs a statement synchronously to completion, so one statement is never used twice at once.
 */
const cachedStatements = (conn: SQLite.Database) => {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => conn.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) cache.delete(sql);
      else stmt = conn.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > 500) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
};

/** Thrown by a repo when a concurrent transaction won a race the whole unit of work may retry. */
export class RetryableConflict extends Error {
  constructor(what: string) {
    super(`concurrent update of ${what}; retry`);
  }
}

const isRetryable = (e: unknown): boolean =>
  e instanceof RetryableConflict ||
  // PostgreSQL serialization failure / deadlock; SQLite busy.
  (typeof e === 'object' && e !== null && ['40001', '40P01', 'SQLITE_BUSY'].includes(String((e as { code?: unknown }).code)));

/** True for a unique-constraint violation on either dialect. */
export const isUniqueViolation = (e: unknown): boolean => {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/**
 * Lets the event loop run other work (requests) before a long read goes on with its next page;
 * inside a transaction it does not pause, so no transaction is held open across the pause.
 */
export const letOthersRun = (db: Db): Promise<void> => (db.uow.inTransaction() ? Promise.resolve() : new Promise<void>((r) => setImmediate(r)));

/** Rows per page of the long whole-table reads (worklist generators) that pause between pages (tests lower it). */
export const longReads = { pageRows: 5000 };
