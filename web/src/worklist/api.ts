import type { ManagerView, WorkItem, WorkItemGroup, WorkItemStatus } from '../../../src/core/worklist/work-item.ts';
import { api } from '../shell/api.ts';

export type { ManagerView, WorkItem, WorkItemStatus };

export interface MyDay {
  groups: WorkItemGroup<WorkItem>[];
  counts: Record<string, number>;
  total: number;
}

export interface MyDayFilters {
  kind: string;
  status: WorkItemStatus;
  mine: boolean;
}

/** "My day": the filters hold no patient data, so they go in the query string. */
export const loadMyDay = (f: MyDayFilters, signal?: AbortSignal): Promise<MyDay> => {
  const q = new URLSearchParams({ status: f.status, ...(f.kind ? { kind: f.kind } : {}), ...(f.mine ? { mine: 'true' } : {}) });
  return api<MyDay>('GET', `/api/worklist/my-day?${q}`, undefined, { signal });
};

export const loadManagerView = (signal?: AbortSignal): Promise<ManagerView> => api<ManagerView>('GET', '/api/worklist/manager', undefined, { signal });

export interface WorklistSearch {
  kind?: string;
  status?: WorkItemStatus[];
  ownerId?: string | null;
  team?: string;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export const searchWorklist = (f: WorklistSearch, signal?: AbortSignal): Promise<{ items: WorkItem[]; counts: Record<string, number>; total: number }> =>
  api('POST', '/api/worklist/search', f, { signal });

export const assignItem = (id: string, userId: string | null): Promise<WorkItem> => api('POST', `/api/worklist/${encodeURIComponent(id)}/assign`, { userId });
export const snoozeItem = (id: string, until: string, reason: string): Promise<WorkItem> => api('POST', `/api/worklist/${encodeURIComponent(id)}/snooze`, { until, reason });
export const completeItem = (id: string, note: string | null): Promise<WorkItem> => api('POST', `/api/worklist/${encodeURIComponent(id)}/complete`, note ? { note } : {});
export const reopenItem = (id: string): Promise<WorkItem> => api('POST', `/api/worklist/${encodeURIComponent(id)}/reopen`);
export const refreshWorklist = (): Promise<{ runs: { kind: string; inserted: number; updated: number; closed: number; error?: string }[] }> => api('POST', '/api/worklist/refresh');

/** Where the item's action is done: the source record, one click away. */
export const linkOf = (item: Pick<WorkItem, 'link' | 'patientId'>): string | null => {
  const pid = item.patientId ? encodeURIComponent(item.patientId) : null;
  switch (item.link.kind) {
    case 'coverage':
      return pid ? `/patients/${pid}/coverages` : null;
    case 'patient':
      return `/patients/${encodeURIComponent(item.link.id)}`;
    default:
      return pid ? `/patients/${pid}` : null;
  }
};

/** The kind of a suspected-duplicate item (`PatientWorkKinds.duplicate` on the server). */
export const DUPLICATE_KIND = 'patient.duplicate';

/** For a suspected-duplicate item: the screen comparing the two records side by side. */
export const compareLinkOf = (item: Pick<WorkItem, 'kind' | 'link'>): string | null =>
  item.kind === DUPLICATE_KIND && item.link.kind === 'patient' && item.link.relatedId
    ? `/duplicates/${encodeURIComponent(item.link.id)}/${encodeURIComponent(item.link.relatedId)}`
    : null;

/** ISO dates inside server sentences ("ends 2026-03-20") as "Mar 20, 2026". */
export const readableDates = (text: string, format: (d: string) => string): string => text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => format(d));
