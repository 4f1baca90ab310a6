import { can, usesBreakGlass, type Action, type Principal } from '../access/index.ts';
import type { AuditDraft, AuditLog } from '../audit/index.ts';
import { DomainError, invalid, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import { toRecord, findDuplicates, applyUpdate, phoneDigitsOf, familyKeysOf, type DuplicateMatch } from './patient-records.ts';
import { maskSsn, PatientImportSchema, type Coverage, type Patient, type PatientImport, type PatientInput, type PatientRecord, type PatientUpdate } from './patient.ts';
import type { FieldCipher, IdempotencyRepo, PatientHistoryEntry, PatientRepo, StoreSearch } from './patient.repo.ts';
import { formatMrn, normalizeName, normalizePhone, normalizeMemberId, familyNameKeys, splitName, editDistance, type PatientSearch } from './patient-search.ts';

export interface PatientsServiceDeps {
  patients: PatientRepo;
  idempotency: IdempotencyRepo;
  cipher: FieldCipher;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

export interface CreateResult {
  patient: Patient;
  /** True when an earlier request with the same idempotency key created this patient. */
  replayed: boolean;
}

/**
 * Registers a patient. Staff registrations arrive parsed by PatientInputSchema; `source: 'fhir'`
 * marks a record from another system, validated here by PatientImportSchema (birth date may be
 * unknown, one name part may be empty).
 */
export interface CreatePatient {
  (p: Principal, input: PatientInput, opts?: { idempotencyKey?: string; source?: 'staff' }): Promise<CreateResult>;
  (p: Principal, input: PatientImport, opts: { idempotencyKey?: string; source: 'fhir' }): Promise<CreateResult>;
}

/** How far (edits: family name, plus at most 2 for the given name's start) a typo-tolerant match may be. */
const MAX_TYPO_DISTANCE = 3;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const parseImport = (input: PatientImport): PatientImport => {
  const r = PatientImportSchema.safeParse(input);
  if (!r.success) throw invalid('The imported patient has invalid fields', r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
  return r.data;
};

/** The patient registry's use cases: search, read, register, update, unmask, history. */
export const createPatientsService = (d: PatientsServiceDeps) => {
  const now = (): Date => d.clock.now();

  const allow = (p: Principal, action: Action): AuditDraft['detail'] => {
    if (!can(p, action, now())) throw new DomainError('forbidden', `Your role does not allow ${action}`);
    return usesBreakGlass(p, action, now()) ? { breakGlass: true } : {};
  };

  /** A restricted record is visible only under emergency access; others answer "not found". */
  const visible = (p: Principal, r: PatientRecord | null): r is PatientRecord => !!r && (!r.restricted || (p.breakGlass !== null && p.breakGlass.endsAt > now().toISOString()));

  /** The patient as answered: SSN masked, coverages by priority. */
  const toPatient = (r: PatientRecord, coverages: Coverage[]): Patient => {
    // A spread with the SSN fields blanked (JSON leaves them out): several times faster than
    // leaving them out with rest destructuring, which a search pays for every record it answers.
    const out = { ...r, ssnEnc: undefined, ssnLast4: undefined, ssnIndex: undefined, ssnMasked: maskSsn(r.ssnLast4), coverages: [...coverages].sort((a, b) => a.priority - b.priority) };
    return out;
  };

  const withCoverages = async (records: PatientRecord[]): Promise<Patient[]> => {
    const covs = await d.patients.coveragesOf(records);
    return records.map((r) => toPatient(r, covs.filter((c) => c.patientId === r.id)));
  };

  const load = async (p: Principal, id: string): Promise<PatientRecord> => {
    const r = await d.patients.get(id);
    if (!visible(p, r)) throw notFound('Patient', id);
    return r;
  };

  const get = async (p: Principal, id: string): Promise<Patient> => {
    const detail = allow(p, 'patient.read');
    const found = await d.patients.getWithCoverages(id);
    if (!found || !visible(p, found.record)) throw notFound('Patient', id);
    // The answer leaves only once its audit entry is durable.
    await d.audit.record(p, { action: 'patient.read', category: 'demographics', outcome: 'success', patientId: id, detail });
    return toPatient(found.record, found.coverages);
  };

  const search = async (p: Principal, q: PatientSearch): Promise<Patient[]> => {
    const detail = allow(p, 'patient.search');
    const records = await runSearch(p, q);
    await d.audit.record(p, { action: 'patient.search', category: 'demographics', outcome: 'success', patientId: null, detail: { ...detail, results: records.length, by: searchKind(q) } });
    return withCoverages(records);
  };

  const runSearch = async (p: Principal, q: PatientSearch): Promise<PatientRecord[]> => {
    const parts = q.name ? splitName(q.name) : { family: q.family, given: q.given };
    const base = {
      birthDate: q.birthDate,
      phone: q.phone ? normalizePhone(q.phone) : undefined,
      mrn: q.mrn?.toUpperCase(),
      memberId: q.memberId ? normalizeMemberId(q.memberId) : undefined,
      includeRestricted: p.breakGlass !== null && p.breakGlass.endsAt > now().toISOString(),
      limit: q.limit,
      offset: q.offset,
    };
    if (q.anyName !== undefined) {
      const word = normalizeName(q.anyName);
      if (!word) return [];
      // Either part may start with the word: both prefix searches, merged in name order, then paged.
      const window = { ...base, limit: q.offset + q.limit, offset: 0 };
      const [byFamily, byGiven] = await Promise.all([d.patients.search({ ...window, familyPrefix: word }), d.patients.search({ ...window, givenPrefix: word })]);
      const key = (r: PatientRecord): string => `${normalizeName(r.familyName)}\u0000${normalizeName(r.givenName)}\u0000${r.id}`;
      const merged = new Map([...byFamily, ...byGiven].map((r) => [r.id, r]));
      return [...merged.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).slice(q.offset, q.offset + q.limit);
    }
    const fam = parts.family ? normalizeName(parts.family) : undefined;
    const giv = parts.given ? normalizeName(parts.given) : undefined;
    if ((parts.family && !fam) || (parts.given && !giv)) return [];
    const prefix = await d.patients.search({ ...base, familyPrefix: fam, givenPrefix: giv });
    if (!q.fuzzy || !fam || prefix.length >= q.limit || q.offset > 0) return prefix;
    return [...prefix, ...(await nearNames(base, fam, giv, q.limit - prefix.length, new Set(prefix.map((r) => r.id))))];
  };

  /**
   * The typo-tolerant pass. The name dictionary gives the family names sharing a key with the
   * typed one (within one edit or transposition, or sounding alike), kept within 3 edits. Without
   * a given name, records rank by their family name's distance, then alphabetically. With one,
   * the name index counts the records under each (family, given) name of the same initial; names
   * rank by the family distance plus that of the given name's start (at most 2), up to 3 in all,
   * then alphabetically, records of one name by id. Only the records that make the page are read.
   */
  const nearNames = async (base: Omit<StoreSearch, 'limit' | 'offset'>, fam: string, giv: string | undefined, want: number, seen: Set<string>): Promise<PatientRecord[]> => {
    const distance = new Map<string, number>();
    for (const name of await d.patients.familyNamesByKeys(familyNameKeys(fam))) {
      const dist = editDistance(fam, name);
      if (dist <= MAX_TYPO_DISTANCE) distance.set(name, dist);
    }
    if (!distance.size) return [];
    if (!giv) {
      // Every record of a family name is as near as the name: take the names in rank order, each
      // one's records in the index's order (by given name), until the page is full.
      const found: PatientRecord[] = [];
      for (const [family] of [...distance].sort((a, b) => a[1] - b[1] || compare(a[0], b[0]))) {
        if (found.length >= want) break;
        const rows = await d.patients.search({ ...base, familyIn: [family], limit: want - found.length + seen.size, offset: 0 });
        found.push(...rows.filter((r) => !seen.has(r.id)).slice(0, want - found.length));
      }
      return found;
    }
    const groups = await d.patients.nameGroups({ ...base, familyIn: [...distance.keys()], givenPrefix: giv.slice(0, 1) });
    const ranked = groups
      .map((g) => ({ ...g, d: distance.get(g.family)! + Math.min(editDistance(giv, g.given.slice(0, giv.length)), 2) }))
      .filter((g) => g.d <= MAX_TYPO_DISTANCE)
      .sort((a, b) => a.d - b.d || compare(a.family, b.family) || compare(a.given, b.given));
    // The best names until they hold enough records (besides those the prefix pass answered):
    // their ids in one read of the name index, ranked; then only the records that make the page.
    const chosen: typeof ranked = [];
    for (let held = 0, i = 0; i < ranked.length && held < want + seen.size; i++) {
      chosen.push(ranked[i]!);
      held += ranked[i]!.count;
    }
    if (!chosen.length) return [];
    const rank = new Map(chosen.map((g, i) => [`${g.family}/${g.given}`, i]));
    const ids = (await d.patients.idsOfNames({ ...base, names: chosen.map((g) => ({ family: g.family, given: g.given })) }))
      .filter((r) => !seen.has(r.id))
      .map((r) => ({ id: r.id, rank: rank.get(`${r.family}/${r.given}`)! }))
      .sort((a, b) => a.rank - b.rank || compare(a.id, b.id))
      .slice(0, want)
      .map((r) => r.id);
    const records = new Map((await d.patients.getMany(ids)).map((r) => [r.id, r]));
    // A record changed since the index was read is checked again, as the prefix pass does.
    return ids.flatMap((id) => {
      const r = records.get(id);
      return r && r.status === 'active' && (base.includeRestricted || !r.restricted) ? [r] : [];
    });
  };

  const duplicates = async (p: Principal, input: PatientInput): Promise<DuplicateMatch[]> => {
    const detail = allow(p, 'patient.search');
    const found = await findDuplicates(d.patients, input, d.cipher, null);
    await d.audit.record(p, { action: 'patient.duplicates.check', category: 'demographics', outcome: 'success', patientId: null, detail: { ...detail, results: found.length } });
    return found;
  };

  const create: CreatePatient = async (p: Principal, raw: PatientInput | PatientImport, opts: { idempotencyKey?: string; source?: 'staff' | 'fhir' } = {}): Promise<CreateResult> => {
    allow(p, 'patient.create');
    const source = opts.source ?? 'staff';
    const input = source === 'fhir' ? parseImport(raw) : raw;
    const request = JSON.stringify(raw);
    return d.uow.run(async () => {
      if (opts.idempotencyKey) {
        const prior = await d.idempotency.find(p.principalId, opts.idempotencyKey, 'patient.create', request);
        if (prior === 'mismatch') throw new DomainError('conflict', 'This Idempotency-Key was used with a different request');
        if (prior) return { patient: (await withCoverages([await load(p, prior.resourceId)]))[0]!, replayed: true };
      }
      const id = d.ids.newId();
      const at = now().toISOString();
      // Claim the key before any other work: a concurrent request with the same key waits on this
      // row (PostgreSQL) or on the write lock (SQLite), then replays instead of racing the create.
      if (opts.idempotencyKey) await d.idempotency.save({ principalId: p.principalId, key: opts.idempotencyKey, scope: 'patient.create', request, resourceId: id, createdAt: at });
      const dups = await findDuplicates(d.patients, input, d.cipher, null);
      if (dups.length > 0 && !input.acknowledgeDuplicates) {
        throw new DomainError('conflict', 'Possible duplicate patient: review the matches, then save again with acknowledgeDuplicates', {
          details: { duplicates: dups.map((m) => ({ patientId: m.patientId, score: m.score, reasons: m.reasons })) },
        });
      }
      const record = toRecord(id, formatMrn(await d.patients.nextMrnNumber()), input, d.cipher, at);
      await d.patients.insert(record, familyKeysOf(record), phoneDigitsOf(record));
      for (const [i, c] of input.coverages.entries()) {
        await d.patients.insertCoverage({ ...c, id: d.ids.newId(), patientId: id, groupNumber: c.groupNumber ?? null, planName: c.planName ?? null, subscriberPatientId: c.subscriberPatientId ?? null, subscriber: c.subscriber ?? null, effectiveDate: c.effectiveDate ?? null, endDate: c.endDate ?? null, priority: c.priority ?? i + 1 });
      }
      await d.patients.appendHistory(id, { id: d.ids.newId(), version: 1, changedAt: at, changedBy: p.userId, change: 'created', snapshot: JSON.stringify(record) });
      for (const m of dups) await d.patients.upsertSuspect({ id: d.ids.newId(), patientId: id, candidateId: m.patientId, score: m.score, status: 'open', createdAt: at });
      await d.audit.record(p, { action: 'patient.create', category: 'demographics', outcome: 'success', patientId: id, detail: { suspectedDuplicates: dups.length, ...(source === 'fhir' ? { source } : {}) } });
      return { patient: (await withCoverages([record]))[0]!, replayed: false };
    });
  };

  const update = async (p: Principal, id: string, patch: PatientUpdate): Promise<Patient> => {
    const detail = allow(p, 'patient.update');
    return d.uow.run(async () => {
      const current = await load(p, id);
      if (current.status === 'merged') throw new DomainError('precondition_failed', `Patient ${id} was merged into ${current.mergedInto}; update that record`);
      if (patch.version !== current.version) throw new DomainError('precondition_failed', `Patient ${id} changed since version ${patch.version}; reload it (now version ${current.version})`);
      const at = now().toISOString();
      const next = applyUpdate(current, patch, d.cipher, at);
      if (!(await d.patients.update(next, familyKeysOf(next), phoneDigitsOf(next), current.version))) throw new DomainError('precondition_failed', `Patient ${id} changed concurrently; reload it`);
      await d.patients.appendHistory(id, { id: d.ids.newId(), version: next.version, changedAt: at, changedBy: p.userId, change: `updated ${Object.keys(patch).filter((k) => k !== 'version').join(', ')}`, snapshot: JSON.stringify(next) });
      await d.audit.record(p, { action: 'patient.update', category: patch.ssn !== undefined ? 'ssn' : 'demographics', outcome: 'success', patientId: id, detail: { ...detail, version: next.version } });
      return (await withCoverages([next]))[0]!;
    });
  };

  /** Shows the full SSN to a permitted user, with the reason on the audit trail; a refusal is audited too. */
  const unmaskSsn = async (p: Principal, id: string, reason: string): Promise<{ ssn: string | null }> => {
    if (!can(p, 'patient.ssn.unmask', now())) {
      await d.audit.record(p, { action: 'patient.ssn.unmask', category: 'ssn', outcome: 'denied', patientId: id, detail: {} });
      throw new DomainError('forbidden', 'Your role does not allow patient.ssn.unmask');
    }
    if (reason.trim().length < 4) throw invalid('State why you need the full SSN', [{ path: 'reason', message: 'at least 4 characters' }]);
    const r = await load(p, id);
    await d.audit.record(p, { action: 'patient.ssn.unmask', category: 'ssn', outcome: 'success', patientId: id, detail: { reason: reason.trim().slice(0, 200) } });
    return { ssn: r.ssnEnc ? d.cipher.decrypt(r.ssnEnc) : null };
  };

  const history = async (p: Principal, id: string): Promise<PatientHistoryEntry[]> => {
    const detail = allow(p, 'patient.read');
    await load(p, id);
    const h = await d.patients.history(id);
    await d.audit.record(p, { action: 'patient.history', category: 'demographics', outcome: 'success', patientId: id, detail });
    return h;
  };

  return { get, search, duplicates, create, update, unmaskSsn, history, withCoverages, load, allow };
};
export type PatientsService = ReturnType<typeof createPatientsService>;

const searchKind = (q: PatientSearch): string =>
  q.anyName !== undefined ? 'name' : q.mrn ? 'mrn' : q.memberId ? 'memberId' : q.phone ? 'phone' : q.birthDate && !q.name && !q.family ? 'birthDate' : 'name';
