import { readFile, rename, writeFile } from 'node:fs/promises';
import { anchorSeal, type Anchor, type AnchorStore, type Sealer } from '../../core/audit/index.ts';

/**
 * Keeps the audit chain's latest head in a file outside the database, sealed with the audit key,
 * so that cutting entries off the end of the table is detected. Writes are coalesced.
 */
export const createAnchorFile = (path: string, seal: Sealer): AnchorStore & { note(head: { seq: number; mac: string }): void; flush(): Promise<void> } => {
  let pending: { seq: number; mac: string } | null = null;
  let writing: Promise<void> | null = null;
  let highest = 0;

  const write = async (): Promise<void> => {
    while (pending) {
      const head = pending;
      pending = null;
      const anchor: Anchor = { ...head, seal: anchorSeal(head, seal) };
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(anchor) + '\n', { mode: 0o600 });
      await rename(tmp, path);
    }
    writing = null;
  };

  return {
    note(head) {
      if (head.seq <= highest) return;
      highest = head.seq;
      pending = head;
      writing ??= write();
    },
    flush: async () => {
      while (writing) await writing;
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
