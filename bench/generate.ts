import { systemPrincipal } from '../src/core/access/index.ts';
import { formatMrn, phoneDigitsOf, searchKeysOf, toRecord } from '../src/core/patients/index.ts';
import { prng, syntheticPatient } from '../src/cli/demo/synthetic.ts';
import type { Container } from '../src/server/container.ts';
import { patientToRow } from '../src/store/patients.repo.ts';

/**
 * Bulk-loads `count` synthetic patients straight into SQLite, through the same record mapping,
 * encryption and search keys as the service (no audit entries: this is a data load, not staff work).
 * Returns the sampled ids, names and birth dates the benchmarks query with.
 */
export const bulkLoad = async (c: Container, count: number, onProgress: (n: number) => void): Promise<void> => {
  const sqlite = c.db.sqlite;
  if (!sqlite) throw new Error('the bulk loader writes SQLite directly');
  const payers = await c.services.reference.listPayers(systemPrincipal('bench'));
  const today = c.clock.now().toISOString().slice(0, 10);
  const r = prng(1);
  const cols = Object.keys(patientToRow(toRecord('x', 'x', syntheticPatient(r, 0, today, payers), c.cipher, today)));
  const insertPatient = sqlite.prepare(`insert into patients (${cols.join(',')}) values (${cols.map((k) => '@' + k).join(',')})`);
  const insertKey = sqlite.prepare('insert or ignore into patient_search_keys (key, patient_id) values (?, ?)');
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
      for (const k of searchKeysOf(rec)) insertKey.run(k, id);
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
