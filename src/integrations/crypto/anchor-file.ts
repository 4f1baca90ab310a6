import { readFile, rename, writeFile } from 'node:fs/promises';
import { anchorSeal, type Anchor, type AnchorStore, type Sealer } from '../../core/audit/index.ts';

/** Writes of the anchor file are at least this far apart (ms) under a steady stream of commits. */
export const ANCHOR_MIN_INTERVAL_MS = 50;

/**
 * Keeps the audit chain's latest head in a file outside the database, sealed with the audit key,
 * so that cutting entries off the end of the table is detected. Writes are coalesced: at most one
 * runs at a time, and under a steady stream of commits they are `minIntervalMs` apart (the newest
 * head wins), so the file trails the table by at most that long; `flush` writes the newest head
 * at once (on close, before a backup).
 */
export const createAnchorFile = (
  path: string,
  seal: Sealer,
  opts: { minIntervalMs?: number } = {},
): AnchorStore & { note(head: { seq: number; mac: string }): void; flush(): Promise<void> } => {
  const minInterval = opts.minIntervalMs ?? ANCHOR_MIN_INTERVAL_MS;
  const tmp = `${path}.${process.pid}.tmp`;
  let pending: { seq: number; mac: string } | null = null;
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastWrite = -Infinity;
  let highest = 0;

  const run = (): void => {
    timer = null;
    const head = pending!;
    pending = null;
    writing = (async () => {
      try {
        const anchor: Anchor = { ...head, seal: anchorSeal(head, seal) };
        await writeFile(tmp, JSON.stringify(anchor) + '\n', { mode: 0o600 });
        await rename(tmp, path);
        lastWrite = Date.now();
      } finally {
        writing = null;
        if (pending) schedule();
      }
    })();
  };

  const schedule = (): void => {
    if (writing || timer || !pending) return;
    const wait = lastWrite + minInterval - Date.now();
    if (wait <= 0) run();
    else (timer = setTimeout(run, wait)).unref();
  };

  return {
    note(head) {
      if (head.seq <= highest) return;
      highest = head.seq;
      pending = head;
      schedule();
    },
    flush: async () => {
      for (;;) {
        if (writing) await writing;
        else if (pending) {
          if (timer) clearTimeout(timer);
          run();
        } else return;
      }
    },
    async read() {
      try {
        const a = JSON.parse(await readFile(path, 'utf8')) as Anchor;
        return typeof a.seq === 'number' && typeof a.mac === 'string' && typeof a.seal === 'string' ? a : { seq: -1, mac: '', seal: 'unreadable' };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        return { seq: -1, mac: '', seal: 'unreadable' };
      }
    },
  };
};
