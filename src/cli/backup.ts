import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { Container } from '../server/container.ts';

/** Sidecar holding the audit anchor that was current when the backup was taken. */
export const anchorSidecar = (file: string): string => `${file}.anchor.json`;

/**
 * Online backup of the SQLite database (consistent while the server runs) plus the audit anchor.
 * PostgreSQL deployments back up with pg_dump; this command says so rather than pretending.
 */
export const backupTo = async (c: Container, file: string): Promise<{ pages: number }> => {
  if (!c.db.sqlite) throw new Error('backup: this database is PostgreSQL; use `pg_dump --format=custom "$DATABASE_URL" > FILE` and keep the key file and audit-anchor.json beside it');
  await c.flushAudit();
  const r = await c.db.sqlite.backup(file);
  if (existsSync(c.keys.anchorFile)) copyFileSync(c.keys.anchorFile, anchorSidecar(file));
  return { pages: r.totalPages };
};

/** Checks a file is a Medoffice SQLite database before it replaces the live one. */
const assertMedofficeDb = (file: string): void => {
  const probe = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const ok = probe.prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('audit_log', 'audit_head', 'patients')").get() as { n: number };
    if (ok.n !== 3) throw new Error(`restore: ${file} is not a Medoffice backup`);
    const integrity = probe.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`restore: ${file} failed SQLite's integrity check`);
  } finally {
    probe.close();
  }
};

/**
 * Replaces the SQLite database with a backup (the server must be stopped). The previous file is
 * kept beside it; the caller verifies the audit chain and calls `undo` if it does not hold.
 */
export const restoreFrom = (dbFile: string, anchorFile: string, file: string, stamp: string): { undo(): void; keptAs: string | null } => {
  if (/^postgres/.test(dbFile)) throw new Error('restore: this database is PostgreSQL; use pg_restore');
  assertMedofficeDb(file);
  const keptAs = existsSync(dbFile) ? `${dbFile}.before-restore-${stamp}` : null;
  const keptAnchor = existsSync(anchorFile) ? `${anchorFile}.before-restore-${stamp}` : null;
  if (keptAs) renameSync(dbFile, keptAs);
  if (keptAnchor) renameSync(anchorFile, keptAnchor);
  for (const ext of ['-wal', '-shm']) rmSync(`${dbFile}${ext}`, { force: true });
  copyFileSync(file, dbFile);
  if (existsSync(anchorSidecar(file))) copyFileSync(anchorSidecar(file), anchorFile);
  return {
    keptAs,
    undo() {
      rmSync(dbFile, { force: true });
      rmSync(anchorFile, { force: true });
      if (keptAs) renameSync(keptAs, dbFile);
      if (keptAnchor) renameSync(keptAnchor, anchorFile);
    },
  };
};
