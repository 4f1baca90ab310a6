import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { SAMPLE_DIR } from '../../src/x12/testing/samples.ts';
import { TWO_PATIENTS_271 } from '../../src/x12/testing/fixtures-271.ts';

const dir = mkdtempSync(join(tmpdir(), 'medoffice-eligibility-'));
const env = { MEDOFFICE_DATA_DIR: dir, MEDOFFICE_LOG_LEVEL: 'silent' as const };

/** Runs one command in-process; returns its exit code and what it printed. */
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

const sample = join(SAMPLE_DIR, '271_005010X279A1/subscriber-health-benefit-check.271');

describe('medoffice eligibility parse', () => {
  it('prints the EligibilityResult of a 271 as JSON', async () => {
    const r = await cli(['eligibility', 'parse', sample]);
    expect([r.code, r.err]).toEqual([0, '']);
    const json = JSON.parse(r.out);
    expect(json.coverage).toMatchObject({ status: 'active', planName: 'GOLD 123 PLAN', planBegin: '2006-01-01' });
    expect(json.subscriber).toMatchObject({ lastName: 'SMITH', memberId: '123456789' });
    expect(json.costShares).toHaveLength(20);
    expect(json.costShares[0]).toMatchObject({ kind: 'copay', serviceType: { code: '1' }, network: 'in_network', amount: '10.00', amountCents: 1000 });
    expect(r.out).toMatch(/^\{\n {2}"interchangeControlNumber": "000000907",/);
  });

  it('prints an array when the file answers about several patients', async () => {
    const file = join(dir, 'two.271');
    writeFileSync(file, TWO_PATIENTS_271);
    const r = await cli(['eligibility', 'parse', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((x: { subscriber: { memberId: string } }) => x.subscriber.memberId)).toEqual(['A1', 'B2']);
  });

  it('a malformed file: one line naming segment position, id and element, exit code 2, no patient data', async () => {
    const file = join(dir, 'broken.271');
    writeFileSync(file, readFileSync(sample, 'utf8').replace('DMG*D8*19630519*M', 'DMG*D8*SMITH1963*M'));
    const r = await cli(['eligibility', 'parse', file]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('X12 segment 14 (DMG) element DMG02: must be a calendar date CCYYMMDD\n');
  });

  it('a file that is not X12 at all, and a 270 instead of a 271, exit 2 too', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'Patient called about her bill.\n');
    const notX12 = await cli(['eligibility', 'parse', file]);
    expect([notX12.code, notX12.err]).toEqual([2, 'X12 segment 1 (ISA): the interchange must start with an ISA segment\n']);
    const wrong = await cli(['eligibility', 'parse', join(SAMPLE_DIR, 'demo/demo.270')]);
    expect([wrong.code, wrong.err]).toEqual([2, 'X12 segment 3 (ST) element ST01: the interchange holds no 271 transaction set\n']);
  });

  it('as a child process: the medoffice command exits 2 on a cut-short file', async () => {
    const file = join(dir, 'cut.271');
    writeFileSync(file, readFileSync(sample, 'utf8').slice(0, 400));
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const bin = join(import.meta.dirname, '../../bin/medoffice.mjs');
      execFile(process.execPath, [bin, 'eligibility', 'parse', file], { env: { ...process.env, ...env } }, (e, out, err) => resolve({ code: e ? (e.code as number) : 0, out, err }));
    });
    expect(r).toEqual({ code: 2, out: '', err: 'X12 segment 11 (NM1): the segment has no terminator (the file may be cut short)\n' });
  });

  it('a missing file exits 3 (not found)', async () => {
    const r = await cli(['eligibility', 'parse', join(dir, 'nope.271')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^File .*nope\.271 was not found\n$/);
  });
});
