import { canonicalEntry, type AuditEntry, type UnsealedEntry } from './audit-entry.ts';

/** Keyed MAC (HMAC-SHA-256 in production); the key never lives in the database. */
export type Sealer = (text: string) => string;

/** The chain's starting value before the first entry. */
export const GENESIS_MAC = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  mac: string;
}

/** Seals entries onto a chain head: sequence numbers follow on, each mac covers the one before. */
export const sealEntries = (head: ChainHead, entries: UnsealedEntry[], seal: Sealer): AuditEntry[] => {
  let { seq, mac } = head;
  return entries.map((e) => {
    seq += 1;
    const body = { ...e, seq };
    mac = seal(`${mac}\n${canonicalEntry(body)}`);
    return { ...body, mac };
  });
};

export type ChainProblem =
  | { kind: 'altered'; seq: number }
  | { kind: 'missing'; seq: number }
  | { kind: 'out_of_order'; seq: number }
  | { kind: 'truncated'; lastSeq: number; anchoredSeq: number }
  | { kind: 'anchor_mismatch'; seq: number };

/** A checkpoint of the chain kept outside the database, sealed with the same key. */
export interface Anchor {
  seq: number;
  mac: string;
  seal: string;
}

export const anchorSeal = (a: { seq: number; mac: string }, seal: Sealer): string => seal(`anchor\n${a.seq}\n${a.mac}`);

/**
 * Walks entries in stored order and names the first problem: an altered or inserted entry
 * (its mac does not verify), a deleted one (a gap), reordered ones (sequence goes back), or a
 * truncated tail (the outside anchor names a later entry than the database holds).
 */
export class ChainVerifier {
  private head: ChainHead = { seq: 0, mac: GENESIS_MAC };
  private problem: ChainProblem | null = null;
  private count = 0;

  constructor(
    private readonly seal: Sealer,
    private readonly anchor: Anchor | null,
  ) {}

  /** Feeds the next stored entry; returns false once a problem has been found. */
  push(e: AuditEntry): boolean {
    if (this.problem) return false;
    this.count += 1;
    if (e.seq <= this.head.seq) this.problem = { kind: 'out_of_order', seq: e.seq };
    else if (e.seq > this.head.seq + 1) this.problem = { kind: 'missing', seq: this.head.seq + 1 };
    else if (this.seal(`${this.head.mac}\n${canonicalEntry(e)}`) !== e.mac) this.problem = { kind: 'altered', seq: e.seq };
    else if (this.anchor && e.seq === this.anchor.seq && e.mac !== this.anchor.mac) this.problem = { kind: 'anchor_mismatch', seq: e.seq };
    if (this.problem) return false;
    this.head = { seq: e.seq, mac: e.mac };
    return true;
  }

  /** The verdict after the last entry. */
  finish(): { ok: true; entries: number; lastSeq: number } | { ok: false; problem: ChainProblem; entries: number } {
    if (!this.problem && this.anchor && this.anchor.seal !== anchorSeal(this.anchor, this.seal)) {
      this.problem = { kind: 'anchor_mismatch', seq: this.anchor.seq };
    }
    if (!this.problem && this.anchor && this.head.seq < this.anchor.seq) {
      this.problem = { kind: 'truncated', lastSeq: this.head.seq, anchoredSeq: this.anchor.seq };
    }
    return this.problem
      ? { ok: false, problem: this.problem, entries: this.count }
      : { ok: true, entries: this.count, lastSeq: this.head.seq };
  }
}

/** A sentence for a verification problem, naming the entry. */
export const describeProblem = (p: ChainProblem): string => {
  switch (p.kind) {
    case 'altered':
      return `audit entry ${p.seq} was altered or inserted: its seal does not verify`;
    case 'missing':
      return `audit entry ${p.seq} is missing: the chain skips from ${p.seq - 1}`;
    case 'out_of_order':
      return `audit entry ${p.seq} is out of order: entries were reordered or duplicated`;
    case 'truncated':
      return `the audit trail was truncated: it ends at entry ${p.lastSeq} but the outside anchor records entry ${p.anchoredSeq}`;
    case 'anchor_mismatch':
      return `audit entry ${p.seq} does not match the outside anchor`;
  }
};
