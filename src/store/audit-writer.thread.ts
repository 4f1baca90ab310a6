import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { sealEntries, type UnsealedEntry } from '../core/audit/index.ts';
import { hmacSealer } from '../integrations/crypto/keys.ts';
import { auditRow } from './audit.repo.ts';

// The audit writer thread: appends group-committed entries on a connection of its own, so the
// fsync of each commit (synchronous=FULL) blocks this thread, not the one serving requests.
// Group commit happens here: every batch that arrived while the previous commit ran is sealed
// and committed in one transaction, and each batch's sender is answered once it is durable.
const { file, key } = workerData as { file: string; key: Uint8Array };
const port = parentPort!;
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
// Automatic checkpoints are off: the checkpointer thread (wal-checkpointer.thread.ts) runs them.
db.pragma('wal_autocheckpoint = 0');
const seal = hmacSealer(Buffer.from(key));
const head = db.prepare('select seq, mac from audit_head where id = 1');
const setHead = db.prepare('update audit_head set seq = ?, mac = ? where id = 1');
const cols = ['seq', 'at', 'user_id', 'username', 'principal_id', 'source_ip', 'break_glass', 'action', 'category', 'outcome', 'patient_id', 'detail', 'mac'] as const;
const insert = db.prepare(`insert into audit_log (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);

// BEGIN IMMEDIATE: the chain head is read under the write lock, as the main connection does.
const append = db
  .transaction((entries: UnsealedEntry[]) => {
    const h = head.get() as { seq: number; mac: string };
    const sealed = sealEntries({ seq: Number(h.seq), mac: h.mac }, entries, seal);
    for (const e of sealed) {
      const r = auditRow(e);
      insert.run(r.seq, r.at, r.user_id, r.username, r.principal_id, r.source_ip, r.break_glass, r.action, r.category, r.outcome, r.patient_id, r.detail, r.mac);
    }
    const last = sealed[sealed.length - 1]!;
    setHead.run(last.seq, last.mac);
    return { seq: last.seq, mac: last.mac };
  })
  .immediate;

type Message = { id: number; entries: UnsealedEntry[] } | 'close';
type Batch = { id: number; entries: UnsealedEntry[] };

const commit = (batches: Batch[]): void => {
  const ok = batches.filter((b) => b.entries.length > 0);
  if (ok.length < batches.length) port.postMessage({ ids: batches.filter((b) => b.entries.length === 0).map((b) => b.id), error: 'an empty batch' });
  if (!ok.length) return;
  const ids = ok.map((b) => b.id);
  try {
    port.postMessage({ ids, head: append(ok.length === 1 ? ok[0]!.entries : ok.flatMap((b) => b.entries)) });
  } catch (e) {
    port.postMessage({ ids, error: e instanceof Error ? e.message : String(e) });
  }
};

const close = (): never => {
  db.close();
  // Ends this thread only; the loader's ports would otherwise keep it alive.
  process.exit(0);
};

port.on('message', (first: Message) => {
  if (first === 'close') return close();
  // Take every batch already waiting: they share this commit.
  const batches: Batch[] = [first];
  let closing = false;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const next = m.message as Message;
    if (next !== 'close') batches.push(next);
    else {
      closing = true;
      break;
    }
  }
  commit(batches);
  if (closing) close();
});
