import { sql, type Selectable } from 'kysely';
import type { Principal } from '../core/access/index.ts';
import {
  entryFor,
  sealEntries,
  type AuditDraft,
  type AuditEntry,
  type AuditLog,
  type AuditQuery,
  type AuditRepo,
  type Disclosure,
  type DisclosureRepo,
  type Sealer,
  type UnsealedEntry,
} from '../core/audit/index.ts';
import type { Clock } from '../core/shared/index.ts';
import type { Db } from './db.ts';
import type { AuditWriter } from './audit-writer.ts';
import type { AuditLogTable } from './schema.ts';

const fromRow = (r: Selectable<AuditLogTable>): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  userId: r.user_id,
  username: r.username,
  principalId: r.principal_id,
  sourceIp: r.source_ip,
  breakGlass: Number(r.break_glass) === 1,
  action: r.action,
  category: r.category as AuditEntry['category'],
  outcome: r.outcome as AuditEntry['outcome'],
  patientId: r.patient_id,
  detail: r.detail,
  mac: r.mac,
});

/** The stored row of a sealed entry (also written by the audit writer thread). */
export const auditRow = (e: AuditEntry): AuditLogTable => ({
  seq: e.seq,
  at: e.at,
  user_id: e.userId,
  username: e.username,
  principal_id: e.principalId,
  source_ip: e.sourceIp,
  break_glass: e.breakGlass ? 1 : 0,
  action: e.action,
  category: e.category,
  outcome: e.outcome,
  patient_id: e.patientId,
  detail: e.detail,
  mac: e.mac,
});

export interface AuditStoreDeps {
  db: Db;
  seal: Sealer;
  clock: Clock;
  /** Told the new chain head after each commit, to anchor it outside the database. */
  onHead?: (head: { seq: number; mac: string }) => void;
  /** SQLite: group commits go to this writer thread instead of the request thread. */
  writer?: AuditWriter;
}

/**
 * The append-only audit trail. Appends inside a unit of work join its transaction; appends
 * outside one (reads, searches) are group-committed: callers queued while a commit runs share
 * the next one, and each caller's promise resolves only once its entry is durable.
 */
