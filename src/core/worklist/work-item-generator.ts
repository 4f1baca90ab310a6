import type { Role } from '../access/index.ts';
import type { LocalDate } from '../shared/index.ts';
import { DRAFT_FIELDS, type DraftWorkItem, type WorkItem } from './work-item.ts';

export interface GeneratorContext {
  /** The practice's calendar date. */
  today: LocalDate;
  now: Date;
}

/**
 * The one interface a capability implements to feed the worklist. `generate` returns the
 * complete current set of causes of its kind (never a delta): the worklist inserts new ones,
 * updates changed ones and closes the ones that are gone, so running it again is harmless.
 */
export interface WorkItemGenerator {
  kind: string;
  /** Heading of the kind's group on "My day". */
  label: string;
  /** The team that sees the kind's items while nobody owns them. */
  team: Role;
  generate(ctx: GeneratorContext): Promise<DraftWorkItem[]>;
}

export interface ReconcilePlan {
  /** New causes: drafts to store as new open items. */
  insert: DraftWorkItem[];
  /** Open or snoozed items whose cause changed, and closed items whose cause came back: the next state. */
  update: WorkItem[];
  /** Open or snoozed items whose cause is gone: the next state, status `closed`. */
  close: WorkItem[];
}

const sameDraft = (item: WorkItem, draft: DraftWorkItem): boolean =>
  DRAFT_FIELDS.every((f) =>
    f === 'link'
      ? item.link.kind === draft.link.kind && item.link.id === draft.link.id && (item.link.relatedId ?? null) === (draft.link.relatedId ?? null)
      : item[f] === draft[f],
  );

const withDraft = (item: WorkItem, draft: DraftWorkItem, at: string): WorkItem => ({
  ...item,
  patientId: draft.patientId,
  title: draft.title,
  explanation: draft.explanation,
  due: draft.due,
  priority: draft.priority,
  team: draft.team,
  link: { ...draft.link },
  updatedAt: at,
});

/**
 * Plans how stored items follow one generator's current drafts. `existing` holds the kind's
 * open and snoozed items plus any item (whatever its status) sharing a draft's source key.
 * Rules: open/snoozed items take the draft's fields when they differ (owner, status and snooze
 * kept); a done item is never reopened for the same cause; a closed item whose cause is back
 * reopens; open/snoozed items with no draft close. Duplicate source keys: the first draft wins.
 */
export const reconcile = (existing: readonly WorkItem[], drafts: readonly DraftWorkItem[], now: Date): ReconcilePlan => {
  const at = now.toISOString();
  const byKey = new Map(existing.map((i) => [`${i.kind}\u0000${i.sourceKey}`, i]));
  const seen = new Set<string>();
  const plan: ReconcilePlan = { insert: [], update: [], close: [] };
  for (const d of drafts) {
    const key = `${d.kind}\u0000${d.sourceKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const item = byKey.get(key);
    if (!item) plan.insert.push(d);
    else if (item.status === 'closed') plan.update.push({ ...withDraft(item, d, at), status: 'open', snoozedUntil: null, snoozeReason: null });
    else if (item.status !== 'done' && !sameDraft(item, d)) plan.update.push(withDraft(item, d, at));
  }
  for (const [key, item] of byKey) {
    if (!seen.has(key) && (item.status === 'open' || item.status === 'snoozed')) plan.close.push({ ...item, status: 'closed', updatedAt: at });
  }
  return plan;
};
