// `npm run bench:eligibility`: 271 parse throughput against the raw tokenizer alone, and the
// pre-visit sweep of 10,000 appointments against the payer simulator over loopback beside the
// gateway alone (the same 270 sent in a loop, no database). Options: --appointments N (10000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPrincipal } from '../src/core/access/index.ts';
import { claimsOf, type Appointment } from '../src/core/scheduling/index.ts';
import { ensureDemo } from '../src/cli/demo/demo-practice.ts';
import { createClearinghouseGateway, createPayerSimulator, parsePayerConnection, PAYER_SIM_CORE_ID, PAYER_SIM_PASSWORD, PAYER_SIM_USERNAME } from '../src/integrations/clearinghouse/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContainer } from '../src/server/container.ts';
import { simulatorConnections } from '../src/server/payer-connections.ts';
import { PPO_DEDUCTIBLE_271 } from '../src/x12/testing/fixtures-271.ts';
import { build270, parse271All, tokenize } from '../src/x12/index.ts';
import { inMemoryControlNumbers } from '../src/x12/testing/in-memory-control-numbers.ts';
import { bulkLoad } from './generate.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const N = Number(arg('appointments', '10000'));

// ---- 271 parse throughput ----
const big = PPO_DEDUCTIBLE_271.replace(/EB\*C\*IND\*30\*PR\*\*23\*1500\.00\*\*\*\*\*Y~/, 'EB*C*IND*30*PR**23*1500.00*****Y~\n'.repeat(2000)).replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 1999}*`);
const mbps = (text: string, fn: (t: string) => unknown, seconds = 2): number => {
  for (let i = 0; i < 3; i++) fn(text);
  let bytes = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    fn(text);
    bytes += Buffer.byteLength(text);
  }
  return Math.round((bytes / 1e6 / ((performance.now() - t0) / 1000)) * 10) / 10;
};
console.log('X12 271 parsing (in process, one thread)\n\n| input | tokenizer alone MB/s (ceiling) | 271 parser MB/s | ratio |\n|---|---|---|---|');
for (const [label, text] of [['a typical 271 (PPO, 1.4 KB)', PPO_DEDUCTIBLE_271], [`a large 271 (2,000 benefits, ${Math.round(Buffer.byteLength(big) / 1024)} KB)`, big]] as const) {
  const tok = mbps(text, tokenize);
  const parse = mbps(text, parse271All);
  console.log(`| ${label} | ${tok} | ${parse} | ${Math.round((100 * parse) / tok)}% |`);
}

// ---- the sweep ----
const sim = await createPayerSimulator({});
const dir = mkdtempSync(join(tmpdir(), 'medoffice-bench-elig-'));
const c = await createContainer({ config: loadConfig({ MEDOFFICE_DATA_DIR: dir, MEDOFFICE_KEY: 'cd'.repeat(32), MEDOFFICE_LOG_LEVEL: 'silent' }), payerConnections: simulatorConnections(sim.url) });
await ensureDemo(c, { patients: 0 });
await bulkLoad(c, N, () => {});
const patients = await c.db.kysely.selectFrom('coverages').select(['patient_id']).distinct().limit(N).execute();
const providers = await c.repos.reference.listProviders();
await c.repos.scheduleSetup.insertType({ id: 'bench-office', name: 'Office visit', durationMinutes: 20, newPatient: null, roomType: null, instructions: null, expectedCodes: ['99213'], colour: '#2f80ed', minAgeYears: null, maxAgeYears: null });
const at = c.clock.now().toISOString();
const startMs = c.clock.now().getTime() + 3_600_000;
await c.db.uow.run(async () => {
  for (const [i, p] of patients.entries()) {
    const provider = providers[i % providers.length]!;
    const s = startMs + Math.floor(i / providers.length) * 5 * 60_000 % (2 * 86_400_000);
    const a: Appointment = { id: c.ids.newId(), patientId: p.patient_id, providerId: provider.id, locationId: provider.locationIds[0]!, roomId: null, typeId: 'bench-office', start: new Date(s).toISOString(), end: new Date(s + 20 * 60_000).toISOString(), timeZone: 'America/Chicago', status: 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null, createdAt: at, updatedAt: at, version: 1 };
    await c.repos.appointments.insert(a, claimsOf(a, false).filter((x) => x.kind === 'patient'));
  }
});
console.log(`\nSweep: ${patients.length} booked visits in the next two days, each patient with a coverage, payer simulator on 127.0.0.1 (CAQH CORE SOAP)\n`);

// Ceiling: the same kind of inquiry through the gateway alone, one after another, no database.
const gateway = createClearinghouseGateway({ clock: c.clock });
const connection = parsePayerConnection({ payerId: 'PBPPO', mode: 'realtime', endpointUrl: sim.url, senderId: 'MEDOFFICE', receiverId: PAYER_SIM_CORE_ID, username: PAYER_SIM_USERNAME, password: PAYER_SIM_PASSWORD });
const numbers = inMemoryControlNumbers();
const ceilingN = 1000;
const t0 = performance.now();
for (let i = 0; i < ceilingN; i++) {
  const b = await build270({ payer: { name: 'Prairie Blue PPO', id: 'PBPPO' }, provider: { npi: '1999999992', lastName: 'Alvarez', firstName: 'Maria' }, subscriber: { memberId: `PPO${100000 + i}`, lastName: 'Bench', firstName: 'Pat', birthDate: '1970-01-01' }, serviceTypeCodes: ['98'], dateOfService: at.slice(0, 10), traceNumber: `CEIL${i}`, traceOriginatorId: '9MEDOFFICE', createdAt: new Date(), envelope: { senderId: 'MEDOFFICE', receiverId: PAYER_SIM_CORE_ID } }, numbers);
  const r = await gateway.send270({ x12: b.text, traceNumber: `CEIL${i}`, interchangeControlNumber: b.interchangeControlNumber, connection });
  if (r.kind !== 'response') throw new Error(`ceiling inquiry failed: ${r.code}`);
}
const ceiling = ceilingN / ((performance.now() - t0) / 1000);

const t1 = performance.now();
const report = await c.services.eligibility.sweep(systemPrincipal('bench'), { days: 3, staleDays: 7 });
const seconds = (performance.now() - t1) / 1000;
const rate = report.inquiries / seconds;
console.log('| run | inquiries | seconds | inquiries per second |\n|---|---|---|---|');
console.log(`| gateway alone: build 270, SOAP round trip, read the envelope (ceiling) | ${ceilingN} | ${(ceilingN / ceiling).toFixed(1)} | ${Math.round(ceiling)} |`);
console.log(`| the sweep: read visits, one inquiry per coverage, 271 parsed, check stored with encrypted raw 270/271, audited | ${report.inquiries} | ${seconds.toFixed(1)} | ${Math.round(rate)} |`);
console.log(`\nsweep vs the gateway alone: ${Math.round((100 * rate) / ceiling)}%; report ${JSON.stringify(report)}`);
const again = performance.now();
const second = await c.services.eligibility.sweep(systemPrincipal('bench'), { days: 3, staleDays: 7 });
console.log(`second run (nothing to send): ${second.inquiries} inquiries in ${((performance.now() - again) / 1000).toFixed(1)} s`);
await c.close();
await sim.close();
rmSync(dir, { recursive: true, force: true });
