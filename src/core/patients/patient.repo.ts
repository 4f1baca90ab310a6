import type { Coverage, PatientRecord } from './patient.ts';
import type { PatientSearch } from './patient-search.ts';

/** A name search the store runs on the normalised name parts (see `normalizeName`). */
export interface StoreSearch extends Omit<PatientSearch, 'name' | 'fuzzy'> {
  familyPrefix?: string;
  givenPrefix?: string;
  /** Any of these normalised family names. */
  familyIn?: string[];
  includeRestricted: boolean;
}

/** How many matching records bear one normalised (family, given) name. */
export interface NameGroup {
  family: string;
  given: string;
  count: number;
}

export interface PatientHistoryEntry {
  version: number;
  changedAt: string;
  changedBy: string;
  change: string;
}

export interface DuplicateSuspect {
  id: string;
  patientId: string;
  candidateId: string;
  score: number;
  status: 'open' | 'dismissed' | 'merged';
  createdAt: string;
}

/** Storage of the patient registry. */
export interface PatientRepo {
  nextMrnNumber(): Promise<number>;
  /** Stores a new record; `familyKeys` (from `familyKeysOf`) file its family name in the name dictionary. */
  insert(r: PatientRecord, familyKeys: string[], phoneDigits: string[]): Promise<void>;
  /** Writes a new version; false when the stored version is not `expectedVersion`. */
  update(r: PatientRecord, familyKeys: string[], phoneDigits: string[], expectedVersion: number): Promise<boolean>;
  get(id: string): Promise<PatientRecord | null>;
  /** The record and its coverages (by priority) in one read: the hot path of reading a patient. */
  getWithCoverages(id: string): Promise<{ record: PatientRecord; coverages: Coverage[] } | null>;
  getByMrn(mrn: string): Promise<PatientRecord | null>;
  getMany(ids: string[]): Promise<PatientRecord[]>;
  search(s: StoreSearch): Promise<PatientRecord[]>;
  /** The distinct normalised family names in the name dictionary filed under any of `keys`. */
  familyNamesByKeys(keys: string[]): Promise<string[]>;
  /** The (family, given) names of the records matching `s` (which names `familyIn`), with their counts. */
  nameGroups(s: Omit<StoreSearch, 'limit' | 'offset'> & { familyIn: string[] }): Promise<NameGroup[]>;
  /** Id and normalised names of every record matching `s` that bears one of the (family, given) `names`. */
  idsOfNames(s: Omit<StoreSearch, 'limit' | 'offset'> & { names: { family: string; given: string }[] }): Promise<{ id: string; family: string; given: string }[]>;
  /** Records whose family name shares a dictionary key and whose birth date matches, sharing a phone, or the SSN index. */
  findCandidates(q: { familyKeys: string[]; birthDate: string | null; phoneDigits: string[]; ssnIndex: string | null; limit: number }): Promise<PatientRecord[]>;
  appendHistory(patientId: string, e: PatientHistoryEntry & { id: string; snapshot: string }): Promise<void>;
  history(patientId: string): Promise<PatientHistoryEntry[]>;
  coverages(patientIds: string[]): Promise<Coverage[]>;
  /** The coverages of these records: as read with them when they were (a search), else from the store. */
  coveragesOf(records: PatientRecord[]): Promise<Coverage[]>;
  insertCoverage(c: Coverage): Promise<void>;
  updateCoverage(c: Coverage): Promise<boolean>;
  deleteCoverage(patientId: string, coverageId: string): Promise<boolean>;
  moveCoverages(fromPatientId: string, toPatientId: string): Promise<void>;
  upsertSuspect(s: DuplicateSuspect): Promise<void>;
  listSuspects(status: DuplicateSuspect['status'], limit: number): Promise<DuplicateSuspect[]>;
  resolveSuspects(patientIds: string[], status: DuplicateSuspect['status'], by: string, at: string): Promise<void>;
  /** Every open suspected-duplicate pair whose two records are both active (no paging: the worklist needs the complete set). */
  openSuspectPairs(): Promise<DuplicateSuspect[]>;
  /** Coverages of active patients whose end date lies in [from, to] (YYYY-MM-DD, inclusive). */
  coveragesEndingBetween(from: string, to: string): Promise<Coverage[]>;
}

/** Encrypts sensitive fields (AES-256-GCM) and computes their keyed blind index; key outside the database. */
export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  blindIndex(plain: string): string;
}

/** Remembers which resource an idempotency key created, in the same transaction as the create. */
export interface IdempotencyRepo {
  /** The resource an earlier request with this key created; `mismatch` when that request differed. */
  find(principalId: string, key: string, scope: string, request: string): Promise<{ resourceId: string } | 'mismatch' | null>;
  /** Throws a retryable conflict when a concurrent request claimed the key first. */
  save(e: { principalId: string; key: string; scope: string; request: string; resourceId: string; createdAt: string }): Promise<void>;
}
