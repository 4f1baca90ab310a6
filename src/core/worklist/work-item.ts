import { z } from 'zod';
import { Roles, type Role } from '../access/index.ts';
import type { LocalDate } from '../shared/index.ts';

/** Stored statuses. `closed` means the cause went away by itself (the generator no longer produces it). */
export const WorkItemStatuses = ['open', 'snoozed', 'done', 'closed'] as const;
export type WorkItemStatus = (typeof WorkItemStatuses)[number];

/** 1 urgent, 2 high, 3 normal, 4 low. */
export type Priority = 1 | 2 | 3 | 4;

/** The record the item is about, so the screen can put the action one click away. */
export interface WorkItemLink {
  kind: string;
  id: string;
  /** A second record when the item is about a pair (the other patient of a suspected duplicate). */
  relatedId?: string | null;
}

/** One thing someone has to do: why, by when, who, and where to do it. */
export interface WorkItem {
  id: string;
  kind: string;
  /** Stable key of the cause within its kind, e.g. `coverage-ending:<coverageId>:<endDate>`. */
  sourceKey: string;
  patientId: string | null;
  /** Never a patient name: the screen shows the patient banner beside it. */
  title: string;
  /** A plain sentence: why the item exists and the next step. */
  explanation: string;
  /** ISO instant (UTC). */
  due: string;
  priority: Priority;
  owner: { userId: string } | null;
  /** The role whose members see the item while nobody owns it. */
  team: Role;
  status: WorkItemStatus;
  snoozedUntil: string | null;
  snoozeReason: string | null;
  link: WorkItemLink;
  createdAt: string;
  updatedAt: string;
  completedBy: string | null;
  completedAt: string | null;
  completionNote: string | null;
  /** Optimistic-concurrency counter, bumped by every write. */
  version: number;
}

/** What a generator says about one current cause; the service turns it into a stored item. */
export interface DraftWorkItem {
  kind: string;
  sourceKey: string;
  patientId: string | null;
  title: string;
  explanation: string;
  due: string;
  priority: Priority;
  team: Role;
  link: WorkItemLink;
}

/** The fields a generator owns: a change in any of them updates an open item. */
export const DRAFT_FIELDS = ['patientId', 'title', 'explanation', 'due', 'priority', 'team', 'link'] as const;

/** The status the user sees: a snooze that has run out counts as open. */
export const effectiveStatus = (item: Pick<WorkItem, 'status' | 'snoozedUntil'>, now: Date): WorkItemStatus =>
  item.status === 'snoozed' && (!item.snoozedUntil || item.snoozedUntil <= now.toISOString()) ? 'open' : item.status;

/** The last millisecond of a UTC calendar day, as an ISO instant. */
export const endOfDay = (date: LocalDate): string => `${date}T23:59:59.999Z`;

/** A new open item from a draft. */
export const newWorkItem = (draft: DraftWorkItem, id: string, at: string): WorkItem => ({
  ...draft,
  link: { ...draft.link },
  id,
  owner: null,
  status: 'open',
  snoozedUntil: null,
  snoozeReason: null,
  createdAt: at,
  updatedAt: at,
  completedBy: null,
  completedAt: null,
  completionNote: null,
  version: 1,
});

/** Items in the order a day is worked: earliest due first, then the most urgent, then the oldest. */
export const sortForMyDay = <T extends Pick<WorkItem, 'due' | 'priority' | 'createdAt' | 'id'>>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => cmp(a.due, b.due) || a.priority - b.priority || cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id));

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How many items of each kind. */
export const countByKind = (items: readonly Pick<WorkItem, 'kind'>[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  return counts;
};

export interface WorkItemGroup<T> {
  kind: string;
  label: string;
  count: number;
  items: T[];
}

/**
 * Groups items by kind, each group sorted for the day; the group holding the most pressing item
 * comes first. `counts` overrides the count of a kind (when the list was cut at a limit).
 */
export const groupByKind = <T extends WorkItem>(items: readonly T[], labels: Readonly<Record<string, string>>, counts: Readonly<Record<string, number>> = {}): WorkItemGroup<T>[] => {
  const groups = new Map<string, T[]>();
  for (const i of sortForMyDay(items)) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i]);
  return [...groups].map(([kind, list]) => ({ kind, label: labels[kind] ?? kind, count: counts[kind] ?? list.length, items: list }));
};

