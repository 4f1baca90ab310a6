import type { GuidelineRepo, PatientScheduleFacts, ScheduleDirectory } from '../core/scheduling/index.ts';
import { GuidelineRuleSetSchema, type GuidelineRuleSet } from '../core/scheduling/index.ts';
import type { PlanType } from '../core/reference/index.ts';
import { conflict } from '../core/shared/index.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { appointmentFromRow } from './scheduling.repo.ts';

const CHUNK = 500;
const chunks = <T>(list: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
};

/** Reference data, patient facts and the job queries of scheduling, on Kysely. */
export const createScheduleDirectory = (db: Db): ScheduleDirectory => ({
  async providers() {
    const rows = await db.read().selectFrom('providers').select(['id', 'family_name', 'given_name', 'credentials', 'active', 'location_ids']).orderBy('family_name').orderBy('given_name').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, familyName: r.family_name, givenName: r.given_name, credentials: r.credentials, active: Number(r.active) === 1, locationIds: JSON.parse(r.location_ids) as string[] }));
  },
  async locations() {
    const rows = await db.read().selectFrom('locations').select(['id', 'name', 'time_zone']).orderBy('name').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone }));
  },
  async patients(ids, onDate) {
    const out: PatientScheduleFacts[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db.read().selectFrom('patients').select(['id', 'status', 'restricted', 'family_name', 'given_name', 'birth_date', 'phones']).where('id', 'in', part).execute();
      const covs = await db.read().selectFrom('coverages').innerJoin('payers', 'payers.id', 'coverages.payer_id')
        .select(['coverages.patient_id', 'coverages.payer_id', 'coverages.plan_type', 'coverages.priority', 'coverages.effective_date', 'coverages.end_date', 'payers.name as payer_name'])
        .where('coverages.patient_id', 'in', part).orderBy('coverages.priority').execute();
      const primary = new Map<string, (typeof covs)[number]>();
      for (const c of covs) {
        if ((c.effective_date !== null && c.effective_date > onDate) || (c.end_date !== null && c.end_date < onDate)) continue;
        if (!primary.has(c.patient_id)) primary.set(c.patient_id, c);
      }
      for (const r of rows) {
        const phones = JSON.parse(r.phones) as { number?: string }[];
        const c = primary.get(r.id);
        out.push({
          id: r.id, status: r.status, restricted: Number(r.restricted) === 1, familyName: r.family_name, givenName: r.given_name, birthDate: r.birth_date,
          phone: phones[0]?.number ?? null, payerId: c?.payer_id ?? null, payerName: c?.payer_name ?? null, planType: (c?.plan_type as PlanType | undefined) ?? null,
        });
      }
    }
    return out;
  },
  async hasVisitBetween(patientId, since, before) {
    const r = await db.read().selectFrom('appointments').select('id').where('patient_id', '=', patientId).where('start_at', '>=', since).where('start_at', '<', before)
      .where('status', 'in', ['checked_in', 'completed']).limit(1).executeTakeFirst();
    return r !== undefined;
  },
  async appointmentsByIds(ids) {
    const out = [];
    for (const part of chunks([...new Set(ids)])) out.push(...(await db.read().selectFrom('appointments').selectAll().where('id', 'in', part).execute()).map(appointmentFromRow));
    return out;
  },
  async bookedStartedBefore(before, limit) {
    const rows = await db.read().selectFrom('appointments').selectAll().where('status', '=', 'booked').where('start_at', '<', before).orderBy('start_at').orderBy('id').limit(limit).execute();
    return rows.map(appointmentFromRow);
  },
  async openNoShows(since, before, limit) {
    const rows = await db.read().selectFrom('appointments as a').selectAll('a')
      .where('a.status', '=', 'no_show').where('a.start_at', '>=', since).where('a.start_at', '<', before)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('appointments as r').select('r.id').whereRef('r.rebooked_from_id', '=', 'a.id').where('r.status', '<>', 'cancelled'))))
      .orderBy('a.start_at').orderBy('a.id').limit(limit).execute();
    return rows.map(appointmentFromRow);
  },
  async overriddenSince(since, limit) {
    const rows = await db.read().selectFrom('appointments').selectAll().where('override_kind', 'is not', null).where('start_at', '>=', since).where('status', '<>', 'cancelled')
      .orderBy('start_at').orderBy('id').limit(limit).execute();
    return rows.map(appointmentFromRow);
  },
});

const scopeKey = (s: GuidelineRuleSet['scope']): string =>
  s.level === 'group' ? 'group' : s.level === 'location' ? `location|${s.locationId}` : `provider|${s.providerId}|${s.locationId ?? ''}`;

/** Guideline rule sets, one row per version; the unique (scope, version) index refuses a lost update. */
export const createGuidelineRepo = (db: Db): GuidelineRepo => ({
  async list() {
    const rows = await db.read().selectFrom('guideline_rule_sets').selectAll().orderBy('scope_key').orderBy('version').execute();
    return rows.map((r) => GuidelineRuleSetSchema.parse({ id: r.id, scope: JSON.parse(r.scope), version: Number(r.version), rules: JSON.parse(r.rules), note: r.note }));
  },
  async insert(set, by, at) {
    try {
      await db.q().insertInto('guideline_rule_sets').values({
        id: set.id, scope_key: scopeKey(set.scope), scope: JSON.stringify(set.scope), version: set.version, rules: JSON.stringify(set.rules), note: set.note ?? null, created_by: by, created_at: at,
      }).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`Version ${set.version} of these rules was saved by someone else; reload them`);
      throw e;
    }
  },
});
