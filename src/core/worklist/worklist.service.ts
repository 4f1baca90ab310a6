import { requirePermission, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { DomainError, invalid, notFound, utcDate, type Clock, type Ids, type LocalDate, type UnitOfWork } from '../shared/index.ts';
import { reconcile, type WorkItemGenerator } from './work-item-generator.ts';
import type { WorkItemQuery, WorkItemRepo } from './work-item.repo.ts';
import {
  effectiveStatus,
  groupByKind,
  managerView as summarise,
  newWorkItem,
  type ManagerView,
  type MyDayFilters,
  type SnoozeInput,
  type WorkItem,
  type WorkItemGroup,
  type WorklistFilters,
} from './work-item.ts';

export interface WorklistServiceDeps {
  items: WorkItemRepo;
  generators: readonly WorkItemGenerator[];
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  /** The practice's calendar date at an instant; the UTC date when not given. */
  today?: (now: Date) => LocalDate;
  /** Told about a generator that failed (the others still run). */
  onGeneratorError?: (kind: string, error: unknown) => void;
  /**
   * Lets other work run (the server: the next turn of the event loop). A refresh pauses between
   * its steps, so a large practice's scan (seconds at a million patients) does not hold up the
   * requests in the meantime as one block.
   */
  pause?: () => Promise<void>;
}

/** What one generator's run changed; `error` when it failed (nothing of its kind changed). */
export interface GeneratorRun {
  kind: string;
  inserted: number;
  updated: number;
  closed: number;
  error?: string;
}

export interface MyDay {
  groups: WorkItemGroup<WorkItem>[];
  counts: Record<string, number>;
  total: number;
}

export interface WorklistPage {
  items: WorkItem[];
  counts: Record<string, number>;
  total: number;
}

const MY_DAY_LIMIT = 500;
const MAX_SNOOZE_DAYS = 180;
const DAY_MS = 86_400_000;

/** The worklist: runs the generators, shows "My day" and the manager's views, and changes items. */
export const createWorklistService = (d: WorklistServiceDeps) => {
  const labels = Object.fromEntries(d.generators.map((g) => [g.kind, g.label]));
  const today = d.today ?? utcDate;

  const pause = d.pause ?? (async () => {});

  /**
   * Brings one kind's stored items in line with its generator. Generating and reconciling only
   * read, so they run outside any write transaction (a large practice's scan must not hold up
   * other writers), pausing between steps; the plan is then applied in one short transaction,
   * where version checks refuse an item changed in the meantime.
   */
  const runOne = async (p: Principal, g: WorkItemGenerator): Promise<GeneratorRun> => {
    const now = d.clock.now();
    const drafts = await g.generate({ today: today(now), now });
    const stray = drafts.find((x) => x.kind !== g.kind);
    if (stray) throw new DomainError('invalid', `Generator ${g.kind} produced an item of kind ${stray.kind}`);
    await pause();
    const existing = new Map<string, WorkItem>();
    for (const i of await d.items.activeOfKind(g.kind)) existing.set(i.id, i);
    await pause();
    for (const i of await d.items.bySourceKeys(g.kind, drafts.map((x) => x.sourceKey))) existing.set(i.id, i);
    await pause();
    const plan = reconcile([...existing.values()], drafts, now);
    const run = { kind: g.kind, inserted: plan.insert.length, updated: plan.update.length, closed: plan.close.length };
    // A run that changes nothing writes nothing and leaves no trace, so a schedule can run it often.
    if (run.inserted + run.updated + run.closed === 0) return run;
    return d.uow.run(async () => {
      const at = now.toISOString();
      for (const draft of plan.insert) await d.items.insert(newWorkItem(draft, d.ids.newId(), at));
      for (const next of [...plan.update, ...plan.close]) await d.items.update({ ...next, version: next.version + 1 }, next.version);
      await d.audit.record(p, { action: 'worklist.refresh', category: 'worklist', outcome: 'success', patientId: null, detail: run });
      return run;
    });
  };

  /** Runs every generator; each kind commits on its own, and a failing one does not stop the rest. */
  const runGenerators = async (p: Principal): Promise<GeneratorRun[]> => {
    requirePermission(p, 'worklist.manage', d.clock.now());
    const runs: GeneratorRun[] = [];
    for (const g of d.generators) {
      try {
        await pause();
        runs.push(await runOne(p, g));
      } catch (e) {
        d.onGeneratorError?.(g.kind, e);
        runs.push({ kind: g.kind, inserted: 0, updated: 0, closed: 0, error: e instanceof DomainError ? e.message : 'the generator failed; see the server log' });
      }
    }
    return runs;
  };

  /** My items and my team's unassigned ones, grouped by kind, each group in working order. */
  const myDay = async (p: Principal, f: MyDayFilters): Promise<MyDay> => {
    const now = d.clock.now();
    requirePermission(p, 'worklist.read', now);
    const q: WorkItemQuery = { now: now.toISOString(), status: [f.status], kind: f.kind, scope: { userId: p.userId, team: f.mine ? null : (f.team ?? p.role) } };
    const [items, counts] = [await d.items.search(q, { limit: MY_DAY_LIMIT, offset: 0 }), await d.items.countByKind(q)];
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    await d.audit.record(p, { action: 'worklist.view', category: 'worklist', outcome: 'success', patientId: null, detail: { view: 'my-day', results: total } });
    return { groups: groupByKind(items, labels, counts), counts, total };
  };

  /** Any items, for those who share out the work. */
  const list = async (p: Principal, f: WorklistFilters): Promise<WorklistPage> => {
    const now = d.clock.now();
    requirePermission(p, 'worklist.read', now);
    const q: WorkItemQuery = { now: now.toISOString(), status: f.status, kind: f.kind, ownerId: f.ownerId, team: f.team, patientId: f.patientId, overdue: f.overdue };
    const [items, counts] = [await d.items.search(q, { limit: f.limit, offset: f.offset }), await d.items.countByKind(q)];
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    await d.audit.record(p, { action: 'worklist.search', category: 'worklist', outcome: 'success', patientId: f.patientId ?? null, detail: { results: total } });
    return { items, counts, total };
  };

  /** Open items counted by owner (unassigned per team), by age and by kind. */
  const managerView = async (p: Principal): Promise<ManagerView> => {
    const now = d.clock.now();
    requirePermission(p, 'worklist.read', now);
    return summarise(await d.items.summaries({ now: now.toISOString(), status: ['open'] }), now);
  };

  /** Loads, applies `fn`, saves with the version check and audits, in one transaction. */
  const change = async (p: Principal, id: string, action: string, fn: (item: WorkItem, now: Date) => { next: WorkItem; detail?: Record<string, string | number | boolean | null> }): Promise<WorkItem> => {
    requirePermission(p, 'worklist.manage', d.clock.now());
    return d.uow.run(async () => {
      const now = d.clock.now();
      const item = await d.items.get(id);
      if (!item) throw notFound('Work item', id);
      const { next, detail } = fn(item, now);
      const saved: WorkItem = { ...next, updatedAt: now.toISOString(), version: item.version + 1 };
      await d.items.update(saved, item.version);
      await d.audit.record(p, { action, category: 'worklist', outcome: 'success', patientId: item.patientId, detail: { itemId: id, kind: item.kind, ...detail } });
      return saved;
    });
  };

  const requireActive = (item: WorkItem, now: Date, what: string): void => {
    const s = effectiveStatus(item, now);
    if (s === 'done' || s === 'closed') throw new DomainError('precondition_failed', `Work item ${item.id} is ${s}; it cannot be ${what}`);
  };

  /** Gives the item to a user, or back to its team (null). */
  const assign = (p: Principal, id: string, userId: string | null): Promise<WorkItem> =>
    change(p, id, 'worklist.assign', (item, now) => {
      requireActive(item, now, 'assigned');
      return { next: { ...item, owner: userId ? { userId } : null }, detail: { ownerId: userId, previousOwnerId: item.owner?.userId ?? null } };
    });

  /** Hides the item from "My day" until `until`, with the reason. */
  const snooze = (p: Principal, id: string, input: SnoozeInput): Promise<WorkItem> =>
    change(p, id, 'worklist.snooze', (item, now) => {
      const reason = input.reason.trim();
      if (reason.length < 3) throw invalid('Say why the item can wait', [{ path: 'reason', message: 'at least 3 characters' }]);
      const until = Date.parse(input.until);
      if (Number.isNaN(until) || until <= now.getTime()) throw invalid('Snooze until a time in the future', [{ path: 'until', message: 'must be later than now' }]);
      if (until > now.getTime() + MAX_SNOOZE_DAYS * DAY_MS) throw invalid(`Snooze for at most ${MAX_SNOOZE_DAYS} days`, [{ path: 'until', message: `at most ${MAX_SNOOZE_DAYS} days ahead` }]);
      requireActive(item, now, 'snoozed');
      const snoozedUntil = new Date(until).toISOString();
      return { next: { ...item, status: 'snoozed', snoozedUntil, snoozeReason: reason.slice(0, 200) }, detail: { until: snoozedUntil, reason: reason.slice(0, 200) } };
    });

  /** Marks the item done; the same cause will not bring it back. */
  const complete = (p: Principal, id: string, note?: string | null): Promise<WorkItem> =>
    change(p, id, 'worklist.complete', (item, now) => {
      requireActive(item, now, 'completed');
      const text = note?.trim() ? note.trim().slice(0, 500) : null;
      return {
        next: { ...item, status: 'done', snoozedUntil: null, snoozeReason: null, completedBy: p.userId, completedAt: now.toISOString(), completionNote: text },
        detail: { withNote: text !== null },
      };
    });

  /** Puts a done or snoozed item back on the list. A closed item (cause gone) stays closed. */
  const reopen = (p: Principal, id: string): Promise<WorkItem> =>
    change(p, id, 'worklist.reopen', (item) => {
      if (item.status !== 'done' && item.status !== 'snoozed') throw new DomainError('precondition_failed', `Work item ${id} is ${item.status}; only a done or snoozed item can be reopened`);
      return {
        next: { ...item, status: 'open', snoozedUntil: null, snoozeReason: null, completedBy: null, completedAt: null, completionNote: null },
        detail: { previousStatus: item.status },
      };
    });

  /**
   * Marks the open item of a cause done because the user's own action removed the cause (a
   * no-show rebooked): it leaves "My day" at once instead of at the next generator run. Called by
   * the capability that checked the user's permission for that action; audited.
   */
  const resolveCause = async (p: Principal, kind: string, sourceKey: string, note: string): Promise<WorkItem[]> =>
    d.uow.run(async () => {
      const now = d.clock.now();
      const done: WorkItem[] = [];
      for (const item of await d.items.bySourceKeys(kind, [sourceKey])) {
        if (item.status !== 'open' && item.status !== 'snoozed') continue;
        const saved: WorkItem = { ...item, status: 'done', snoozedUntil: null, snoozeReason: null, completedBy: p.userId, completedAt: now.toISOString(), completionNote: note.slice(0, 500), updatedAt: now.toISOString(), version: item.version + 1 };
        await d.items.update(saved, item.version);
        await d.audit.record(p, { action: 'worklist.resolve', category: 'worklist', outcome: 'success', patientId: item.patientId, detail: { itemId: item.id, kind } });
        done.push(saved);
      }
      return done;
    });

  const get = async (p: Principal, id: string): Promise<WorkItem> => {
    requirePermission(p, 'worklist.read', d.clock.now());
    const item = await d.items.get(id);
    if (!item) throw notFound('Work item', id);
    return item;
  };

  return { runGenerators, myDay, list, managerView, assign, snooze, complete, reopen, resolveCause, get, labels };
};
export type WorklistService = ReturnType<typeof createWorklistService>;
