// `npm run bench:scheduling`: the master calendar, slot search and booking of a 50-provider
// practice, in process (service calls as a route makes them: access, queries, rules, audit
// committed), each beside its ceiling from the same run (the raw indexed range query alone).
// Options: --providers N (50) --days-back N (14) --days-ahead N (28) --database <pg url>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPrincipal } from '../src/core/access/index.ts';
import { PatientInputSchema } from '../src/core/patients/index.ts';
import type { Provider } from '../src/core/reference/index.ts';
import { withNpiCheckDigit } from '../src/core/reference/index.ts';
import { claimsOf, localToUtcMs, weekdayOf, type Appointment, type AppointmentType, type WorkingTemplate } from '../src/core/scheduling/index.ts';
import { addDays, utcDate } from '../src/core/shared/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContainer } from '../src/server/container.ts';
import { timeEach, type Latency } from './measure.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const PROVIDERS = Number(arg('providers', '50'));
const BACK = Number(arg('days-back', '14'));
const AHEAD = Number(arg('days-ahead', '28'));
const database = process.argv.includes('--database') ? arg('database', '') : undefined;

const dir = mkdtempSync(join(tmpdir(), 'medoffice-bench-sched-'));
const env: Record<string, string> = { MEDOFFICE_DATA_DIR: dir, MEDOFFICE_KEY: 'cd'.repeat(32), MEDOFFICE_LOG_LEVEL: 'silent', ...(database ? { DATABASE_URL: database } : {}) };
const c = await createContainer({ config: loadConfig(env) });
const sys = systemPrincipal('bench');
const zone = 'America/Chicago';
const locationId = c.ids.newId();
const at = new Date().toISOString();
const today = utcDate(new Date());

console.log(`Scheduling benchmark: ${PROVIDERS} providers, visits from ${BACK} days back to ${AHEAD} days ahead (${database ? 'PostgreSQL' : 'SQLite'})`);
await c.db.uow.run(async () => {
  await c.repos.reference.insertLocation({ id: locationId, name: 'Bench Clinic', address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }, timeZone: zone, phone: null, placeOfService: '11' });
});
const providers: Provider[] = [];
for (let i = 0; i < PROVIDERS; i++) {
  const p: Provider = { id: c.ids.newId(), npi: withNpiCheckDigit(`1${String(10000000 + i).padStart(8, '0')}`), familyName: `Bench${i}`, givenName: 'Pat', credentials: 'MD', taxonomyCode: '207Q00000X', specialty: 'Family Medicine', phone: null, email: null, locationIds: [locationId], active: true };
  await c.repos.reference.insertProvider(p);
  providers.push(p);
}
const type: AppointmentType = { id: c.ids.newId(), name: 'Follow-up', durationMinutes: 20, newPatient: null, roomType: null, instructions: null, expectedCodes: [], colour: '#2f80ed', minAgeYears: null, maxAgeYears: null };
const patients: string[] = [];
for (let i = 0; i < 2000; i++) {
  const input = PatientInputSchema.parse({ familyName: `Slot${i}`, givenName: `Bench${i % 97}`, birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'female' : 'male', acknowledgeDuplicates: true });
  patients.push((await c.services.patients.create(sys, input)).patient.id);
}
const templates: WorkingTemplate[] = providers.flatMap((p) => [1, 2, 3, 4, 5].flatMap((weekday) => [
  { id: c.ids.newId(), providerId: p.id, locationId, weekday, start: '08:00', end: '12:00', effectiveFrom: addDays(today, -365), effectiveTo: null, allowedTypeIds: null },
  { id: c.ids.newId(), providerId: p.id, locationId, weekday, start: '13:00', end: '17:00', effectiveFrom: addDays(today, -365), effectiveTo: null, allowedTypeIds: null },
]));
// Every provider-day about 80% full: the realistic case where slot search must look past bookings.
const visits: Appointment[] = [];
let seq = 0;
const busyPatient = new Map<string, number[]>();
for (let d = addDays(today, -BACK); d <= addDays(today, AHEAD); d = addDays(d, 1)) {
  if (weekdayOf(d) === 0 || weekdayOf(d) === 6) continue;
  for (const t of templates) {
    if (t.weekday !== weekdayOf(d)) continue;
    for (let s = localToUtcMs(d, t.start, zone); s + 20 * 60_000 <= localToUtcMs(d, t.end, zone); s += 20 * 60_000) {
      if ((seq++ * 7919) % 10 >= 8) continue;
      let patientId = patients[seq % patients.length]!;
      for (let k = 1; (busyPatient.get(patientId) ?? []).includes(s); k++) patientId = patients[(seq + k * 31) % patients.length]!;
      busyPatient.set(patientId, [...(busyPatient.get(patientId) ?? []), s]);
      visits.push({ id: c.ids.newId(), patientId, providerId: t.providerId, locationId, roomId: null, typeId: type.id, start: new Date(s).toISOString(), end: new Date(s + 20 * 60_000).toISOString(), timeZone: zone, status: s < Date.now() ? 'completed' : 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null, createdAt: at, updatedAt: at, version: 1 });
    }
  }
}
await c.db.uow.run(async () => {
  await c.repos.scheduleSetup.insertType(type);
  for (const t of templates) await c.repos.scheduleSetup.insertTemplate(t);
  for (const v of visits) await c.repos.appointments.insert(v, claimsOf(v, false));
});
console.log(`Loaded ${visits.length} visits.`);

