import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Role } from '../core/access/index.ts';
import type { Priority, WorkItem, WorkItemQuery, WorkItemRepo, WorkItemStatus } from '../core/worklist/index.ts';
import { isUniqueViolation, letOthersRun, longReads, RetryableConflict, type Db } from './db.ts';
import type { Database, WorkItemsTable } from './schema.ts';

const toRow = (i: WorkItem): WorkItemsTable => ({
  id: i.id,
  kind: i.kind,
  source_key: i.sourceKey,
  patient_id: i.patientId,
  title: i.title,
  explanation: i.explanation,
  due: i.due,
  priority: i.priority,
  owner_id: i.owner?.userId ?? null,
  team: i.team,
  status: i.status,
  snoozed_until: i.snoozedUntil,
  snooze_reason: i.snoozeReason,
  link_kind: i.link.kind,
  link_id: i.link.id,
  link_related_id: i.link.relatedId ?? null,
  completed_by: i.completedBy,
  completed_at: i.completedAt,
  completion_note: i.completionNote,
  version: i.version,
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

const fromRow = (r: Selectable<WorkItemsTable>): WorkItem => ({
  id: r.id,
  kind: r.kind,
  sourceKey: r.source_key,
  patientId: r.patient_id,
  title: r.title,
  explanation: r.explanation,
  due: r.due,
  priority: Number(r.priority) as Priority,
  owner: r.owner_id ? { userId: r.owner_id } : null,
  team: r.team as Role,
  status: r.status as WorkItemStatus,
  snoozedUntil: r.snoozed_until,
  snoozeReason: r.snooze_reason,
  link: r.link_related_id ? { kind: r.link_kind, id: r.link_id, relatedId: r.link_related_id } : { kind: r.link_kind, id: r.link_id },
  completedBy: r.completed_by,
  completedAt: r.completed_at,
  completionNote: r.completion_note,
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

type Eb = ExpressionBuilder<Database, 'work_items'>;

// Effective status: a snooze whose time has come counts as open.
const statusIs = (eb: Eb, s: WorkItemStatus, now: string) => {
  if (s === 'open') return eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'snoozed'), eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)])])]);
  if (s === 'snoozed') return eb.and([eb('status', '=', 'snoozed'), eb('snoozed_until', '>', now)]);
  return eb('status', '=', s);
};

const where = (q: WorkItemQuery) => (eb: Eb) => {
  const all = [];
  if (q.status?.length) all.push(eb.or(q.status.map((s) => statusIs(eb, s, q.now))));
  if (q.kind) all.push(eb('kind', '=', q.kind));
  if (q.ownerId === null) all.push(eb('owner_id', 'is', null));
  else if (q.ownerId !== undefined) all.push(eb('owner_id', '=', q.ownerId));
  if (q.team) all.push(eb('team', '=', q.team));
  if (q.patientId) all.push(eb('patient_id', '=', q.patientId));
  if (q.overdue === true) all.push(eb('due', '<', q.now));
  if (q.overdue === false) all.push(eb('due', '>=', q.now));
  if (q.scope) {
    const mine = eb('owner_id', '=', q.scope.userId);
    all.push(q.scope.team ? eb.or([mine, eb.and([eb('owner_id', 'is', null), eb('team', '=', q.scope.team)])]) : mine);
  }
  return eb.and(all);
};

/** Work items on Kysely (SQLite or PostgreSQL). */
export const createWorkItemRepo = (db: Db): WorkItemRepo => ({
  async get(id) {
    const row = await db.read().selectFrom('work_items').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  },
  async activeOfKind(kind) {
    // In pages along the (kind, source key) index, letting other work run between them.
    const out: WorkItem[] = [];
    for (let after = '', more = true; more; await letOthersRun(db)) {
      const rows = await db.read().selectFrom('work_items').selectAll().where('kind', '=', kind).where('status', 'in', ['open', 'snoozed']).where('source_key', '>', after).orderBy('source_key').limit(longReads.pageRows).execute();
      out.push(...rows.map(fromRow));
      more = rows.length === longReads.pageRows;
      after = rows[rows.length - 1]?.source_key ?? after;
    }
    return out;
  },
  async bySourceKeys(kind, keys) {
    const out: WorkItem[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      if (i > 0) await letOthersRun(db);
      const rows = await db.read().selectFrom('work_items').selectAll().where('kind', '=', kind).where('source_key', 'in', keys.slice(i, i + 500)).execute();
      out.push(...rows.map(fromRow));
    }
    return out;
  },
  async insert(item) {
    try {
      await db.q().insertInto('work_items').values(toRow(item)).execute();
    } catch (e) {
      // Another server's generator run stored the same cause first: retry the whole run.
      if (isUniqueViolation(e)) throw new RetryableConflict(`work item ${item.kind} ${item.sourceKey}`);
      throw e;
    }
  },
  async update(item, expectedVersion) {
    const { id: _id, created_at: _c, ...row } = toRow(item);
    const res = await db.q().updateTable('work_items').set(row).where('id', '=', item.id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new RetryableConflict(`work item ${item.id}`);
  },
  async search(q, page) {
    const rows = await db.read().selectFrom('work_items').selectAll().where(where(q))
      .orderBy('due').orderBy('priority').orderBy('created_at').orderBy('id')
      .limit(page.limit).offset(page.offset).execute();
    return rows.map(fromRow);
  },
  async countByKind(q) {
    const rows = await db.read().selectFrom('work_items').select((eb) => ['kind', eb.fn.countAll<number>().as('n')]).where(where(q)).groupBy('kind').orderBy('kind').execute();
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  },
  async summaries(q) {
    const rows = await db.read().selectFrom('work_items').select(['kind', 'owner_id', 'team', 'created_at', 'due']).where(where(q)).execute();
    return rows.map((r) => ({ kind: r.kind, owner: r.owner_id ? { userId: r.owner_id } : null, team: r.team as Role, createdAt: r.created_at, due: r.due }));
  },
});
