import type { Selectable } from 'kysely';
import type { EligibilityCheck, EligibilityRepo, EligibilitySubjects, FeeScheduleRepo } from '../core/eligibility/index.ts';
import { sql } from 'kysely';
import type { FieldCipher } from '../core/patients/index.ts';
import type { Db } from './db.ts';
import type { EligibilityChecksTable } from './schema.ts';

const toRow = (c: EligibilityCheck): Omit<EligibilityChecksTable, 'raw_270_enc' | 'raw_271_enc'> => ({
  id: c.id, coverage_id: c.coverageId, patient_id: c.patientId, payer_id: c.payerId, appointment_id: c.appointmentId, date_of_service: c.dateOfService,
  trace_number: c.traceNumber, state: c.state, source: c.source, outcome: c.outcome, summary: JSON.stringify(c.summary), snapshot: c.snapshot ? JSON.stringify(c.snapshot) : null,
  reason: c.reason, retry_after: c.retryAfter, manual: c.manual ? JSON.stringify(c.manual) : null, requested_at: c.requestedAt, answered_at: c.answeredAt, requested_by: c.requestedBy,
});

const fromRow = (r: Selectable<EligibilityChecksTable>): EligibilityCheck => ({
  id: r.id, coverageId: r.coverage_id, patientId: r.patient_id, payerId: r.payer_id, appointmentId: r.appointment_id, dateOfService: r.date_of_service,
  traceNumber: r.trace_number, state: r.state as EligibilityCheck['state'], source: r.source as EligibilityCheck['source'], outcome: r.outcome as EligibilityCheck['outcome'],
  summary: JSON.parse(r.summary) as string[], snapshot: r.snapshot ? JSON.parse(r.snapshot) : null, reason: r.reason, retryAfter: r.retry_after,
  manual: r.manual ? JSON.parse(r.manual) : null, requestedAt: r.requested_at, answeredAt: r.answered_at, requestedBy: r.requested_by,
});

const COLUMNS = ['id', 'coverage_id', 'patient_id', 'payer_id', 'appointment_id', 'date_of_service', 'trace_number', 'state', 'source', 'outcome', 'summary', 'snapshot', 'reason', 'retry_after', 'manual', 'requested_at', 'answered_at', 'requested_by'] as const;

/** Eligibility checks on Kysely; the raw 270 and 271 are sealed with the field cipher (AES-256-GCM). */
export const createEligibilityRepo = (db: Db, cipher: Pick<FieldCipher, 'encrypt' | 'decrypt'>): EligibilityRepo => {
  const seal = (s: string | null): string | null => (s === null ? null : cipher.encrypt(s));
  const newest = async (column: 'coverage_id' | 'appointment_id', ids: readonly string[], doneOnly: boolean): Promise<Map<string, EligibilityCheck>> => {
    const out = new Map<string, EligibilityCheck>();
    if (ids.length === 0) return out;
    let q = db.read().selectFrom('eligibility_checks').select([...COLUMNS]).where(column, 'in', [...new Set(ids)]);
    if (doneOnly) q = q.where('state', '=', 'done');
    for (const r of await q.orderBy('requested_at').orderBy('id').execute()) out.set(column === 'coverage_id' ? r.coverage_id : r.appointment_id!, fromRow({ ...r, raw_270_enc: null, raw_271_enc: null }));
    return out;
  };
  return {
    async insert(c, raw270) {
      await db.q().insertInto('eligibility_checks').values({ ...toRow(c), raw_270_enc: seal(raw270), raw_271_enc: null }).execute();
    },
    async complete(c, raw271, raw270) {
      const { id: _i, requested_at: _r, ...row } = toRow(c);
      const r = await db.q().updateTable('eligibility_checks').set({ ...row, raw_271_enc: seal(raw271), ...(raw270 !== null ? { raw_270_enc: seal(raw270) } : {}) }).where('id', '=', c.id).where('state', '=', 'sending').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async get(id) {
      const r = await db.read().selectFrom('eligibility_checks').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
      return r ? fromRow({ ...r, raw_270_enc: null, raw_271_enc: null }) : null;
    },
    latestByCoverage: (ids) => newest('coverage_id', ids, false),
    latestForAppointments: (ids) => newest('appointment_id', ids, true),
    async sending(limit) {
      const rows = await db.read().selectFrom('eligibility_checks').select([...COLUMNS]).where('state', '=', 'sending').orderBy('requested_at').limit(limit).execute();
      return rows.map((r) => fromRow({ ...r, raw_270_enc: null, raw_271_enc: null }));
    },
    async listForPatient(patientId, limit) {
      const rows = await db.read().selectFrom('eligibility_checks').select([...COLUMNS]).where('patient_id', '=', patientId).orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => fromRow({ ...r, raw_270_enc: null, raw_271_enc: null }));
    },
    async recentWithOutcome(outcome, since, limit) {
      const rows = await db.read().selectFrom('eligibility_checks').select([...COLUMNS]).where('state', '=', 'done').where('outcome', '=', outcome).where('answered_at', '>=', since)
        .orderBy('answered_at', 'desc').limit(limit).execute();
      return rows.map((r) => fromRow({ ...r, raw_270_enc: null, raw_271_enc: null }));
    },
    async raw(id) {
      const r = await db.read().selectFrom('eligibility_checks').select(['raw_270_enc', 'raw_271_enc']).where('id', '=', id).executeTakeFirst();
      return r ? { raw270: r.raw_270_enc ? cipher.decrypt(r.raw_270_enc) : null, raw271: r.raw_271_enc ? cipher.decrypt(r.raw_271_enc) : null } : null;
    },
  };
};

