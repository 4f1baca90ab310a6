import { closeSync, existsSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { systemPrincipal } from '../src/core/access/index.ts';
import { ensureDemo } from '../src/cli/demo/demo-practice.ts';
import { prng, syntheticPatient } from '../src/cli/demo/synthetic.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContainer } from '../src/server/container.ts';
import { bulkLoad } from './generate.ts';
import { load, startChild, timeEach, type Latency, type Load } from './measure.ts';

const { values: args } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    database: { type: 'string' },
    cold: { type: 'boolean', default: false },
  },
});
const PG = args.database;
const N = Number(args.patients);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(root, 'bench/results', `data-${N}${PG ? '-pg' : ''}`);
const env = { MEDOFFICE_DATA_DIR: dataDir, MEDOFFICE_LOG_LEVEL: 'silent' as const, ...(PG ? { DATABASE_URL: PG } : {}) };
const log = (s: string): void => void process.stderr.write(s + '\n');

// 1. Data: the demo practice's users and reference data plus N synthetic patients (reused across runs).
mkdirSync(dataDir, { recursive: true });
const c = await createContainer({ config: loadConfig(env) });
const fresh = PG ? (await c.db.kysely.selectFrom('users').select('id').limit(1).execute()).length === 0 : !existsSync(resolve(dataDir, 'loaded'));
if (fresh) {
  await ensureDemo(c, { patients: 0 });
  const t = performance.now();
  await bulkLoad(c, N, (n) => log(`  loaded ${n} patients`));
  log(`generated ${N} patients in ${Math.round((performance.now() - t) / 1000)} s`);
  writeFileSync(resolve(dataDir, 'loaded'), `${N}\n`);
}
// A server that has run for a while keeps its working set in the page cache; a first read from
// this machine's disk costs about 70 µs a page against 3 µs from memory. So the SQLite file is
// read through once before measuring, unless --cold asks to measure whatever is cached.
const warm = !PG && !args.cold;
if (warm) {
  const t = performance.now();
  const buf = Buffer.alloc(4 << 20);
  for (const file of [c.config.databaseUrl, `${c.config.databaseUrl}-wal`].filter((f) => existsSync(f))) {
    const fd = openSync(file, 'r');
    while (readSync(fd, buf, 0, buf.length, null) > 0);
    closeSync(fd);
  }
  log(`read the database file once (page cache warm) in ${Math.round((performance.now() - t) / 1000)} s`);
}
const sys = systemPrincipal('bench');
const sample = await c.db.kysely.selectFrom('patients').select(['id', 'family_name', 'given_name', 'birth_date']).orderBy(sql`random()`).limit(500).execute() as { id: string; family_name: string; given_name: string; birth_date: string }[];
const typo = (s: string): string => (s.length > 3 ? s.slice(0, 1) + s[2] + s[1] + s.slice(3) : s + 'e');
const pick = <T>(i: number, xs: T[]): T => xs[i % xs.length]!;

// 2. In process: the service (access check, query, audit entry made durable) against a raw indexed query.
log('in-process search...');
// The ceiling: the same indexed query straight through the driver, no query builder, no service.
const RAW = "select * from patients where family_norm >= ? and family_norm < ? and status = 'active' and restricted = 0 order by family_norm, given_norm, id limit 20";
const pool = PG ? new pg.Pool({ connectionString: PG, max: 1 }) : null;
const rawStmt = c.db.sqlite?.prepare(RAW);
const raw = (a: string, b: string): unknown => (pool ? pool.query(RAW.replace('?', '$1').replace('?', '$2'), [a, b]) : rawStmt!.all(a, b));
const inProcess: Record<string, Latency> = {
  [`raw ${PG ? 'PostgreSQL' : 'SQLite'} indexed prefix query (ceiling)`]: await timeEach(2000, (i) => {
    const f = pick(i, sample).family_name.toLowerCase().replace(/[^a-z]/g, '').slice(0, 3);
    return raw(f, f.slice(0, -1) + String.fromCharCode(f.charCodeAt(f.length - 1) + 1));
  }),
  'name prefix (service)': await timeEach(1000, (i) => c.services.patients.search(sys, { name: pick(i, sample).family_name.slice(0, 3), fuzzy: true, limit: 20, offset: 0 })),
  'name with a typo (service)': await timeEach(1000, (i) => c.services.patients.search(sys, { name: `${pick(i, sample).given_name} ${typo(pick(i, sample).family_name)}`, fuzzy: true, limit: 20, offset: 0 })),
  'date of birth (service)': await timeEach(1000, (i) => c.services.patients.search(sys, { birthDate: pick(i, sample).birth_date, limit: 20, offset: 0 })),
};
const token = (await c.services.access.createApiToken(sys, 'front_desk', 'bench')).token;
// New patients for the create run: distinct synthetic people (names, birth dates, phones, a coverage),
// as a practice registers them, from a seed of their own so each run registers new ones.
const payers = await c.services.reference.listPayers(sys);
const today = c.clock.now().toISOString().slice(0, 10);
const seed = prng(Date.now() % 1_000_000);
// Each its own phone number (the demo generator's 217-555-xxxx numbers repeat every 10,000 patients,
// which at a million would make every registration a suspected duplicate of a hundred others).
const AREA = ['312', '773', '872', '630', '847', '708', '331', '224', '779', '815'];
const phoneOf = (): string => `${AREA[seed.int(0, AREA.length - 1)]}-${seed.int(200, 999)}-${String(seed.int(0, 9999)).padStart(4, '0')}`;
const newPatients = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ ...syntheticPatient(seed, N + i, today, payers), phones: [{ use: 'mobile', number: phoneOf() }], acknowledgeDuplicates: true }));
await pool?.end();
await c.close();

