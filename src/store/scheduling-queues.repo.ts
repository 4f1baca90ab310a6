import type { Selectable } from 'kysely';
import type { OutreachAttempt, Recall, Referral, SchedulingQueuesRepo, WaitlistEntry } from '../core/scheduling/index.ts';
import type { Db } from './db.ts';
import type { RecallsTable, ReferralsTable, WaitlistEntriesTable } from './schema.ts';

const referralRow = (r: Referral): ReferralsTable => ({
  id: r.id, patient_id: r.patientId, referring_name: r.referringName, referring_npi: r.referringNpi, reason: r.reason, authorization_number: r.authorizationNumber,
  visit_limit: r.visitLimit, expires_on: r.expiresOn, received_on: r.receivedOn, type_id: r.typeId, provider_id: r.providerId, status: r.status, close_reason: r.closeReason,
  version: r.version, created_at: r.createdAt, updated_at: r.updatedAt,
});
const referralOf = (r: Selectable<ReferralsTable>): Referral => ({
  id: r.id, patientId: r.patient_id, referringName: r.referring_name, referringNpi: r.referring_npi, reason: r.reason, authorizationNumber: r.authorization_number,
  visitLimit: r.visit_limit === null ? null : Number(r.visit_limit), expiresOn: r.expires_on, receivedOn: r.received_on, typeId: r.type_id, providerId: r.provider_id,
  status: r.status as Referral['status'], closeReason: r.close_reason, version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
});
const recallRow = (r: Recall): RecallsTable => ({
  id: r.id, patient_id: r.patientId, type_id: r.typeId, provider_id: r.providerId, location_id: r.locationId, reason: r.reason, due_on: r.dueOn, status: r.status,
  appointment_id: r.appointmentId, version: r.version, created_at: r.createdAt, updated_at: r.updatedAt,
});
const recallOf = (r: Selectable<RecallsTable>): Recall => ({
  id: r.id, patientId: r.patient_id, typeId: r.type_id, providerId: r.provider_id, locationId: r.location_id, reason: r.reason, dueOn: r.due_on,
  status: r.status as Recall['status'], appointmentId: r.appointment_id, version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
});
const waitRow = (w: WaitlistEntry): WaitlistEntriesTable => ({
  id: w.id, patient_id: w.patientId, type_id: w.typeId, provider_id: w.providerId, location_id: w.locationId, earliest_on: w.earliestOn, latest_on: w.latestOn,
  current_appointment_id: w.currentAppointmentId, note: w.note, status: w.status, appointment_id: w.appointmentId, version: w.version, created_at: w.createdAt, updated_at: w.updatedAt,
});
const waitOf = (r: Selectable<WaitlistEntriesTable>): WaitlistEntry => ({
  id: r.id, patientId: r.patient_id, typeId: r.type_id, providerId: r.provider_id, locationId: r.location_id, earliestOn: r.earliest_on, latestOn: r.latest_on,
  currentAppointmentId: r.current_appointment_id, note: r.note, status: r.status as WaitlistEntry['status'], appointmentId: r.appointment_id, version: Number(r.version),
  createdAt: r.created_at, updatedAt: r.updated_at,
});

/** Referrals, recalls, the waitlist and outreach attempts on Kysely. */
export const createSchedulingQueuesRepo = (db: Db): SchedulingQueuesRepo => ({
  async insertReferral(r) {
    await db.q().insertInto('referrals').values(referralRow(r)).execute();
  },
  async getReferral(id) {
    const r = await db.read().selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? referralOf(r) : null;
  },
  async updateReferral(r, expectedVersion) {
    const { id: _i, created_at: _c, ...row } = referralRow(r);
    const res = await db.q().updateTable('referrals').set(row).where('id', '=', r.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async listReferrals(q) {
    let s = db.read().selectFrom('referrals').selectAll();
    if (q.status) s = s.where('status', '=', q.status);
    if (q.patientId) s = s.where('patient_id', '=', q.patientId);
    return (await s.orderBy('received_on').orderBy('id').limit(q.limit).execute()).map(referralOf);
  },
  async referralVisits(referralId) {
    const r = await db.read().selectFrom('appointments').select((eb) => eb.fn.countAll<number>().as('n')).where('referral_id', '=', referralId).where('status', '<>', 'cancelled').executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  async insertRecall(r) {
    await db.q().insertInto('recalls').values(recallRow(r)).execute();
  },
  async getRecall(id) {
    const r = await db.read().selectFrom('recalls').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? recallOf(r) : null;
  },
  async updateRecall(r, expectedVersion) {
    const { id: _i, created_at: _c, ...row } = recallRow(r);
    const res = await db.q().updateTable('recalls').set(row).where('id', '=', r.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async listRecalls(q) {
    let s = db.read().selectFrom('recalls').selectAll();
    if (q.status) s = s.where('status', '=', q.status);
    if (q.dueBy) s = s.where('due_on', '<=', q.dueBy);
    if (q.patientId) s = s.where('patient_id', '=', q.patientId);
    return (await s.orderBy('due_on').orderBy('id').limit(q.limit).execute()).map(recallOf);
  },
  async insertWaitlist(w) {
    await db.q().insertInto('waitlist_entries').values(waitRow(w)).execute();
  },
  async getWaitlist(id) {
    const r = await db.read().selectFrom('waitlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? waitOf(r) : null;
  },
  async updateWaitlist(w, expectedVersion) {
    const { id: _i, created_at: _c, ...row } = waitRow(w);
    const res = await db.q().updateTable('waitlist_entries').set(row).where('id', '=', w.id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
  async listWaitlist(q) {
    let s = db.read().selectFrom('waitlist_entries').selectAll();
    if (q.status) s = s.where('status', '=', q.status);
    if (q.patientId) s = s.where('patient_id', '=', q.patientId);
    return (await s.orderBy('earliest_on').orderBy('id').limit(q.limit).execute()).map(waitOf);
  },
  async insertOutreach(a) {
    await db.q().insertInto('outreach_attempts').values({
      id: a.id, subject_kind: a.subjectKind, subject_id: a.subjectId, patient_id: a.patientId, channel: a.channel, outcome: a.outcome, note: a.note, by_user: a.by, at: a.at,
    }).execute();
  },
  async listOutreach(subjectKind, subjectIds) {
    if (subjectIds.length === 0) return [];
    const rows = await db.read().selectFrom('outreach_attempts').selectAll().where('subject_kind', '=', subjectKind).where('subject_id', 'in', [...subjectIds]).orderBy('at').orderBy('id').execute();
    return rows.map((r): OutreachAttempt => ({
      id: r.id, subjectKind: r.subject_kind as OutreachAttempt['subjectKind'], subjectId: r.subject_id, patientId: r.patient_id,
      channel: r.channel as OutreachAttempt['channel'], outcome: r.outcome as OutreachAttempt['outcome'], note: r.note, by: r.by_user, at: r.at,
    }));
  },
});