// Patients with no visits, for the booking run (a booked patient would conflict with themself).
const bookers: string[] = [];
for (let i = 0; i < 320; i++) {
  const input = PatientInputSchema.parse({ familyName: `Booker${i}`, givenName: 'Slot', birthDate: `19${60 + (i % 40)}-0${1 + (i % 9)}-2${i % 8}`, sex: i % 2 ? 'female' : 'male', acknowledgeDuplicates: true });
  bookers.push((await c.services.patients.create(sys, input)).patient.id);
}

const rows: [string, Latency][] = [];
console.log('\n| in process | n | p50 ms | p99 ms | per second |\n|---|---|---|---|---|');
const run = async (label: string, n: number, fn: (i: number) => unknown, warm = true): Promise<void> => {
  if (warm) await timeEach(Math.min(5, n), fn);
  const l = await timeEach(n, fn);
  rows.push([label, l]);
  console.log(`| ${label} | ${l.n} | ${l.p50} | ${l.p99} | ${l.perSecond} |`);
};
const day = (i: number): string => addDays(today, 1 + (i % 10));
const dayStart = (i: number): string => new Date(localToUtcMs(day(i), '00:00', zone)).toISOString();
const dayEnd = (i: number): string => new Date(localToUtcMs(addDays(day(i), 1), '00:00', zone)).toISOString();
const weekEnd = (i: number): string => new Date(localToUtcMs(addDays(day(i), 7), '00:00', zone)).toISOString();
const ids = providers.map((p) => p.id);

await run(`ceiling: raw range query, ${PROVIDERS} providers, 1 day`, 200, (i) => c.repos.appointments.listRange({ from: dayStart(i), to: dayEnd(i), providerIds: ids, limit: 20_000 }));
await run(`calendar, ${PROVIDERS} providers, 1 day (service)`, 200, (i) => c.services.availability.calendar(sys, { from: day(i), days: 1, locationId }));
await run(`ceiling: raw range query, ${PROVIDERS} providers, 7 days`, 100, (i) => c.repos.appointments.listRange({ from: dayStart(i), to: weekEnd(i), providerIds: ids, limit: 20_000 }));
await run(`calendar, ${PROVIDERS} providers, 7 days (service)`, 100, (i) => c.services.availability.calendar(sys, { from: day(i), days: 7, locationId }));
await run('first 3 open slots, any provider at the location, 14 days', 100, (i) => c.services.availability.slots(sys, { typeId: type.id, from: day(i), to: addDays(day(i), 14), locationId, limit: 3 }));
await run('all open slots of one provider, 14 days', 200, (i) => c.services.availability.slots(sys, { typeId: type.id, from: day(i), to: addDays(day(i), 14), providerIds: [ids[i % ids.length]!], limit: 500 }));
await run('why-not check of one time (service)', 500, (i) => c.services.availability.check(sys, { providerId: ids[i % ids.length]!, locationId, typeId: type.id, start: new Date(localToUtcMs(day(i), '09:00', zone)).toISOString() }));
// Bookings: free times found by slot search, booked one after another (rules evaluated, occupancy claimed, audited).
const free = await c.services.availability.slots(sys, { typeId: type.id, from: addDays(today, 1), to: addDays(today, AHEAD), locationId, limit: 500 });
await run('book a visit (service: rules, occupancy rows, audit)', Math.min(300, free.length), async (i) => {
  const s = free[i]!;
  const r = await c.services.booking.book(sys, { patientId: bookers[i]!, providerId: s.providerId, locationId, typeId: type.id, start: s.start });
  if (r.kind !== 'booked') throw new Error(`bench booking refused: ${r.kind === 'refused' ? r.verdicts.map((v) => v.code).join(',') : r.resource}`);
}, false);
const ratio = (a: string, b: string): string => {
  const x = rows.find(([l]) => l.startsWith(a))![1];
  const y = rows.find(([l]) => l.startsWith(b))![1];
  return `${Math.round((100 * x.perSecond) / y.perSecond)}%`;
};
console.log(`\ncalendar (1 day) vs its raw query: ${ratio('calendar, ' + PROVIDERS + ' providers, 1 day', 'ceiling: raw range query, ' + PROVIDERS + ' providers, 1 day')}; calendar (7 days) vs its raw query: ${ratio('calendar, ' + PROVIDERS + ' providers, 7 days', 'ceiling: raw range query, ' + PROVIDERS + ' providers, 7 days')}`);
await c.close();
rmSync(dir, { recursive: true, force: true });
