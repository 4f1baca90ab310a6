import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { familyNameKeys } from '../../core/patients/index.ts';

// The name dictionary replaces the per-patient search keys. Typo-tolerant search and duplicate
// detection used to file every patient under about 30 keys (one-deletion variants and phonetic
// codes of both names, and the family keys again with the given initial): 30 index rows written
// at scattered places per registration. A practice has far fewer distinct family names than
// patients (2,460 among a million synthetic ones), so each name is now filed once under its keys,
// and a search finds the names near the typed one, then their patients through the name index.
//
// The name index gains status and restriction after the id, so a name search (prefix, or the
// counts per name of the typo pass) reads the index alone, in its order, and visits no record
// it does not answer.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const up = async (db: Kysely<any>): Promise<void> => {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('family_name_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('family_norm', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('family_name_keys_pk', ['key', 'family_norm'])
    .modifyEnd(sqlite ? sql`without rowid` : sql``)
    .execute();
  const names = (await db.selectFrom('patients').select('family_norm').distinct().execute()) as { family_norm: string }[];
  const rows = names.flatMap((n) => familyNameKeys(n.family_norm).map((key) => ({ key, family_norm: n.family_norm })));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('family_name_keys').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  await db.schema.dropTable('patient_search_keys').execute();
  await db.schema.dropIndex('patients_family_norm_given_norm_id_ix').execute();
  await db.schema.createIndex('patients_name_ix').on('patients').columns(['family_norm', 'given_norm', 'id', 'status', 'restricted']).execute();
  // A database analysed before (the benchmark's) keeps statistics for every index, the new one too.
  if (sqlite && (await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db)).rows[0]!.n > 0) await sql`analyze patients_name_ix`.execute(db);
};
