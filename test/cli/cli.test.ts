import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'medoffice-cli-'));
const env = { MEDOFFICE_DATA_DIR: dataDir, PORT: '0', MEDOFFICE_LOG_LEVEL: 'silent' as const };

/** Runs one command; returns its exit code and what it printed. */
const cli = async (args: string[], opts: { stdin?: string; untilStopped?: Promise<void>; onListening?: (url: string) => void } = {}) => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runCli(args, { env, stdout, stderr, stdin: Readable.from([opts.stdin ?? '']), untilStopped: opts.untilStopped, onListening: opts.onListening });
  return { code, out, err };
};

describe('medoffice CLI', () => {
  it('start: migrates, seeds the demo practice, serves, and prints the URL and demo logins', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let health: unknown = null;
    const run = cli(['start'], {
      untilStopped: stopped,
      onListening: (url) => {
        void fetch(`${url}/api/health`)
          .then((r) => r.json())
          .then((j) => (health = j))
          .finally(stop);
      },
    });
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Seeded the demo practice: 520 synthetic patients, 8 providers, 5 payers, 2 locations/);
    expect(r.out).toMatch(/, \d{3,} appointments around today \(\d+ no-shows\)\./);
    expect(r.out).toMatch(/running at http:\/\/localhost:\d+\//);
    for (const role of ['admin', 'provider', 'back_office', 'front_desk', 'biller', 'auditor']) expect(r.out).toMatch(new RegExp(`${role}\\s+demo-${role}`));
    expect(health).toMatchObject({ status: 'ok', database: 'sqlite' });
  });

  it('token create prints one token alone, and it works as a bearer token', async () => {
    const r = await cli(['token', 'create', '--user', 'front_desk']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^mo_[A-Za-z0-9_-]{20,}\n$/);
    let stop!: () => void;
    const stopped = new Promise<void>((res) => (stop = res));
    let status = 0;
    await cli(['serve'], {
      untilStopped: stopped,
      onListening: (url) => {
        void fetch(`${url}/api/patients/search`, { method: 'POST', headers: { authorization: `Bearer ${r.out.trim()}`, 'content-type': 'application/json' }, body: JSON.stringify({ q: 'smith' }) })
          .then((x) => (status = x.status))
          .finally(stop);
      },
    });
    expect(status).toBe(200);
  });

  it('user add reads the password from stdin; reset-password changes it; bad input exits 2', async () => {
    expect((await cli(['user', 'add', '--username', 'newbiller', '--role', 'biller', '--display-name', 'New Biller'], { stdin: 'a long enough passphrase\n' })).code).toBe(0);
    expect((await cli(['user', 'reset-password', 'newbiller'], { stdin: 'another long passphrase\n' })).code).toBe(0);
    const short = await cli(['user', 'add', '--username', 'shorty', '--role', 'biller'], { stdin: 'short\n' });
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/password/);
    expect((await cli(['user', 'reset-password', 'nobody'], { stdin: 'another long passphrase\n' })).code).toBe(3);
  });

  it('audit verify passes on the untouched trail and names an edited entry', async () => {
    const ok = await cli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/verified: \d+ entries/);
    const db = new SQLite(join(dataDir, 'medoffice.sqlite'));
    db.prepare(`update audit_log set detail = '{"edited":true}' where seq = 42`).run();
    db.close();
    const bad = await cli(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/entry 42 was altered/);
  });

  it('backup and restore: a restore is verified by audit verify; a tampered backup is refused and rolled back', async () => {
    // The live trail was edited above: restoring it as a backup must be refused.
    const tampered = join(dataDir, 'tampered.sqlite');
    expect((await cli(['backup', tampered])).code).toBe(0);
    const refused = await cli(['restore', tampered]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/does not verify.*entry 42/);
    // A clean practice: new data dir, backup, restore, verify.
    env.MEDOFFICE_DATA_DIR = mkdtempSync(join(tmpdir(), 'medoffice-cli2-'));
    expect((await cli(['demo'])).code).toBe(0);
    const file = join(env.MEDOFFICE_DATA_DIR, 'nightly.sqlite');
    const b = await cli(['backup', file]);
    expect(b.out).toMatch(/Backup written/);
    await cli(['token', 'create', '--user', 'admin']); // the trail moves on after the backup
    const restored = await cli(['restore', file]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/audit trail verified/);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  }, 120_000);

  it('unknown commands and bad configuration exit non-zero with a message', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const prev = env.PORT;
    env.PORT = 'eighty';
    const r = await cli(['migrate']);
    env.PORT = prev;
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PORT/);
  });
});
