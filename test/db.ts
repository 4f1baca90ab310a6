import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

/** True when this run targets PostgreSQL (TEST_DATABASE_URL set by scripts/with-postgres.sh). */
export const onPostgres = (): boolean => !!process.env.TEST_DATABASE_URL;

/**
 * A fresh, empty database URL: a new SQLite file in a temp directory, or a new schema in the
 * PostgreSQL test database (selected through search_path) so parallel test files never share tables.
 */
export const freshDatabaseUrl = async (): Promise<string> => {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return join(mkdtempSync(join(tmpdir(), 'medoffice-db-')), 'test.sqlite');
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
};

/** Opens and migrates a fresh database for a repository test. */
export const freshDb = async (): Promise<Db> => {
  const url = await freshDatabaseUrl();
  const db = openDb({ url });
  await migrateToLatest(db);
  const close = db.close;
  // Closing also removes the temporary SQLite directory.
  db.close = async () => {
    await close();
    if (!onPostgres()) rmSync(dirname(url), { recursive: true, force: true });
  };
  return db;
};
