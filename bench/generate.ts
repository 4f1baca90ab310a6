import { systemPrincipal } from '../src/core/access/index.ts';
import { familyKeysOf, formatMrn, normalizeName, phoneDigitsOf, toRecord } from '../src/core/patients/index.ts';
import { prng, syntheticPatient } from '../src/cli/demo/synthetic.ts';
import type { Container } from '../src/server/container.ts';
import { patientToRow } from '../src/store/patients.repo.ts';
import { sql } from 'kysely';
import type { CoveragesTable, PatientsTable } from '../src/store/schema.ts';

/**
 * Bulk-loads `count` synthetic patients straight into SQLite, through the same record mapping,
 * encryption and name dictionary as the service (no audit entries: this is a data load, not staff work).
 * Returns the sampled ids, names and birth dates the benchmarks query with.
 */
export const bulkLoad = async (c: Container, count: number, onProgress: (n: number) => void): Promise<void> => {
  const sqlite = c.db.sqlite;
  if (!sqlite) return bulkLoadKysely(c, count, onProgress);
  const payers = await c.services.reference.listPayers(systemPrincipal('bench'));
  const today = c.clock.now().toISOString().slice(0, 10);
  const r = prng(1);
  const cols = Object.keys(patientToRow(toRecord('x', 'x', syntheticPatient(r, 0, today, payers), c.cipher, today)));
  const insertPatient = sqlite.prepare(`insert into patients (${cols.join(',')}) values (${cols.map((k) => '@' + k).join(',')})`);
  const insertKey = sqlite.prepare('insert or ignore into family_name_keys (key, family_norm) values (?, ?)');
  const filed = new Set<string>();
  const insertPhone = sqlite.prepare('insert or ignore into patient_phones (digits, patient_id) values (?, ?)');
  const insertCoverage = sqlite.prepare(
    `insert into coverages (id, patient_id, payer_id, member_id, member_id_norm, group_number, plan_name, plan_type, priority, relationship, subscriber_patient_id, subscriber, effective_date, end_date, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 1, 'self', null, null, ?, ?, ?, ?)`,
  );
  const start = (sqlite.prepare("select coalesce(max(value), 0) as v from sequences where name = 'mrn'").get() as { v: number }).v;
  const batch = sqlite.transaction((from: number, to: number) => {
    const at = c.clock.now().toISOString();
    for (let i = from; i < to; i++) {
      const input = syntheticPatient(r, i, today, payers);
      const id = c.ids.newId();
      const rec = toRecord(id, formatMrn(start + i + 1), input, c.cipher, at);
      insertPatient.run(patientToRow(rec));
      const family = normalizeName(rec.familyName);
      if (!filed.has(family)) for (const k of familyKeysOf(rec)) insertKey.run(k, family);
      filed.add(family);
      for (const d of phoneDigitsOf(rec)) insertPhone.run(d, id);
      for (const cov of input.coverages) insertCoverage.run(c.ids.newId(), id, cov.payerId, cov.memberId, cov.memberId.toUpperCase(), cov.groupNumber ?? null, cov.planName ?? null, cov.planType, cov.effectiveDate ?? null, cov.endDate ?? null, at, at);
    }
    sqlite.prepare("insert into sequences (name, value) values ('mrn', ?) on conflict(name) do update set value = excluded.value").run(start + to);
  });
  for (let i = 0; i < count; i += 10_000) {
    batch(i, Math.min(count, i + 10_000));
    onProgress(Math.min(count, i + 10_000));
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('analyze');
};

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** The same load through Kysely multi-row inserts (PostgreSQL), 1,000 patients per transaction. */
const bulkLoadKysely = async (c: Container, count: number, onProgress: (n: number) => void): Promise<void> => {
  const payers = await c.services.reference.listPayers(systemPrincipal('bench'));
  const today = c.clock.now().toISOString().slice(0, 10);
  const r = prng(1);
  const filed = new Set<string>();
  for (let from = 0; from < count; from += 1000) {
    const to = Math.min(count, from + 1000);
    const at = c.clock.now().toISOString();
    const patients: PatientsTable[] = [];
    const keys: { key: string; family_norm: string }[] = [];
    const phones: { digits: string; patient_id: string }[] = [];
    const coverages: CoveragesTable[] = [];
    for (let i = from; i < to; i++) {
      const input = syntheticPatient(r, i, today, payers);
      const id = c.ids.newId();
      const rec = toRecord(id, formatMrn(i + 1), input, c.cipher, at);
      patients.push(patientToRow(rec));
      const family = normalizeName(rec.familyName);
      if (!filed.has(family)) for (const key of familyKeysOf(rec)) keys.push({ key, family_norm: family });
      filed.add(family);
      for (const digits of phoneDigitsOf(rec)) phones.push({ digits, patient_id: id });
      for (const cov of input.coverages) {
        coverages.push({ id: c.ids.newId(), patient_id: id, payer_id: cov.payerId, member_id: cov.memberId, member_id_norm: cov.memberId.toUpperCase(), group_number: cov.groupNumber ?? null, plan_name: cov.planName ?? null, plan_type: cov.planType, priority: 1, relationship: 'self', subscriber_patient_id: null, subscriber: null, effective_date: cov.effectiveDate ?? null, end_date: cov.endDate ?? null, created_at: at, updated_at: at });
      }
    }
    await c.db.uow.run(async () => {
      const q = c.db.q();
      for (const part of chunks(patients, 200)) await q.insertInto('patients').values(part).execute();
      for (const part of chunks(keys, 5000)) await q.insertInto('family_name_keys').values(part).onConflict((oc) => oc.doNothing()).execute();
      for (const part of chunks(phones, 5000)) await q.insertInto('patient_phones').values(part).onConflict((oc) => oc.doNothing()).execute();
      for (const part of chunks(coverages, 1000)) await q.insertInto('coverages').values(part).execute();
      await q.insertInto('sequences').values({ name: 'mrn', value: to }).onConflict((oc) => oc.column('name').doUpdateSet({ value: to })).execute();
    });
    onProgress(to);
  }
  // VACUUM as autovacuum would soon after a load: it sets the visibility map, so index-only scans apply.
  await sql`vacuum analyze`.execute(c.db.kysely);
  // And CHECKPOINT, as the server would within minutes: the load's dirty pages are written out
  // now, not by the checkpointer in the middle of the measured runs. Needs a superuser (the
  // throwaway cluster's owner is one); without one the runs may pay for it.
  await sql`checkpoint`.execute(c.db.kysely).catch(() => undefined);
};
