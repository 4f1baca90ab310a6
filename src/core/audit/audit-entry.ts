import type { Principal } from '../access/index.ts';

/** What kind of data or event an entry is about. */
export const DataCategories = ['demographics', 'ssn', 'insurance', 'clinical', 'security', 'audit', 'disclosure', 'reference', 'worklist', 'scheduling'] as const;
export type DataCategory = (typeof DataCategories)[number];

export const Outcomes = ['success', 'denied', 'failure'] as const;
export type Outcome = (typeof Outcomes)[number];

/** An entry as a service writes it; the store seals it into the chain. */
export interface AuditDraft {
  action: string;
  category: DataCategory;
  outcome: Outcome;
  patientId: string | null;
  /** Ids and reasons only: never names, SSNs or other patient data. */
  detail: Record<string, string | number | boolean | null>;
}

/** A sealed entry of the append-only, hash-chained trail. */
export interface AuditEntry {
  seq: number;
  at: string;
  userId: string;
  username: string;
  principalId: string;
  sourceIp: string | null;
  breakGlass: boolean;
  action: string;
  category: DataCategory;
  outcome: Outcome;
  patientId: string | null;
  detail: string;
  /** HMAC over the previous entry's mac and this entry's canonical form. */
  mac: string;
}

export type UnsealedEntry = Omit<AuditEntry, 'mac' | 'seq'>;

/** Builds the unsealed entry for a draft by a principal at an instant. */
export const entryFor = (p: Principal, draft: AuditDraft, at: Date): UnsealedEntry => ({
  at: at.toISOString(),
  userId: p.userId,
  username: p.username,
  principalId: p.principalId,
  sourceIp: p.sourceIp,
  breakGlass: p.breakGlass !== null && p.breakGlass.endsAt > at.toISOString(),
  action: draft.action,
  category: draft.category,
  outcome: draft.outcome,
  patientId: draft.patientId,
  detail: JSON.stringify(draft.detail),
});

/** The canonical text of an entry that the chain seals: field order fixed, separators escaped. */
export const canonicalEntry = (e: Omit<AuditEntry, 'mac'>): string =>
  JSON.stringify([
    e.seq,
    e.at,
    e.userId,
    e.username,
    e.principalId,
    e.sourceIp,
    e.breakGlass,
    e.action,
    e.category,
    e.outcome,
    e.patientId,
    e.detail,
  ]);
