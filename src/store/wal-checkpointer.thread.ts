import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

// The WAL checkpointer thread: copies the WAL into the database file (with that file's fsync) on
// a connection of its own, on a timer and when asked. SQLite runs a checkpoint beside a writer, so
// neither the request thread's transactions (automatic checkpoints are off on its connection) nor
// the audit writer's group commits stop for one.
const { file, everyMs } = workerData as { file: string; everyMs: number };
const port = parentPort!;
const db = new SQLite(file);
// FULL as everywhere: the WAL is synced before its pages are copied, the database file after.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');

type Done = { busy: number; log: number; checkpointed: number };
const checkpointNow = (): Done | null => {
  try {
    return (db.pragma('wal_checkpoint(PASSIVE)') as Done[])[0]!;
  } catch {
    return null; // busy or interrupted: the next tick tries again
  }
};
const timer = setInterval(checkpointNow, everyMs);

port.on('message', (m: { id: number } | 'close') => {
  if (m !== 'close') return port.postMessage({ ids: [m.id], checkpoint: checkpointNow() });
  clearInterval(timer);
  db.close();
  // Ends this thread only; the loader's ports would otherwise keep it alive.
  process.exit(0);
});
