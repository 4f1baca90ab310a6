import { sql } from 'kysely';
import type { Db } from './db.ts';

/** How many change-log entries one look reads; a process further behind forgets everything. */
const CHANGES_PER_LOOK = 500;

/**
 * Recently read patients (whatever `load` gives: the repository keeps the mapped record and
 * coverages, deep-frozen, so no caller can alter what is kept), for the most frequent requests:
 * reading a patient, and the rows of a search's page. SQLite only.
 *
 * Never stale: before answering, the cache reads the patient change log (migration 0008, written
 * by triggers in the same transaction as the change) past the last entry it saw and forgets those
 * patients, so a change by this process, another connection or the CLI is seen by the next read.
 * The reads that arrive in one turn of the event loop share that look, taken after the turn's I/O
 * (setImmediate): it still follows the arrival of every read waiting on it, so a change committed
 * before a read was sent is seen by it, and a busy server reads the log once per turn instead of
 * once per request. A row loaded while the log moved is answered but not kept. Reads inside a
 * transaction bypass the cache.
 */
export const createPatientCache = <T>(
  db: Db,
  load: (id: string) => Promise<T | null>,
  loadMany: (ids: string[]) => Promise<Map<string, T>> = async (ids) => {
    const found = new Map<string, T>();
    for (const id of ids) {
      const v = await load(id);
      if (v !== null) found.set(id, v);
    }
    return found;
  },
  capacity = 10_000,
): { get(id: string): Promise<T | null>; getMany(ids: string[]): Promise<Map<string, T>> } => {
  const changesAfter = db.preparedRead((k) => k.selectFrom('patient_changes').select(['seq', 'patient_id']).where('seq', '>', 0).orderBy('seq').limit(CHANGES_PER_LOOK));
  const lastSeq = db.preparedRead((k) => k.selectFrom('patient_changes').select(sql<number>`coalesce(max(seq), 0)`.as('seq')));
  const entries = new Map<string, T>();
  let seen: number | null = null;
  // Bumped whenever entries may have been forgotten: a load that straddles a bump is not kept.
  let generation = 0;

  const catchUp = async (): Promise<void> => {
    if (seen === null) {
      const [last] = await lastSeq();
      seen ??= Number(last?.seq ?? 0);
      return;
    }
    const from = seen;
    const rows = await changesAfter(from, CHANGES_PER_LOOK);
    if (!rows.length) return;
    generation++;
    // A gap (entries pruned before this process read them) or a full page: start afresh.
    if (Number(rows[0]!.seq) !== from + 1 || rows.length === CHANGES_PER_LOOK) entries.clear();
    else for (const r of rows) entries.delete(r.patient_id);
    seen = Math.max(seen, Number(rows[rows.length - 1]!.seq));
  };

  // The look the reads of this turn wait for; a read arriving after it was taken waits for the next.
  let look: Promise<void> | null = null;
  const fresh = (): Promise<void> =>
    (look ??= new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        look = null;
        catchUp().then(resolve, reject);
      }),
    ));

  const keep = (id: string, value: T): void => {
    entries.set(id, value);
    if (entries.size > capacity) entries.delete(entries.keys().next().value!);
  };
  const touch = (id: string): T | undefined => {
    const hit = entries.get(id);
    if (hit !== undefined) {
      // Least recently used goes first: re-insert at the end.
      entries.delete(id);
      entries.set(id, hit);
    }
    return hit;
  };

  return {
    /** The patients found among `ids` (a missing or unknown id is left out). */
    async getMany(ids) {
      if (db.uow.inTransaction()) return loadMany(ids);
      await fresh();
      const found = new Map<string, T>();
      const missing: string[] = [];
      for (const id of ids) {
        const hit = touch(id);
        if (hit !== undefined) found.set(id, hit);
        else missing.push(id);
      }
      if (!missing.length) return found;
      const at = generation;
      const loaded = await loadMany(missing);
      for (const [id, value] of loaded) {
        found.set(id, value);
        if (at === generation) keep(id, value);
      }
      return found;
    },
    async get(id) {
      if (db.uow.inTransaction()) return load(id);
      await fresh();
      const hit = touch(id);
      if (hit !== undefined) return hit;
      const at = generation;
      const value = await load(id);
      if (value !== null && at === generation) keep(id, value);
      return value;
    },
  };
};
