import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.ts';
import * as m0001 from './migrations/0001-platform.ts';
import * as m0002 from './migrations/0002-access.ts';
import * as m0003 from './migrations/0003-worklist.ts';
import * as m0004 from './migrations/0004-scheduling.ts';
import * as m0005 from './migrations/0005-scheduling-queues.ts';
import * as m0006 from './migrations/0006-eligibility.ts';
import * as m0007 from './migrations/0007-fee-schedule.ts';
import * as m0008 from './migrations/0008-patient-changes.ts';
import * as m0009 from './migrations/0009-name-dictionary.ts';
import * as m0010 from './migrations/0010-birth-date-index.ts';

// Migrations are listed here (not read from disk) so they run the same under tsx, vitest and a bundle.
const MIGRATIONS: Record<string, Migration> = {
  '0001-platform': m0001,
  '0002-access': m0002,
  '0003-worklist': m0003,
  '0004-scheduling': m0004,
  '0005-scheduling-queues': m0005,
  '0006-eligibility': m0006,
  '0007-fee-schedule': m0007,
  '0008-patient-changes': m0008,
  '0009-name-dictionary': m0009,
  '0010-birth-date-index': m0010,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; returns the names applied. Throws with the failing name. */
export const migrateToLatest = async (db: Db): Promise<string[]> => {
  // On PostgreSQL the migration tables live in the current schema (tests run one schema per file).
  const schema = db.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db: db.kysely, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
};
