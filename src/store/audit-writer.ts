import { Worker } from 'node:worker_threads';
import type { UnsealedEntry } from '../core/audit/index.ts';

/** How often the checkpointer thread copies the WAL into the database file. */
const CHECKPOINT_EVERY_MS = 100;

/** Appends entries to the chain on another thread; resolves with the new head once durable. */
export interface AuditWriter {
  /**
   * Sends a batch at once, without waiting for earlier ones: the thread commits every batch
   * waiting for it in one transaction (group commit) and answers each once it is durable.
   */
  append(entries: UnsealedEntry[]): Promise<{ seq: number; mac: string }>;
  /** Runs a WAL checkpoint now (the checkpointer also runs one every 100 ms); null when it could not. */
  checkpoint(): Promise<{ busy: number; log: number; checkpointed: number } | null>;
  close(): Promise<void>;
}

/**
 * A store thread (`module`, started by thread.worker.mjs) that answers `{ id, ... }` messages
 * with `{ ids, ... }`: `ask` sends one and resolves with its answer. The thread keeps the process
 * alive only while a question is outstanding; once it fails or stops, every question is refused
 * with that reason.
 */
const storeThread = (name: string, module: string, data: Record<string, unknown>) => {
  const worker = new Worker(new URL('./thread.worker.mjs', import.meta.url), { workerData: { module, ...data } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pending = new Map<number, { resolve: (answer: any) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  worker.on('message', (m: { ids: number[]; error?: string } & Record<string, unknown>) => {
    for (const id of m.ids) {
      const p = pending.get(id);
      pending.delete(id);
      if (m.error !== undefined) p?.reject(new Error(`${name} failed: ${m.error}`));
      else p?.resolve(m);
    }
    if (pending.size === 0) worker.unref();
  });
  const failAll = (e: Error): void => {
    failure = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', () => failAll(new Error(`the ${name} thread stopped`)));
  worker.unref();
  return {
    ask: <T>(message: Record<string, unknown>): Promise<T> =>
      failure
        ? Promise.reject(failure)
        : new Promise<T>((resolve, reject) => {
            const id = next++;
            // Referenced only while a question is outstanding: a waiting caller keeps the process
            // alive, an idle thread does not.
            if (pending.size === 0) worker.ref();
            pending.set(id, { resolve, reject });
            worker.postMessage({ ...message, id });
          }),
    close: async (): Promise<void> => {
      if (failure) return;
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
};

/**
 * Starts the SQLite audit writer thread on the database file (see audit-writer.thread.ts) and,
 * beside it, the WAL checkpointer thread (wal-checkpointer.thread.ts), which copies the WAL into
 * the database file every 100 ms on a connection of its own, so that no commit waits for it.
 */
export const startAuditWriter = (file: string, auditKey: Buffer): AuditWriter => {
  const writer = storeThread('audit writer', 'audit-writer.thread.ts', { file, key: new Uint8Array(auditKey) });
  const checkpointer = storeThread('WAL checkpointer', 'wal-checkpointer.thread.ts', { file, everyMs: CHECKPOINT_EVERY_MS });
  return {
    append: async (entries) => (await writer.ask<{ head: { seq: number; mac: string } }>({ entries })).head,
    checkpoint: async () => (await checkpointer.ask<{ checkpoint: { busy: number; log: number; checkpointed: number } | null }>({})).checkpoint,
    close: async () => {
      await Promise.all([writer.close(), checkpointer.close()]);
    },
  };
};
