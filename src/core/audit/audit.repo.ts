import type { Principal } from '../access/index.ts';
import type { Anchor } from './audit-chain.ts';
import type { AuditDraft, AuditEntry } from './audit-entry.ts';

/** Appends to the trail. Inside a unit of work it joins that transaction; outside it group-commits. */
export interface AuditLog {
  record(p: Principal, drafts: AuditDraft | AuditDraft[]): Promise<void>;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  userId?: string;
  username?: string;
  patientId?: string;
  action?: string;
  outcome?: string;
  breakGlass?: boolean;
}

export const AuditSorts = ['seq', 'at', 'username', 'action', 'patientId', 'outcome'] as const;
export type AuditSort = (typeof AuditSorts)[number];

export interface AuditQuery extends AuditFilter {
  sort: AuditSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Reads the sealed trail. */
export interface AuditRepo {
  search(q: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }>;
  /** Every entry in stored order, in pages, for verification. */
  scan(pageSize: number): AsyncIterable<AuditEntry>;
}

/** The chain checkpoint kept outside the database (beside the key). */
export interface AnchorStore {
  read(): Promise<Anchor | null>;
}

/** A disclosure of patient information to an outside party (HIPAA accounting of disclosures). */
export interface Disclosure {
  id: string;
  patientId: string;
  disclosedOn: string;
  recipient: string;
  purpose: string;
  description: string;
  recordedBy: string;
  recordedAt: string;
}

export interface DisclosureRepo {
  insert(d: Disclosure): Promise<void>;
  listForPatient(patientId: string, from?: string, to?: string): Promise<Disclosure[]>;
}
