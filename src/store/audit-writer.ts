import { Worker } from 'node:worker_threads';
import type { UnsealedEntry } from '../core/audit/index.ts';

/** Appends entries to the chain on another thread; resolves with the new head once durable. */
export interface AuditWriter {
  /**
   * Sends a batch at once, without waiting for earlier ones: the thread commits every batch
   * waiting for it in one transaction (group commit) and answers each once it is durable.
   */
  append(entries: UnsealedEntry[]): Promise<{ seq: number; mac: string }>;
  /** Runs a WAL checkpoint now (the thread also runs one every 100 ms); null when it could not. */
  checkpoint(): Promise<{ busy: number; log: number; checkpointed: number } | null>;
  close(): Promise<void>;
}

/**
 * Starts the SQLite audit writer thread on the database file (see audit-writer.thread.ts). The
 * thread also runs the WAL checkpoints, every 100 ms, outside any commit.
 */
export const startAuditWriter = (file: string, auditKey: Buffer): AuditWriter => {
  const worker = new Worker(new URL('./audit-writer.worker.mjs', import.meta.url), { workerData: { file, key: new Uint8Array(auditKey) } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pending = new Map<number, { resolve: (answer: any) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  worker.on('message', (m: { ids: number[]; head?: { seq: number; mac: string }; checkpoint?: unknown; error?: string }) => {
    for (const id of m.ids) {
      const p = pending.get(id);
      pending.delete(id);
      if (m.error !== undefined) p?.reject(new Error(`audit append failed: ${m.error}`));
      else p?.resolve('checkpoint' in m ? m.checkpoint : m.head!);
    }
    if (pending.size === 0) worker.unref();
  });
  const failAll = (e: Error): void => {
    failure = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', () => failAll(new Error('the audit writer thread stopped')));
  worker.unref();
  const ask = <T>(message: Record<string, unknown>): Promise<T> =>
    failure
      ? Promise.reject(failure)
      : new Promise<T>((resolve, reject) => {
          const id = next++;
          // Referenced only while a request is outstanding: a waiting caller keeps the process alive,
          // an idle writer does not.
          if (pending.size === 0) worker.ref();
          pending.set(id, { resolve, reject });
          worker.postMessage({ ...message, id });
        });
  return {
    append: (entries) => ask({ entries }),
    checkpoint: () => ask({ checkpoint: true }),
    close: async () => {
      if (failure) return;
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
};