/** The visits the sweep checks and what an inquiry about one needs: patient, primary coverage, payer, provider, type. */
export const createEligibilitySubjects = (db: Db): EligibilitySubjects => ({
  async restricted(patientId) {
    const r = await db.read().selectFrom('patients').select('restricted').where('id', '=', patientId).executeTakeFirst();
    return r ? Number(r.restricted) === 1 : null;
  },
  async referrer(patientId) {
    const r = await db.read().selectFrom('patients').select('referring_physician').where('id', '=', patientId).executeTakeFirst();
    const p = r?.referring_physician ? (JSON.parse(r.referring_physician) as { name?: string; organization?: string | null }) : null;
    return p?.name ? { name: p.name, organization: p.organization ?? null } : null;
  },
  async coverage(id) {
    const r = await db.read().selectFrom('coverages').select(['id', 'patient_id', 'payer_id']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, patientId: r.patient_id, payerId: r.payer_id } : null;
  },
  async upcoming(from, to, limit) {
    const rows = await db.read().selectFrom('appointments').select(['id', 'patient_id', 'start_at']).where('status', '=', 'booked').where('start_at', '>=', from).where('start_at', '<', to)
      .orderBy('start_at').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ appointmentId: r.id, patientId: r.patient_id, start: r.start_at }));
  },
  async subject(appointmentId) {
    const a = await db.read().selectFrom('appointments').innerJoin('patients', 'patients.id', 'appointments.patient_id').innerJoin('providers', 'providers.id', 'appointments.provider_id')
      .leftJoin('appointment_types', 'appointment_types.id', 'appointments.type_id')
      .select(['appointments.id', 'appointments.start_at', 'appointments.time_zone', 'appointments.patient_id', 'patients.family_name', 'patients.given_name', 'patients.birth_date', 'patients.sex',
        'providers.npi', 'providers.family_name as provider_family', 'providers.given_name as provider_given', 'appointment_types.expected_codes'])
      .where('appointments.id', '=', appointmentId).executeTakeFirst();
    if (!a) return null;
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: a.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(a.start_at));
    const cov = await db.read().selectFrom('coverages').innerJoin('payers', 'payers.id', 'coverages.payer_id')
      .select(['coverages.id', 'coverages.member_id', 'coverages.relationship', 'coverages.subscriber', 'coverages.effective_date', 'coverages.end_date', 'payers.id as payer_id', 'payers.name as payer_name', 'payers.payer_code'])
      .where('coverages.patient_id', '=', a.patient_id)
      .where((eb) => eb.or([eb('coverages.effective_date', 'is', null), eb('coverages.effective_date', '<=', date)]))
      .where((eb) => eb.or([eb('coverages.end_date', 'is', null), eb('coverages.end_date', '>=', date)]))
      .orderBy('coverages.priority').limit(1).executeTakeFirst();
    return {
      appointmentId: a.id,
      start: a.start_at,
      timeZone: a.time_zone,
      patientId: a.patient_id,
      patient: { familyName: a.family_name, givenName: a.given_name, birthDate: a.birth_date, sex: a.sex },
      coverage: cov ? { id: cov.id, memberId: cov.member_id, relationship: cov.relationship, subscriber: cov.subscriber ? JSON.parse(cov.subscriber) : null, endDate: cov.end_date } : null,
      payer: cov ? { id: cov.payer_id, name: cov.payer_name, payerCode: cov.payer_code } : null,
      provider: { npi: a.npi, familyName: a.provider_family, givenName: a.provider_given },
      expectedCodes: a.expected_codes ? (JSON.parse(a.expected_codes) as string[]) : [],
    };
  },
});

/** The fee schedule on Kysely. */
export const createFeeScheduleRepo = (db: Db): FeeScheduleRepo => ({
  async list() {
    const rows = await db.read().selectFrom('fee_schedule').select(['code', 'description', 'amount_cents']).orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, description: r.description, amountCents: Number(r.amount_cents) }));
  },
  async prices(codes) {
    if (codes.length === 0) return [];
    const rows = await db.read().selectFrom('fee_schedule').select(['code', 'description', 'amount_cents']).where('code', 'in', [...new Set(codes)]).execute();
    const by = new Map(rows.map((r) => [r.code, r]));
    return codes.map((code) => ({ code, description: by.get(code)?.description ?? null, chargeCents: by.has(code) ? Number(by.get(code)!.amount_cents) : null }));
  },
  async upsert(code, description, amountCents, at) {
    await db.q().insertInto('fee_schedule').values({ code, description, amount_cents: amountCents, updated_at: at })
      .onConflict((oc) => oc.column('code').doUpdateSet({ description, amount_cents: amountCents, updated_at: sql`excluded.updated_at` })).execute();
  },
});