export const createAuditStore = (d: AuditStoreDeps): { log: AuditLog; repo: AuditRepo; flush(): Promise<void> } => {
  const { db } = d;
  // The checkpointer thread beside the writer runs the WAL checkpoints: a commit on the request
  // thread (a create, an update) then never also copies the WAL into the database file and waits
  // for that fsync.
  if (d.writer) db.sqlite?.pragma('wal_autocheckpoint = 0');

  const append = async (entries: UnsealedEntry[]): Promise<void> => {
    let head = db.read().selectFrom('audit_head').select(['seq', 'mac']).where('id', '=', 1);
    if (db.dialect === 'postgres') head = head.forUpdate();
    const h = await head.executeTakeFirstOrThrow();
    const sealed = sealEntries({ seq: Number(h.seq), mac: h.mac }, entries, d.seal);
    for (let i = 0; i < sealed.length; i += 100) await db.q().insertInto('audit_log').values(sealed.slice(i, i + 100).map(auditRow)).execute();
    const last = sealed[sealed.length - 1]!;
    await db.q().updateTable('audit_head').set({ seq: last.seq, mac: last.mac }).where('id', '=', 1).execute();
    if (d.onHead) db.uow.afterCommit(() => d.onHead!({ seq: last.seq, mac: last.mac }));
  };

  // PostgreSQL, outside a transaction: one statement (one round trip) moves the head from the one
  // this process last wrote and inserts the entries, or does nothing when another connection moved
  // it meanwhile; then the head is read and the entries sealed again. The row lock on audit_head
  // orders this against every other appender, in any process.
  const AUDIT_COLS = ['seq', 'at', 'user_id', 'username', 'principal_id', 'source_ip', 'break_glass', 'action', 'category', 'outcome', 'patient_id', 'detail', 'mac'] as const;
  const CASTS: Partial<Record<(typeof AUDIT_COLS)[number], string>> = { seq: 'bigint', break_glass: 'integer' };
  let knownHead: { seq: number; mac: string } | null = null;
  const appendInOneStatement = async (entries: UnsealedEntry[]): Promise<void> => {
    for (;;) {
      const h = knownHead ?? (await db.kysely.selectFrom('audit_head').select(['seq', 'mac']).where('id', '=', 1).executeTakeFirstOrThrow());
      const from = { seq: Number(h.seq), mac: h.mac };
      const sealed = sealEntries(from, entries, d.seal);
      const last = sealed[sealed.length - 1]!;
      const rows = sealed.map((e) => {
        const r = auditRow(e);
        return sql`(${sql.join(AUDIT_COLS.map((c) => (CASTS[c] ? sql`${r[c]}::${sql.raw(CASTS[c])}` : sql`${r[c]}`)))})`;
      });
      const res = await sql`with moved as (update audit_head set seq = ${last.seq}, mac = ${last.mac} where id = 1 and seq = ${from.seq} and mac = ${from.mac} returning id)
        insert into audit_log (${sql.raw(AUDIT_COLS.join(', '))}) select * from (values ${sql.join(rows)}) as v where exists (select 1 from moved)`.execute(db.kysely);
      if (Number(res.numAffectedRows ?? 0) === sealed.length) {
        knownHead = { seq: last.seq, mac: last.mac };
        d.onHead?.(knownHead);
        return;
      }
      knownHead = null;
    }
  };

  type Waiter = { entries: UnsealedEntry[]; resolve: () => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let scheduled = false;
  // Batches sent and not yet durable (writer thread), or the one running drain loop (otherwise).
  const inflight = new Set<Promise<void>>();

  const commit = async (batch: Waiter[]): Promise<void> => {
    try {
      const entries = batch.length === 1 ? batch[0]!.entries : batch.flatMap((b) => b.entries);
      if (d.writer) {
        // Not `d.onHead?.(await ...)`: without a listener that would skip the append itself.
        const head = await d.writer.append(entries);
        d.onHead?.(head);
      } else if (db.dialect === 'postgres' && entries.length <= 1000) await appendInOneStatement(entries);
      else await db.uow.run(() => append(entries));
      for (const b of batch) b.resolve();
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  };

  const track = (p: Promise<void>): void => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  // Without a writer thread (PostgreSQL, in-memory SQLite) one group commit runs at a time: callers
  // queued meanwhile share the next. With one, the entries of each event-loop turn go to the thread
  // at once, which commits every batch waiting for it together.
  const drain = async (): Promise<void> => {
    while (queue.length) {
      const batch = queue;
      queue = [];
      await commit(batch);
    }
  };
  const send = (): void => {
    scheduled = false;
    if (!queue.length) return;
    if (d.writer) {
      const batch = queue;
      queue = [];
      track(commit(batch));
    } else if (!inflight.size) track(drain());
  };

  const log: AuditLog = {
    async record(p: Principal, drafts: AuditDraft | AuditDraft[]) {
      const at = d.clock.now();
      const entries = (Array.isArray(drafts) ? drafts : [drafts]).map((dr) => entryFor(p, dr, at));
      if (!entries.length) return;
      if (db.uow.inTransaction()) return append(entries);
      return new Promise<void>((resolve, reject) => {
        queue.push({ entries, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(send);
        }
      });
    },
  };

  const repo: AuditRepo = {
    async search(q: AuditQuery) {
      let b = db.read().selectFrom('audit_log');
      if (q.from) b = b.where('at', '>=', q.from);
      if (q.to) b = b.where('at', '<=', q.to);
      if (q.userId) b = b.where('user_id', '=', q.userId);
      if (q.username) b = b.where('username', '=', q.username);
      if (q.patientId) b = b.where('patient_id', '=', q.patientId);
      if (q.action) b = b.where('action', '=', q.action);
      if (q.outcome) b = b.where('outcome', '=', q.outcome);
      if (q.breakGlass !== undefined) b = b.where('break_glass', '=', q.breakGlass ? 1 : 0);
      const col = ({ seq: 'seq', at: 'at', username: 'username', action: 'action', patientId: 'patient_id', outcome: 'outcome' } as const)[q.sort];
      const [rows, count] = await Promise.all([
        b.selectAll().orderBy(col, q.order).orderBy('seq', q.order).limit(q.limit).offset(q.offset).execute(),
        b.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { entries: rows.map(fromRow), total: Number(count.n) };
    },
    async *scan(pageSize) {
      // Stored order is the physical row order by primary key; page by seq so a gap or a swap shows.
      let after = -1;
      for (;;) {
        const rows = await db.read().selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
        for (const r of rows) yield fromRow(r);
        if (rows.length < pageSize) return;
        after = Number(rows[rows.length - 1]!.seq);
      }
    },
  };

  return {
    log,
    repo,
    flush: async () => {
      while (inflight.size || queue.length || scheduled) {
        if (inflight.size) await Promise.allSettled([...inflight]);
        else await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
};

/** Disclosures for the accounting-of-disclosures report. */
export const createDisclosureRepo = (db: Db): DisclosureRepo => ({
  async insert(x: Disclosure) {
    await db.q().insertInto('disclosures').values({ id: x.id, patient_id: x.patientId, disclosed_on: x.disclosedOn, recipient: x.recipient, purpose: x.purpose, description: x.description, recorded_by: x.recordedBy, recorded_at: x.recordedAt }).execute();
  },
  async listForPatient(patientId, from, to) {
    let q = db.read().selectFrom('disclosures').selectAll().where('patient_id', '=', patientId);
    if (from) q = q.where('disclosed_on', '>=', from);
    if (to) q = q.where('disclosed_on', '<=', to);
    const rows = await q.orderBy('disclosed_on', 'desc').execute();
    return rows.map((r) => ({ id: r.id, patientId: r.patient_id, disclosedOn: r.disclosed_on, recipient: r.recipient, purpose: r.purpose, description: r.description, recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
  },
});
