import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { sealEntries, type UnsealedEntry } from '../core/audit/index.ts';
import { hmacSealer } from '../integrations/crypto/keys.ts';
import { auditRow } from './audit.repo.ts';

// The audit writer thread: appends group-committed entries on a connection of its own, so the
// fsync of each commit (synchronous=FULL) blocks this thread, not the one serving requests.
const { file, key } = workerData as { file: string; key: Uint8Array };
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
const seal = hmacSealer(Buffer.from(key));
const head = db.prepare('select seq, mac from audit_head where id = 1');
const setHead = db.prepare('update audit_head set seq = ?, mac = ? where id = 1');
const cols = ['seq', 'at', 'user_id', 'username', 'principal_id', 'source_ip', 'break_glass', 'action', 'category', 'outcome', 'patient_id', 'detail', 'mac'] as const;
const insert = db.prepare(`insert into audit_log (${cols.join(', ')}) values (${cols.map((c) => '@' + c).join(', ')})`);

// BEGIN IMMEDIATE: the chain head is read under the write lock, as the main connection does.
const append = db
  .transaction((entries: UnsealedEntry[]) => {
    if (entries.length === 0) throw new Error('an empty batch');
    const h = head.get() as { seq: number; mac: string };
    const sealed = sealEntries({ seq: Number(h.seq), mac: h.mac }, entries, seal);
    for (const e of sealed) insert.run(auditRow(e));
    const last = sealed[sealed.length - 1]!;
    setHead.run(last.seq, last.mac);
    return { seq: last.seq, mac: last.mac };
  })
  .immediate;

parentPort!.on('message', (m: { id: number; entries: UnsealedEntry[] } | 'close') => {
  if (m === 'close') {
    db.close();
    // Ends this thread only; the loader's ports would otherwise keep it alive.
    process.exit(0);
  }
  try {
    parentPort!.postMessage({ id: m.id, head: append(m.entries) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
