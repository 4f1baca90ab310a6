import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { parse271 } from '../../src/x12/index.ts';
import { inquiryFor, inquiryInput, realtime, testGateway } from '../integrations/clearinghouse-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'medoffice-payer-sim-'));
const env = { MEDOFFICE_DATA_DIR: dir, MEDOFFICE_LOG_LEVEL: 'silent' as const };
const URL_LINE = /^Payer simulator listening at (http:\/\/127\.0\.0\.1:\d+\/core)$/;

/** Runs `medoffice payer-sim` in-process; `whileUp` gets the URL, and the simulator stops when it settles. */
const runSim = async (args: string[], whileUp: (url: string) => Promise<unknown> = async () => undefined) => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  let stop!: () => void;
  const untilStopped = new Promise<void>((r) => (stop = r));
  let result: unknown;
  const code = await runCli(['payer-sim', ...args], {
    env, stdout, stderr, stdin: Readable.from(['']), untilStopped,
    onListening: (url) => void whileUp(url).then((r) => (result = r)).finally(stop),
  });
  return { code, out, err, result };
};

/** One 270 for `memberId` through the gateway to `url`; the 271 read back. */
const ask = async (url: string, memberId: string) => {
  const out = await testGateway().gateway.send270(await inquiryFor(inquiryInput(memberId), realtime(url)));
  if (out.kind !== 'response') throw new Error(`${out.code}: ${out.reason}`);
  return parse271(out.x12);
};

describe('medoffice payer-sim', () => {
  it('prints its URL as the first line, answers a 270 with a 271, reports the request without patient data, and stops', async () => {
    const r = await runSim(['--port', '0'], (url) => ask(url, 'PPO1001'));
    expect([r.code, r.err]).toEqual([0, '']);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(URL_LINE);
    expect(lines[1]).toBe('CORE rule 2.2.0, SOAP 1.2. ReceiverID PAYERSIM; UsernameToken medoffice / payer-sim.');
    expect(lines).toContainEqual(expect.stringMatching(/^request: ppo \(PayloadID [0-9a-f-]{36}\)$/));
    expect(lines.at(-1)).toBe('Payer simulator stopped.');
    expect(r.out).not.toMatch(/DOE|JANE|PPO1001/);
    expect((r.result as Awaited<ReturnType<typeof ask>>).coverage).toMatchObject({ status: 'active', planName: 'PPO GOLD 1500' });
  });

  it('--plans FILE adds custom members', async () => {
    const file = join(dir, 'plans.json');
    writeFileSync(file, JSON.stringify({ members: [{ memberId: 'ACME-1', plan: 'hmo', planName: 'ACME HMO' }] }));
    const r = await runSim(['--plans', file], (url) => ask(url, 'ACME-1'));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[2]).toMatch(/^1 custom member\(s\); member id prefixes: PPO ppo, HMO hmo, INA inactive, NF not_found, MM name_mismatch, BN invalid_name, UA unavailable, TO timeout\.$/);
    expect((r.result as Awaited<ReturnType<typeof ask>>).coverage).toMatchObject({ status: 'active', planName: 'ACME HMO' });
  });

  it('a bad plans file names the field and exits 2; a missing one exits 3; a bad port exits 2', async () => {
    const file = join(dir, 'bad-plans.json');
    writeFileSync(file, JSON.stringify({ members: [{ memberId: 'X-1', plan: 'gold', deductibleCents: -5 }] }));
    const bad = await runSim(['--plans', file]);
    expect([bad.code, bad.out]).toEqual([2, '']);
    expect(bad.err).toBe('The payer simulator plans file is invalid: members.0.plan: must be one of ppo, hmo, inactive, not_found, name_mismatch, invalid_name, unavailable, timeout; members.0.deductibleCents: must not be negative\n');
    writeFileSync(file, '{ not json');
    expect((await runSim(['--plans', file])).err).toBe('The payer simulator plans file is invalid: (file): is not valid JSON\n');
    expect((await runSim(['--plans', join(dir, 'nope.json')])).code).toBe(3);
    expect(await runSim(['--port', '70000'])).toMatchObject({ code: 2, err: 'The payer simulator options are invalid: --port: must be a port number from 0 to 65535\n' });
  });

  it('as a child process: the first stdout line is the URL, it answers, and SIGTERM stops it', async () => {
    const bin = join(import.meta.dirname, '../../bin/medoffice.mjs');
    const child = spawn(process.execPath, [bin, 'payer-sim', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        const first = out.split('\n');
        if (first.length > 1) resolve(URL_LINE.exec(first[0]!)?.[1] ?? '');
      });
      child.on('exit', () => reject(new Error('payer-sim exited before printing its URL')));
    });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/core$/);
      expect((await ask(url, 'INA3003')).coverage.status).toBe('inactive');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
