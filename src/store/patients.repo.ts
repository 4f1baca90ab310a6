import { sql, type Selectable } from 'kysely';
import type { Coverage, DuplicateSuspect, PatientRecord, PatientRepo, StoreSearch } from '../core/patients/index.ts';
import { normalizeMemberId, normalizeName } from '../core/patients/index.ts';
import { letOthersRun, longReads, type Db } from './db.ts';
import type { CoveragesTable, PatientsTable } from './schema.ts';
import { createPatientCache } from './patient-cache.ts';
import { nextSequenceAutonomous } from './sequences.ts';

/** Maps a domain record to its stored row (also used by the benchmark's bulk loader). */
export const patientToRow = (r: PatientRecord): PatientsTable => ({
  id: r.id,
  mrn: r.mrn,
  status: r.status,
  merged_into: r.mergedInto,
  restricted: r.restricted ? 1 : 0,
  family_name: r.familyName,
  given_name: r.givenName,
  middle_name: r.middleName,
  suffix: r.suffix,
  preferred_name: r.preferredName,
  family_norm: normalizeName(r.familyName),
  given_norm: normalizeName(r.givenName),
  birth_date: r.birthDate,
  sex: r.sex,
  gender_identity: r.genderIdentity,
  address: JSON.stringify(r.address),
  phones: JSON.stringify(r.phones),
  primary_phone_digits: r.phones[0]?.number.replace(/\D/g, '') ?? null,
  email: r.email,
  language: r.language,
  contact_preferences: JSON.stringify(r.contactPreferences),
  ssn_enc: r.ssnEnc,
  ssn_last4: r.ssnLast4,
  ssn_index: r.ssnIndex,
  guarantor: r.guarantor ? JSON.stringify(r.guarantor) : null,
  referring_physician: r.referringPhysician ? JSON.stringify(r.referringPhysician) : null,
  chronic_conditions: JSON.stringify(r.chronicConditions),
  allergies: JSON.stringify(r.allergies),
  care_team: JSON.stringify(r.careTeam),
  version: r.version,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

/** Freezes a mapped value and everything it holds (plain objects and arrays). */
const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};

/** Maps a stored row to the domain record. */
export const patientFromRow = (row: Selectable<PatientsTable>): PatientRecord => ({
  id: row.id,
  mrn: row.mrn,
  status: row.status as PatientRecord['status'],
  mergedInto: row.merged_into,
  restricted: Number(row.restricted) === 1,
  familyName: row.family_name,
  givenName: row.given_name,
  middleName: row.middle_name,
  suffix: row.suffix,
  preferredName: row.preferred_name,
  birthDate: row.birth_date,
  sex: row.sex as PatientRecord['sex'],
  genderIdentity: row.gender_identity,
  address: JSON.parse(row.address),
  phones: JSON.parse(row.phones),
  email: row.email,
  language: row.language,
  contactPreferences: JSON.parse(row.contact_preferences),
  ssnEnc: row.ssn_enc,
  ssnLast4: row.ssn_last4,
  ssnIndex: row.ssn_index,
  guarantor: json(row.guarantor),
  referringPhysician: json(row.referring_physician),
  chronicConditions: JSON.parse(row.chronic_conditions),
  allergies: JSON.parse(row.allergies),
  careTeam: JSON.parse(row.care_team),
  version: Number(row.version),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const coverageRow = (c: Coverage): CoveragesTable => ({
  id: c.id,
  patient_id: c.patientId,
  payer_id: c.payerId,
  member_id: c.memberId,
  member_id_norm: normalizeMemberId(c.memberId),
  group_number: c.groupNumber,
  plan_name: c.planName,
  plan_type: c.planType,
  priority: c.priority,
  relationship: c.relationship,
  subscriber_patient_id: c.subscriberPatientId,
  subscriber: c.subscriber ? JSON.stringify(c.subscriber) : null,
  effective_date: c.effectiveDate,
  end_date: c.endDate,
  created_at: '',
  updated_at: '',
});

const coverageFromRow = (r: Selectable<CoveragesTable>): Coverage => ({
  id: r.id,
  patientId: r.patient_id,
  payerId: r.payer_id,
  memberId: r.member_id,
  groupNumber: r.group_number,
  planName: r.plan_name,
  planType: r.plan_type as Coverage['planType'],
  priority: Number(r.priority),
  relationship: r.relationship as Coverage['relationship'],
  subscriberPatientId: r.subscriber_patient_id,
  subscriber: json(r.subscriber),
  effectiveDate: r.effective_date,
  endDate: r.end_date,
});

/** The smallest string greater than every string starting with `prefix` (prefix is a-z only). */
const prefixEnd = (prefix: string): string => {
  const i = prefix.length - 1;
  return prefix.slice(0, i) + String.fromCharCode(prefix.charCodeAt(i) + 1);
};

/** The patient registry on Kysely (SQLite or PostgreSQL). */
export const createPatientRepo = (db: Db, now: () => string): PatientRepo => {
  const writeKeys = async (r: PatientRecord, familyKeys: string[], phones: string[]): Promise<void> => {
    // The name dictionary holds each family name once: most registrations bear a name already
    // filed, and only look its keys up.
    const family = normalizeName(r.familyName);
    if (familyKeys.length) {
      const filed = await db.q().selectFrom('family_name_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'in', familyKeys).where('family_norm', '=', family).executeTakeFirstOrThrow();
      if (Number(filed.n) < familyKeys.length) {
        await db.q().insertInto('family_name_keys').values(familyKeys.map((key) => ({ key, family_norm: family }))).onConflict((oc) => oc.doNothing()).execute();
      }
    }
    await db.q().deleteFrom('patient_phones').where('patient_id', '=', r.id).execute();
    if (phones.length) await db.q().insertInto('patient_phones').values(phones.map((digits) => ({ digits, patient_id: r.id }))).execute();
  };

  /** The filters of a search (status, restriction, name prefixes, family names, DOB, MRN, phone, member id). */
  const filtered = (s: Omit<StoreSearch, 'limit' | 'offset'>) => {
    let q = db.read().selectFrom('patients').where('patients.status', '=', 'active');
    if (!s.includeRestricted) q = q.where('patients.restricted', '=', 0);
    if (s.familyPrefix) q = q.where('family_norm', '>=', s.familyPrefix).where('family_norm', '<', prefixEnd(s.familyPrefix));
    if (s.givenPrefix) q = q.where('given_norm', '>=', s.givenPrefix).where('given_norm', '<', prefixEnd(s.givenPrefix));
    if (s.familyIn) q = q.where('family_norm', 'in', s.familyIn);
    if (s.birthDate) q = q.where('birth_date', '=', s.birthDate);
    if (s.mrn) q = q.where('mrn', '=', s.mrn);
    if (s.phone) q = q.where('patients.id', 'in', db.read().selectFrom('patient_phones').select('patient_id').where('digits', '=', s.phone));
    if (s.memberId) q = q.where('patients.id', 'in', db.read().selectFrom('coverages').select('patient_id').where('member_id_norm', '=', s.memberId));
    return q;
  };

  // The commonest search, a family name's first letters typed at the front desk: its page of ids
  // comes from a statement built and compiled once (the SQLite cached path), parameters in the
  // builder's order: status, restriction, the prefix's range, limit, offset.
  const familyPrefixPage = db.preparedRead((k) =>
    k.selectFrom('patients').select('patients.id').where('patients.status', '=', 'active').where('patients.restricted', '=', 0).where('family_norm', '>=', '').where('family_norm', '<', '')
      .orderBy('family_norm').orderBy('given_norm').orderBy('patients.id').limit(0).offset(0),
  );
  const PREFIX_ONLY = new Set(['familyPrefix', 'includeRestricted', 'limit', 'offset']);
  const onlyFamilyPrefix = (s: StoreSearch): boolean => !!s.familyPrefix && !s.includeRestricted && Object.entries(s).every(([k, v]) => v === undefined || PREFIX_ONLY.has(k));

  // Reading a patient is the most frequent request: its two statements are built and compiled
  // once. (Two indexed lookups measured faster on SQLite than one LEFT JOIN of the same rows.)
  const patientById = db.preparedRead((k) => k.selectFrom('patients').selectAll().where('id', '=', ''));
  const coveragesOf = db.preparedRead((k) => k.selectFrom('coverages').selectAll().where('patient_id', '=', '').orderBy('priority'));
  type Rows = { row: Selectable<PatientsTable>; coverages: Selectable<CoveragesTable>[] };
  // PostgreSQL: one round trip, the coverages aggregated as JSON beside the patient's row.
  const coveragesJson = sql<Selectable<CoveragesTable>[]>`(select coalesce(json_agg(c order by c.priority), '[]'::json) from coverages c where c.patient_id = patients.id)`.as('coverages_json');
  const patientWithCoveragesById = db.preparedRead((k) => k.selectFrom('patients').selectAll('patients').select(coveragesJson).where('id', '=', ''));
  const coveragesByIds = async (ids: string[]): Promise<Coverage[]> => {
    if (!ids.length) return [];
    if (cache) {
      const found = await cache.getMany(ids);
      return ids.flatMap((id) => found.get(id)?.coverages ?? []);
    }
    return (await db.read().selectFrom('coverages').selectAll().where('patient_id', 'in', ids).orderBy('priority').execute()).map(coverageFromRow);
  };
  /** PostgreSQL: the coverages read in the same statement as a record (a search's page). */
  const readWith = new WeakMap<PatientRecord, Coverage[]>();
  const rowsOf = async (id: string): Promise<Rows | null> => {
    if (db.dialect === 'postgres') {
      const [found] = await patientWithCoveragesById(id);
      if (!found) return null;
      const { coverages_json: coverages, ...row } = found;
      return { row, coverages };
    }
    const [row] = await patientById(id);
    return row ? { row, coverages: await coveragesOf(id) } : null;
  };
  const rowsOfMany = async (ids: string[]): Promise<Map<string, Rows>> => {
    const found = new Map<string, Rows>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await db.read().selectFrom('patients').selectAll().where('id', 'in', part).execute();
      for (const row of rows) found.set(row.id, { row, coverages: [] });
      const covs = await db.read().selectFrom('coverages').selectAll().where('patient_id', 'in', part).orderBy('priority').execute();
      for (const c of covs) found.get(c.patient_id)?.coverages.push(c);
    }
    return found;
  };
  // On SQLite recently read patients are kept, checked against the change log on every read.
  // What is kept is the mapped record and coverages, deep-frozen: answered as they are, and no
  // caller can change them (an attempt throws).
  type Mapped = { status: string; restricted: boolean; record: PatientRecord; coverages: Coverage[] };
  const mapped = (r: Rows): Mapped => ({
    status: r.row.status,
    restricted: Number(r.row.restricted) === 1,
    record: deepFreeze(patientFromRow(r.row)),
    coverages: deepFreeze(r.coverages.map(coverageFromRow)),
  });
  const cache =
    db.dialect === 'sqlite'
      ? createPatientCache<Mapped>(
          db,
          async (id) => {
            const r = await rowsOf(id);
            return r && mapped(r);
          },
          async (ids) => new Map([...(await rowsOfMany(ids))].map(([id, r]) => [id, mapped(r)])),
        )
      : null;
  /** The records of `ids` in that order, through the cache; `keep` re-checks what the query filtered on. */
  const cachedRecords = async (ids: string[], keep: (m: Mapped) => boolean = () => true): Promise<PatientRecord[]> => {
    const found = await cache!.getMany(ids);
    return ids.flatMap((id) => {
      const f = found.get(id);
      return f && keep(f) ? [f.record] : [];
    });
  };

  return {
    nextMrnNumber: () => nextSequenceAutonomous(db, 'mrn'),
    async insert(r, keys, phones) {
      await db.q().insertInto('patients').values(patientToRow(r)).execute();
      await writeKeys(r, keys, phones);
    },
    async update(r, keys, phones, expectedVersion) {
      const res = await db.q().updateTable('patients').set(patientToRow(r)).where('id', '=', r.id).where('version', '=', expectedVersion).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await writeKeys(r, keys, phones);
      return true;
    },
    async get(id) {
      const row = await db.read().selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? patientFromRow(row) : null;
    },
    async getWithCoverages(id) {
      if (cache) {
        const hit = await cache.get(id);
        return hit && { record: hit.record, coverages: hit.coverages };
      }
      const found = await rowsOf(id);
      return found && { record: patientFromRow(found.row), coverages: found.coverages.map(coverageFromRow) };
    },
    async getByMrn(mrn) {
      const row = await db.read().selectFrom('patients').selectAll().where('mrn', '=', mrn).executeTakeFirst();
      return row ? patientFromRow(row) : null;
    },
    async getMany(ids) {
      if (!ids.length) return [];
      if (cache) return cachedRecords(ids);
      return (await db.read().selectFrom('patients').selectAll().where('id', 'in', ids).execute()).map(patientFromRow);
    },
    async search(s: StoreSearch) {
      const page = () => filtered(s).orderBy('family_norm').orderBy('given_norm').orderBy('patients.id').limit(s.limit).offset(s.offset);
      if (cache) {
        // The page's ids from the index, the rows from the cache; a row that changed since the
        // query is checked again against the status and restriction filters.
        const ids = (
          onlyFamilyPrefix(s)
            ? await familyPrefixPage('active', 0, s.familyPrefix, prefixEnd(s.familyPrefix!), s.limit, s.offset)
            : await page().select('patients.id').execute()
        ).map((r) => r.id);
        return cachedRecords(ids, (m) => m.status === 'active' && (s.includeRestricted || !m.restricted));
      }
      // PostgreSQL: the page's coverages come in the same statement (aggregated as JSON), kept
      // beside the records for `coveragesOf`, which would otherwise cost another round trip.
      const rows = await page().selectAll('patients').select(coveragesJson).execute();
      return rows.map(({ coverages_json, ...row }) => {
        const record = patientFromRow(row);
        readWith.set(record, coverages_json.map(coverageFromRow));
        return record;
      });
    },
    async coveragesOf(records) {
      const known = records.map((r) => readWith.get(r));
      if (known.every(Boolean)) return known.flat() as Coverage[];
      return coveragesByIds(records.map((r) => r.id));
    },
    async familyNamesByKeys(keys) {
      if (!keys.length) return [];
      const rows = await db.read().selectFrom('family_name_keys').select('family_norm').distinct().where('key', 'in', keys).execute();
      return rows.map((r) => r.family_norm);
    },
    async nameGroups(s) {
      if (!s.familyIn.length) return [];
      // Read from the name index alone (it carries status and restriction): no record is visited.
      const rows = await filtered(s)
        .select((eb) => ['family_norm', 'given_norm', eb.fn.countAll<number>().as('n')])
        .groupBy(['family_norm', 'given_norm'])
        .execute();
      return rows.map((r) => ({ family: r.family_norm, given: r.given_norm, count: Number(r.n) }));
    },
    async idsOfNames(s) {
      if (!s.names.length) return [];
      const rows = await filtered(s)
        .where((eb) => eb.or(s.names.map((n) => eb.and([eb('family_norm', '=', n.family), eb('given_norm', '=', n.given)]))))
        .select(['patients.id', 'family_norm', 'given_norm'])
        .execute();
      return rows.map((r) => ({ id: r.id, family: r.family_norm, given: r.given_norm }));
    },
    async findCandidates(c) {
      const q = db.read();
      // One indexed lookup per criterion, united: an OR across them makes SQLite scan.
      const parts = [
        ...(c.familyKeys.length && c.birthDate
          ? [
              // Few patients share a birth date: those whose family name is filed under one of the keys.
              q
                .selectFrom('patients')
                .select('id as pid')
                .where('birth_date', '=', c.birthDate)
                .where('family_norm', 'in', q.selectFrom('family_name_keys').select('family_norm').where('key', 'in', c.familyKeys)),
            ]
          : []),
        ...(c.phoneDigits.length ? [q.selectFrom('patient_phones').select('patient_id as pid').where('digits', 'in', c.phoneDigits)] : []),
        ...(c.ssnIndex ? [q.selectFrom('patients').select('id as pid').where('ssn_index', '=', c.ssnIndex)] : []),
      ];
      if (!parts.length) return [];
      const ids = parts.slice(1).reduce((u, p) => u.union(p), parts[0]!);
      const rows = await q.selectFrom('patients').selectAll().where('status', '=', 'active').where('id', 'in', ids).limit(c.limit).execute();
      return rows.map(patientFromRow);
    },
    async appendHistory(patientId, e) {
      await db.q().insertInto('patient_history').values({ id: e.id, patient_id: patientId, version: e.version, changed_at: e.changedAt, changed_by: e.changedBy, change: e.change, snapshot: e.snapshot }).execute();
    },
    async history(patientId) {
      const rows = await db.read().selectFrom('patient_history').select(['version', 'changed_at', 'changed_by', 'change']).where('patient_id', '=', patientId).orderBy('changed_at', 'desc').orderBy('version', 'desc').execute();
      return rows.map((r) => ({ version: Number(r.version), changedAt: r.changed_at, changedBy: r.changed_by, change: r.change }));
    },
    coverages: coveragesByIds,
    async insertCoverage(c) {
      const at = now();
      await db.q().insertInto('coverages').values({ ...coverageRow(c), created_at: at, updated_at: at }).execute();
    },
    async updateCoverage(c) {
      const { created_at: _c, ...row } = coverageRow(c);
      const res = await db.q().updateTable('coverages').set({ ...row, updated_at: now() }).where('id', '=', c.id).where('patient_id', '=', c.patientId).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async deleteCoverage(patientId, coverageId) {
      const res = await db.q().deleteFrom('coverages').where('id', '=', coverageId).where('patient_id', '=', patientId).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },
    async moveCoverages(from, to) {
      const max = await db.read().selectFrom('coverages').select(sql<number>`coalesce(max(priority), 0)`.as('m')).where('patient_id', '=', to).executeTakeFirstOrThrow();
      await db.q().updateTable('coverages').set({ patient_id: to, priority: sql`priority + ${Number(max.m)}`, updated_at: now() }).where('patient_id', '=', from).execute();
    },
    async upsertSuspect(s: DuplicateSuspect) {
      await db.q().insertInto('duplicate_suspects').values({ id: s.id, patient_id: s.patientId, candidate_id: s.candidateId, score: s.score, status: s.status, created_at: s.createdAt, resolved_at: null, resolved_by: null })
        .onConflict((oc) => oc.columns(['patient_id', 'candidate_id']).doUpdateSet({ score: s.score }))
        .execute();
    },
    async listSuspects(status, limit) {
      const rows = await db.read().selectFrom('duplicate_suspects').selectAll().where('status', '=', status).orderBy('created_at', 'desc').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, patientId: r.patient_id, candidateId: r.candidate_id, score: Number(r.score), status: r.status as DuplicateSuspect['status'], createdAt: r.created_at }));
    },
    async resolveSuspects(ids, status, by, at) {
      await db.q().updateTable('duplicate_suspects').set({ status, resolved_by: by, resolved_at: at }).where('status', '=', 'open')
        .where((eb) => eb.or([eb('patient_id', 'in', ids), eb('candidate_id', 'in', ids)])).execute();
    },
    async openSuspectPairs() {
      // EXISTS probes each pair's two records by id; `IN (active ids)` would list every active patient first.
      const rows = await db.read().selectFrom('duplicate_suspects').selectAll().where('status', '=', 'open')
        .where((eb) => eb.exists(eb.selectFrom('patients').select('patients.id').whereRef('patients.id', '=', 'duplicate_suspects.patient_id').where('patients.status', '=', 'active')))
        .where((eb) => eb.exists(eb.selectFrom('patients').select('patients.id').whereRef('patients.id', '=', 'duplicate_suspects.candidate_id').where('patients.status', '=', 'active')))
        .orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, patientId: r.patient_id, candidateId: r.candidate_id, score: Number(r.score), status: r.status as DuplicateSuspect['status'], createdAt: r.created_at }));
    },
    async coveragesEndingBetween(from, to) {
      // In pages along the end-date index (then id), letting other work run between them.
      const out: Coverage[] = [];
      for (let last: { end: string; id: string } | null = null, more = true; more; await letOthersRun(db)) {
        let q = db.read().selectFrom('coverages').selectAll('coverages').where('end_date', '<=', to)
          .where((eb) => eb.exists(eb.selectFrom('patients').select('patients.id').whereRef('patients.id', '=', 'coverages.patient_id').where('patients.status', '=', 'active')));
        q = last ? q.where('end_date', '>=', last.end).where((eb) => eb.or([eb('end_date', '>', last!.end), eb('coverages.id', '>', last!.id)])) : q.where('end_date', '>=', from);
        const rows = await q.orderBy('end_date').orderBy('coverages.id').limit(longReads.pageRows).execute();
        out.push(...rows.map(coverageFromRow));
        more = rows.length === longReads.pageRows;
        const tail = rows[rows.length - 1];
        if (tail) last = { end: tail.end_date!, id: tail.id };
      }
      return out;
    },
  };
};
