import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { createPayerSimulator, PAYER_SIM_CORE_ID, PAYER_SIM_PASSWORD, PAYER_SIM_USERNAME, type PayerSimulator } from '../../src/integrations/clearinghouse/index.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createContainer } from '../../src/server/container.ts';

// Acceptance of issue 5, end to end over loopback with the demo practice: the sweep of the next
// three days checks every visit's coverage once against the payer simulator; worklist items come
// exactly for the exceptions; a second run sends nothing; a sweep killed (SIGKILL) mid-way and
// run again finishes without a second inquiry for any coverage.
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'medoffice-sweep-'));
let sim: PayerSimulator;
const traces: string[] = [];
let onTrace: (() => void) | null = null;
const env: Record<string, string> = { MEDOFFICE_DATA_DIR: dir, MEDOFFICE_KEY: 'ab'.repeat(32), MEDOFFICE_LOG_LEVEL: 'silent' };

const cli = async (args: string[]) => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runCli(args, { env, stdout, stderr, stdin: Readable.from(['']) });
  return { code, out, err };
};

beforeAll(async () => {
  sim = await createPayerSimulator({
    onRequest: (e) => {
      if (e.traceNumber) traces.push(e.traceNumber);
      onTrace?.();
    },
  });
  const connection = { mode: 'realtime', endpointUrl: sim.url, senderId: 'MEDOFFICE', receiverId: PAYER_SIM_CORE_ID, username: PAYER_SIM_USERNAME, password: PAYER_SIM_PASSWORD, timeoutMs: 5000 };
  writeFileSync(join(dir, 'payers.json'), JSON.stringify(Object.fromEntries(['PBPPO', 'HHMO1', 'MCRB1', 'ILMCD', 'LMEPO'].map((code) => [code, connection]))));
  env.MEDOFFICE_PAYER_CONNECTIONS = join(dir, 'payers.json');
  expect((await cli(['demo'])).code).toBe(0);
}, 180_000);
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The coverages of booked visits in the next three days (what the sweep must check), and the stored checks. */
const state = async () => {
  const c = await createContainer({ config: loadConfig(env) });
  try {
    const now = c.clock.now();
    const visits = await c.db.kysely.selectFrom('appointments').select('id').where('status', '=', 'booked').where('start_at', '>=', now.toISOString()).where('start_at', '<', new Date(now.getTime() + 3 * 86_400_000).toISOString()).execute();
    const coverages = new Set<string>();
    const subjects = await Promise.all(visits.map((v) => c.db.kysely.selectFrom('appointments').innerJoin('coverages', 'coverages.patient_id', 'appointments.patient_id').select('coverages.id').where('appointments.id', '=', v.id).orderBy('coverages.priority').limit(1).executeTakeFirst()));
    for (const s of subjects) if (s) coverages.add(s.id);
    const checks = await c.db.kysely.selectFrom('eligibility_checks').select(['id', 'coverage_id', 'state', 'outcome', 'trace_number']).execute();
    const items = await c.db.kysely.selectFrom('work_items').select(['kind', 'status', 'link_id']).where('kind', '=', 'eligibility_exception').where('status', '=', 'open').execute();
    return { visits: visits.length, coverages, checks, items };
  } finally {
    await c.close();
  }
};

describe('the pre-visit sweep of the demo practice against the payer simulator', () => {
  it('killed mid-sweep and run again, it checks every coverage once; exceptions reach the worklist; a second run sends nothing', async () => {
    // A separate process runs the sweep; it is killed once the payer has seen ten inquiries.
    const child = spawn(process.execPath, [join(ROOT, 'bin/medoffice.mjs'), 'eligibility', 'sweep'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    await new Promise<void>((ok) => {
      onTrace = () => {
        if (traces.length >= 10) {
          onTrace = null;
          child.kill('SIGKILL');
          ok();
        }
      };
    });
    await exited;
    const killed = await state();
    expect(killed.coverages.size).toBeGreaterThan(20);
    expect(killed.checks.length).toBeLessThan(killed.coverages.size);

    const r = await cli(['eligibility', 'sweep']);
    expect(r.code, r.err).toBe(0);
    const done = await state();
    // Every coverage of a visit in the next three days has exactly one check, answered.
    expect(new Set(done.checks.map((c) => c.coverage_id))).toEqual(done.coverages);
    expect(done.checks).toHaveLength(done.coverages.size);
    expect(done.checks.filter((c) => c.state !== 'done')).toEqual([]);
    // The payer saw each check's trace number, and no coverage under two trace numbers; at most
    // the one inquiry in flight at the kill was sent again, under its own trace number.
    expect(new Set(traces)).toEqual(new Set(done.checks.map((c) => c.trace_number)));
    expect(traces.length - done.checks.length).toBeLessThanOrEqual(1);
    // Worklist items exactly for the exceptions.
    const exceptions = done.checks.filter((c) => c.outcome !== 'active');
    expect(exceptions.length).toBeGreaterThan(0);
    expect(done.items).toHaveLength(exceptions.length);

    const sent = traces.length;
    const again = await cli(['eligibility', 'sweep']);
    expect(JSON.parse(again.out)).toMatchObject({ inquiries: 0 });
    expect(traces).toHaveLength(sent);
  }, 240_000);
});
