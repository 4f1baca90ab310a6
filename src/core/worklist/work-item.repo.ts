import type { Role } from '../access/index.ts';
import type { WorkItem, WorkItemStatus } from './work-item.ts';

/** A query over stored items; statuses are effective ones (a run-out snooze is open at `now`). */
export interface WorkItemQuery {
  /** ISO instant the effective status is judged at. */
  now: string;
  status?: WorkItemStatus[];
  kind?: string;
  /** A user id, or null for unassigned items. */
  ownerId?: string | null;
  team?: Role;
  patientId?: string;
  /** Items due before `now`. */
  overdue?: boolean;
  /** "My day": items owned by `userId`, or unassigned items of `team`. */
  scope?: { userId: string; team: Role | null };
}

/** Storage of work items; (kind, sourceKey) is unique. */
export interface WorkItemRepo {
  get(id: string): Promise<WorkItem | null>;
  /** Open and snoozed items of a kind. */
  activeOfKind(kind: string): Promise<WorkItem[]>;
  /** Items of a kind with any of these source keys, whatever their status. */
  bySourceKeys(kind: string, sourceKeys: string[]): Promise<WorkItem[]>;
  /** Throws a retryable conflict when a concurrent writer stored the same (kind, sourceKey) first. */
  insert(item: WorkItem): Promise<void>;
  /** Writes the item (with `version` already bumped); throws a retryable conflict unless the stored version is `expectedVersion`. */
  update(item: WorkItem, expectedVersion: number): Promise<void>;
  /** Matching items, earliest due first, then priority. */
  search(q: WorkItemQuery, page: { limit: number; offset: number }): Promise<WorkItem[]>;
  /** How many items match, per kind. */
  countByKind(q: WorkItemQuery): Promise<Record<string, number>>;
  /** The few fields the manager view counts, for every matching item (no paging). */
  summaries(q: WorkItemQuery): Promise<WorkItemSummary[]>;
}

export type WorkItemSummary = Pick<WorkItem, 'kind' | 'owner' | 'team' | 'createdAt' | 'due'>;
