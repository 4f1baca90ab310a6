import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createContainer } from '../../src/server/container.ts';
import { readInterchange } from '../../src/x12/index.ts';

// Acceptance of issue 5: `medoffice eligibility 270 --appointment ID` prints a 270 for a demo
// appointment (the id the FHIR API shows for the Appointment), control numbers from the database.
const dir = mkdtempSync(join(tmpdir(), 'medoffice-elig270-'));
const env = { MEDOFFICE_DATA_DIR: dir, MEDOFFICE_KEY: 'ef'.repeat(32), MEDOFFICE_LOG_LEVEL: 'silent' as const };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

describe('medoffice eligibility 270 --appointment', () => {
  it('prints the 270 of a demo appointment; each print takes new control numbers; an unknown id exits 3', async () => {
    expect((await cli(['demo'])).code).toBe(0);
    const c = await createContainer({ config: loadConfig(env) });
    const row = await c.db.kysely.selectFrom('appointments').innerJoin('coverages', 'coverages.patient_id', 'appointments.patient_id')
      .innerJoin('appointment_types', 'appointment_types.id', 'appointments.type_id')
      .select(['appointments.id', 'coverages.member_id']).where('appointments.status', '=', 'booked').where('appointment_types.name', '=', 'Follow-up').where('coverages.end_date', 'is', null)
      .orderBy('appointments.start_at').limit(1).executeTakeFirstOrThrow();
    await c.close();
    const first = await cli(['eligibility', '270', '--appointment', row.id]);
    expect([first.code, first.err]).toEqual([0, '']);
    const ic = readInterchange(first.out, { strict: true });
    const t = ic.groups[0]!.transactions[0]!;
    expect([ic.groups[0]!.functionalId, t.id, t.implementationRef]).toEqual(['HS', '270', '005010X279A1']);
    expect(first.out).toContain(`*MI*${row.member_id}~`);
    expect(first.out).toMatch(/^EQ\*98~$/m);
    const second = await cli(['eligibility', '270', '--appointment', row.id]);
    expect(readInterchange(second.out, { strict: true }).controlNumber).not.toBe(ic.controlNumber);
    const unknown = await cli(['eligibility', '270', '--appointment', 'no-such-visit']);
    expect(unknown.code).toBe(3);
    expect(unknown.err).toMatch(/Appointment no-such-visit/);
  }, 180_000);
});