// 3. Over HTTP on loopback: the server in its own process, autocannon in this one.
log('HTTP...');
const server = await startChild(process.execPath, [resolve(root, 'bin/medoffice.mjs'), 'serve'], { ...env, PORT: '0' }, /running at (http:\/\/\S+?)\/?\n/);
const base = server.match[1]!.replace('localhost', '127.0.0.1');
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const onePatient = await (await fetch(`${base}/api/patients/${sample[0]!.id}`, { headers: auth })).text();
const bare = await startChild(process.execPath, ['--import', 'tsx', resolve(root, 'bench/bare-server.ts')], { BENCH_BODY: onePatient }, /(http:\/\/\S+)\n/);
const bareBase = bare.match[1]!;
let k = 0;
// The bare route is driven exactly as the read is (a patient id per request, the same headers):
// the client shares the two cores, so a cheaper client would raise the ceiling by itself.
const reads = (url: string, prefix: string, connections: number): Promise<Load> =>
  load({ url, seconds: SECONDS, connections, headers: auth, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `${prefix}/${pick(k++, sample).id}` }) }] });
const http: Record<string, Load> = {
  'bare Fastify route, same JSON (ceiling)': await reads(bareBase, '/patient', CONNECTIONS),
  'GET /api/patients/:id': await reads(base, '/api/patients', CONNECTIONS),
  'POST /api/patients/search (name prefix)': await load({ url: base, seconds: SECONDS, connections: CONNECTIONS, headers: auth, requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, path: '/api/patients/search', body: JSON.stringify({ q: pick(k++, sample).family_name.slice(0, 4) }) }) }] }),
  'POST /api/patients/search (typo)': await load({ url: base, seconds: SECONDS, connections: CONNECTIONS, headers: auth, requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, path: '/api/patients/search', body: JSON.stringify({ q: `${pick(k, sample).given_name} ${typo(pick(k++, sample).family_name)}` }) }) }] }),
  'POST /api/patients/search (birth date)': await load({ url: base, seconds: SECONDS, connections: CONNECTIONS, headers: auth, requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, path: '/api/patients/search', body: JSON.stringify({ birthDate: pick(k++, sample).birth_date }) }) }] }),
  'POST /api/patients (create)': await load({
    url: base, seconds: SECONDS, connections: CONNECTIONS, headers: auth,
    requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, path: '/api/patients', body: pick(k++, newPatients) }) }],
  }),
};
// The same read with four times the clients: with every read waiting for its durable audit entry,
// 16 connections measure latency as much as capacity.
const MANY = CONNECTIONS * 4;
http[`bare Fastify route, ${MANY} connections (ceiling)`] = await reads(bareBase, '/patient', MANY);
http[`GET /api/patients/:id, ${MANY} connections`] = await reads(base, '/api/patients', MANY);
server.child.kill('SIGTERM');
bare.child.kill('SIGTERM');

// 4. Report.
const ratio = (a: number, b: number): string => `${Math.round((a / b) * 100)}%`;
const ceilingOf = (name: string): number => (name.includes(`${MANY} connections`) ? http[`bare Fastify route, ${MANY} connections (ceiling)`]! : http['bare Fastify route, same JSON (ceiling)']!).rps;
const lines = [
  `Medoffice benchmark: ${N.toLocaleString('en-US')} patients, ${PG ? 'PostgreSQL' : 'SQLite'}${PG ? '' : warm ? ' (file read once first: page cache warm)' : ' (--cold: page cache as found)'}, ${SECONDS} s per HTTP run, ${CONNECTIONS} connections, ${new Date().toISOString().slice(0, 10)}`,
  '',
  '| in process | n | p50 ms | p99 ms | per second |',
  '|---|---|---|---|---|',
  ...Object.entries(inProcess).map(([name, l]) => `| ${name} | ${l.n} | ${l.p50} | ${l.p99} | ${l.perSecond} |`),
  '',
  '| over HTTP (loopback) | requests/s | p50 ms | p99 ms | errors | non-2xx | vs bare route |',
  '|---|---|---|---|---|---|---|',
  ...Object.entries(http).map(([name, l]) => `| ${name} | ${l.rps} | ${l.p50} | ${l.p99} | ${l.errors} | ${l.non2xx} | ${ratio(l.rps, ceilingOf(name))} |`),
];
const report = lines.join('\n');
process.stdout.write(report + '\n');
writeFileSync(resolve(root, 'bench/results', `latest-${N}${PG ? '-pg' : ''}.md`), report + '\n');
process.exit(0);