/** Age buckets of the manager view, by time since the item was created. */
export const AgeBuckets = ['<1d', '1-3d', '3-7d', '>7d'] as const;
export type AgeBucket = (typeof AgeBuckets)[number];

const DAY_MS = 86_400_000;

/** The bucket of an item created at `createdAt`, seen at `now`: [0,1) days, [1,3), [3,7), 7 or more. */
export const ageBucket = (createdAt: string, now: Date): AgeBucket => {
  const days = (now.getTime() - Date.parse(createdAt)) / DAY_MS;
  return days < 1 ? '<1d' : days < 3 ? '1-3d' : days < 7 ? '3-7d' : '>7d';
};

const emptyAges = (): Record<AgeBucket, number> => ({ '<1d': 0, '1-3d': 0, '3-7d': 0, '>7d': 0 });

export interface ManagerView {
  total: number;
  overdue: number;
  byAge: Record<AgeBucket, number>;
  /** `ownerId` null: unassigned (per team in `team`). Largest first. */
  byOwner: { ownerId: string | null; team: Role | null; count: number; overdue: number; byAge: Record<AgeBucket, number> }[];
  byKind: Record<string, number>;
}

/** Counts open items by owner (unassigned ones per team) and by age. */
export const managerView = (items: readonly Pick<WorkItem, 'owner' | 'team' | 'kind' | 'createdAt' | 'due'>[], now: Date): ManagerView => {
  const view: ManagerView = { total: 0, overdue: 0, byAge: emptyAges(), byOwner: [], byKind: countByKind(items) };
  const rows = new Map<string, ManagerView['byOwner'][number]>();
  const nowIso = now.toISOString();
  for (const i of items) {
    const key = i.owner ? `u:${i.owner.userId}` : `t:${i.team}`;
    const row = rows.get(key) ?? { ownerId: i.owner?.userId ?? null, team: i.owner ? null : i.team, count: 0, overdue: 0, byAge: emptyAges() };
    rows.set(key, row);
    const bucket = ageBucket(i.createdAt, now);
    const late = i.due < nowIso ? 1 : 0;
    row.count += 1;
    row.overdue += late;
    row.byAge[bucket] += 1;
    view.total += 1;
    view.overdue += late;
    view.byAge[bucket] += 1;
  }
  view.byOwner = [...rows.values()].sort((a, b) => b.count - a.count || cmp(a.ownerId ?? `~${a.team}`, b.ownerId ?? `~${b.team}`));
  return view;
};

const instant = z.iso.datetime({ offset: true });
const kind = z.string().trim().min(1).max(60);
const statusFilter = z.enum(WorkItemStatuses);

/** Filters of "My day": my items and my team's unassigned ones. */
export const MyDayFiltersSchema = z.strictObject({
  kind: kind.optional(),
  /** Effective status; open by default (a run-out snooze is open). */
  status: statusFilter.default('open'),
  /** Only the items I own. */
  mine: z.boolean().default(false),
  /** Whose unassigned items to include instead of my role's team. */
  team: z.enum(Roles).optional(),
});
export type MyDayFilters = z.infer<typeof MyDayFiltersSchema>;

/** Filters of the manager's list. `ownerId: null` means unassigned. */
export const WorklistFiltersSchema = z.strictObject({
  kind: kind.optional(),
  status: z.array(statusFilter).min(1).max(4).default(['open']),
  ownerId: z.string().min(1).max(64).nullable().optional(),
  team: z.enum(Roles).optional(),
  patientId: z.string().min(1).max(64).optional(),
  overdue: z.boolean().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type WorklistFilters = z.infer<typeof WorklistFiltersSchema>;

export const SnoozeInputSchema = z.strictObject({
  until: instant,
  reason: z.string().trim().min(3).max(200),
});
export type SnoozeInput = z.infer<typeof SnoozeInputSchema>;
