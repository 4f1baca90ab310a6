import type { Location, Payer, Practice, Provider, ReferenceRepo } from '../core/reference/index.ts';
import { normalizeName } from '../core/patients/index.ts';
import type { Db } from './db.ts';

/** Payers, providers, locations and the practice on Kysely. */
export const createReferenceRepo = (db: Db, now: () => string): ReferenceRepo => ({
  async listPayers() {
    const rows = await db.read().selectFrom('payers').selectAll().orderBy('name').execute();
    return rows.map((r): Payer => ({ id: r.id, name: r.name, payerCode: r.payer_code, planTypes: JSON.parse(r.plan_types), phone: r.phone, address: r.address ? JSON.parse(r.address) : null }));
  },
  async getPayer(id) {
    return (await this.listPayers()).find((p) => p.id === id) ?? null;
  },
  async insertPayer(p) {
    await db.q().insertInto('payers').values({ id: p.id, name: p.name, payer_code: p.payerCode, plan_types: JSON.stringify(p.planTypes), phone: p.phone, address: p.address ? JSON.stringify(p.address) : null, created_at: now() }).execute();
  },
  async listProviders(q = {}) {
    let b = db.read().selectFrom('providers').selectAll();
    if (q.npi) b = b.where('npi', '=', q.npi);
    const rows = await b.orderBy('family_name').orderBy('given_name').execute();
    const name = q.name ? normalizeName(q.name) : '';
    return rows
      .map((r): Provider => ({ id: r.id, npi: r.npi, familyName: r.family_name, givenName: r.given_name, credentials: r.credentials, taxonomyCode: r.taxonomy_code, specialty: r.specialty, phone: r.phone, email: r.email, locationIds: JSON.parse(r.location_ids), active: Number(r.active) === 1 }))
      .filter((p) => !name || normalizeName(p.familyName).startsWith(name) || normalizeName(p.givenName).startsWith(name))
      .slice(0, q.limit ?? 1000);
  },
  async getProvider(id) {
    return (await this.listProviders()).find((p) => p.id === id) ?? null;
  },
  async insertProvider(p) {
    await db.q().insertInto('providers').values({ id: p.id, npi: p.npi, family_name: p.familyName, given_name: p.givenName, credentials: p.credentials, taxonomy_code: p.taxonomyCode, specialty: p.specialty, phone: p.phone, email: p.email, location_ids: JSON.stringify(p.locationIds), active: p.active ? 1 : 0, created_at: now() }).execute();
  },
  async listLocations() {
    const rows = await db.read().selectFrom('locations').selectAll().orderBy('name').execute();
    return rows.map((r): Location => ({ id: r.id, name: r.name, address: JSON.parse(r.address), timeZone: r.time_zone, phone: r.phone, placeOfService: r.place_of_service }));
  },
  async insertLocation(l) {
    await db.q().insertInto('locations').values({ id: l.id, name: l.name, address: JSON.stringify(l.address), time_zone: l.timeZone, phone: l.phone, place_of_service: l.placeOfService, created_at: now() }).execute();
  },
  async getPractice() {
    const r = await db.read().selectFrom('practice').selectAll().executeTakeFirst();
    return r ? { id: r.id, name: r.name, npi: r.npi, taxId: r.tax_id, address: JSON.parse(r.address), phone: r.phone } : null;
  },
  async savePractice(p: Practice) {
    await db.q().deleteFrom('practice').execute();
    await db.q().insertInto('practice').values({ id: p.id, name: p.name, npi: p.npi, tax_id: p.taxId, address: JSON.stringify(p.address), phone: p.phone }).execute();
  },
});
