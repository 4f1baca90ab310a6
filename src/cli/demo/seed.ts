import { systemPrincipal } from '../../core/access/index.ts';
import { withNpiCheckDigit, type Location, type Payer, type Provider } from '../../core/reference/index.ts';
import { addDays, utcDate } from '../../core/shared/index.ts';
import type { Container } from '../../server/container.ts';
import { seedDemoSchedule } from './schedule.ts';
import { prng, syntheticPatient } from './synthetic.ts';

const LOCATIONS: Omit<Location, 'id'>[] = [
  { name: 'Springfield Main Clinic', address: { line1: '400 Capitol Ave', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }, timeZone: 'America/Chicago', phone: '217-555-0100', placeOfService: '11' },
  { name: 'Chatham Family Health', address: { line1: '25 Walnut St', city: 'Chatham', state: 'IL', postalCode: '62629', country: 'US' }, timeZone: 'America/Chicago', phone: '217-555-0150', placeOfService: '11' },
];

const PAYERS: Omit<Payer, 'id'>[] = [
  { name: 'Prairie Blue PPO', payerCode: 'PBPPO', planTypes: ['PPO', 'HDHP'], phone: '800-555-0101', address: null },
  { name: 'Heartland HMO', payerCode: 'HHMO1', planTypes: ['HMO', 'POS'], phone: '800-555-0102', address: null },
  { name: 'Medicare Part B (synthetic)', payerCode: 'MCRB1', planTypes: ['Medicare'], phone: '800-555-0103', address: null },
  { name: 'Illinois Medicaid (synthetic)', payerCode: 'ILMCD', planTypes: ['Medicaid'], phone: '800-555-0104', address: null },
  { name: 'Lincoln Mutual EPO', payerCode: 'LMEPO', planTypes: ['EPO'], phone: '800-555-0105', address: null },
];

// Family medicine 207Q00000X, internal medicine 207R00000X, pediatrics 208000000X (NUCC taxonomy).
const PROVIDERS: [string, string, string, string, string][] = [
  ['Alvarez', 'Maria', 'MD', '207Q00000X', 'Family Medicine'],
  ['Chen', 'David', 'MD', '207Q00000X', 'Family Medicine'],
  ['Okonkwo', 'Grace', 'DO', '207Q00000X', 'Family Medicine'],
  ['Patel', 'Ravi', 'MD', '207R00000X', 'Internal Medicine'],
  ['Lindqvist', 'Erik', 'MD', '207R00000X', 'Internal Medicine'],
  ['Brooks', 'Hannah', 'NP', '207R00000X', 'Internal Medicine'],
  ['Moreau', 'Claire', 'MD', '208000000X', 'Pediatrics'],
  ['Tanaka', 'Ken', 'MD', '208000000X', 'Pediatrics'],
];

export interface SeedResult {
  patients: number;
  providers: number;
  payers: number;
  locations: number;
  appointments: number;
  noShows: number;
}

/** Seeds the demo practice: 2 locations, 8 providers of 3 specialties, 5 payers, synthetic patients. */
export const seedDemoPractice = async (c: Container, opts: { patients?: number } = {}): Promise<SeedResult> => {
  const sys = systemPrincipal('demo-seed');
  const { reference } = c.repos;
  const r = prng(20261128);
  const locations: Location[] = LOCATIONS.map((l) => ({ ...l, id: c.ids.newId() }));
  const providers: Provider[] = [];
  const payers: Payer[] = PAYERS.map((p) => ({ ...p, id: c.ids.newId() }));
  await c.db.uow.run(async () => {
    await reference.savePractice({ id: c.ids.newId(), name: 'Sangamon Valley Medical Group', npi: withNpiCheckDigit('199999990'), taxId: '00-0000000', address: LOCATIONS[0]!.address, phone: '217-555-0100' });
    for (const l of locations) await reference.insertLocation(l);
    for (const p of payers) await reference.insertPayer(p);
    for (const [i, [family, given, cred, taxonomy, specialty]] of PROVIDERS.entries()) {
      const provider: Provider = { id: c.ids.newId(), npi: withNpiCheckDigit(`19990000${i}`), familyName: family, givenName: given, credentials: cred, taxonomyCode: taxonomy, specialty, phone: '217-555-0100', email: `${given.toLowerCase()}.${family.toLowerCase()}@svmg.example`, locationIds: i % 3 === 0 ? locations.map((l) => l.id) : [locations[i % 2]!.id], active: true };
      await reference.insertProvider(provider);
      providers.push(provider);
    }
  });
  const today = utcDate(c.clock.now());
  const count = opts.patients ?? 520;
  const patientIds: string[] = [];
  const children = new Set<string>();
  for (let i = 0; i < count; i++) {
    const input = syntheticPatient(r, i, today, payers);
    const id = (await c.services.patients.create(sys, input)).patient.id;
    patientIds.push(id);
    if (input.birthDate && input.birthDate > addDays(today, -18 * 365)) children.add(id);
  }
  // Without patients (the test harness's reference-only practice) there is no calendar to fill.
  const schedule = count > 0 ? await seedDemoSchedule(c, r, { locations, providers, payers, patientIds, children }) : { appointments: 0, noShows: 0 };
  return { patients: count, providers: PROVIDERS.length, payers: payers.length, locations: locations.length, appointments: schedule.appointments, noShows: schedule.noShows };
};
