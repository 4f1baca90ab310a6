import { Command, CommanderError } from 'commander';
import { Roles, systemPrincipal } from '../core/access/index.ts';
import { DomainError, type ErrorCode } from '../core/shared/index.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { createContainer, type Container } from '../server/container.ts';
import { createLogger, serve } from '../server/serve.ts';
import { anchorSidecar, backupTo, restoreFrom } from './backup.ts';
import { DEMO_LOGINS, ensureDemo } from './demo/demo-practice.ts';
import { createPayerSimulator } from '../integrations/clearinghouse/index.ts';
import { simulatorConnections } from '../server/payer-connections.ts';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Resolves when a long-running command (serve) should stop; defaults to SIGINT/SIGTERM. */
  untilStopped?: Promise<void>;
  onListening?: (url: string) => void;
}

/** Exit codes per domain error: scripts can tell bad input from a missing record. */
const EXIT: Record<ErrorCode, number> = { invalid: 2, not_found: 3, forbidden: 4, unauthenticated: 4, conflict: 5, precondition_failed: 6, too_many_requests: 7, unavailable: 8 };

const readLine = async (stdin: NodeJS.ReadableStream): Promise<string> => {
  let data = '';
  for await (const chunk of stdin) {
    data += String(chunk);
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
};

const signals = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

/** Runs the `medoffice` command line; returns the exit code. */
export const runCli = async (argv: string[], io: CliIo): Promise<number> => {
  const out = (s: string): void => void io.stdout.write(s + '\n');
  const err = (s: string): void => void io.stderr.write(s + '\n');
  let config: Config;
  const withContainer = async <T>(fn: (c: Container) => Promise<T>): Promise<T> => {
    const c = await createContainer({ config, warn: (m) => err(`warning: ${m}`) });
    try {
      return await fn(c);
    } finally {
      await c.close();
    }
  };
  const userId = async (c: Container, username: string): Promise<string> => {
    const u = (await c.services.access.listUsers(systemPrincipal('cli'))).find((x) => x.username === username);
    if (!u) throw new DomainError('not_found', `No user named ${username}`);
    return u.id;
  };
  const runServer = async (demo: boolean): Promise<void> => {
    const logger = createLogger(config);
    // The demo practice's payers answer eligibility from the payer simulator on this machine.
    const sim = demo && !config.payerConnectionsFile ? await createPayerSimulator({}) : null;
    const container = await createContainer({ config, warn: (m) => logger.warn(m), ...(sim ? { payerConnections: simulatorConnections(sim.url) } : {}) });
    if (demo) {
      const seeded = await ensureDemo(container);
      if (seeded) out(`Seeded the demo practice: ${seeded.patients} synthetic patients, ${seeded.providers} providers, ${seeded.payers} payers, ${seeded.locations} locations, ${seeded.appointments} appointments around today (${seeded.noShows} no-shows).`);
    }
    const running = await serve(container, logger);
    out(`Medoffice is running at ${running.url}/`);
    if (demo) {
      out('Demo logins (username / password):');
      for (const l of DEMO_LOGINS) out(`  ${l.username.padEnd(12)} ${l.password}`);
    }
    io.onListening?.(running.url);
    await (io.untilStopped ?? signals());
    await running.stop();
    await sim?.close();
  };

  const program = new Command('medoffice')
    .description('Medoffice: the back office of a medical practice')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .hook('preAction', () => {
      config = loadConfig(io.env);
    });

  program.command('start').description('Migrate, seed the demo practice on an empty database, and serve (npm start)').action(() => runServer(true));
  program.command('serve').description('Serve the API, FHIR endpoint and web app').action(() => runServer(false));
  program.command('migrate').description('Apply pending database migrations').action(() => withContainer(async () => out('Database is up to date.')));
  program.command('demo').description('Seed the demo practice into an empty database').action(() =>
    withContainer(async (c) => {
      const s = await ensureDemo(c);
      out(s ? `Seeded ${s.patients} synthetic patients.` : 'The database already has data; nothing seeded.');
    }),
  );

  const user = program.command('user').description('Staff accounts');
  user
    .command('add')
    .description('Create a user; the password is read from standard input')
    .requiredOption('--username <name>')
    .requiredOption('--role <role>', `one of ${Roles.join(', ')}`)
    .option('--display-name <name>')
    .option('--emergency-access', 'may use break-the-glass access', false)
    .action((o: { username: string; role: string; displayName?: string; emergencyAccess: boolean }) =>
      withContainer(async (c) => {
        const password = await readLine(io.stdin);
        const u = await c.services.access.createUser(systemPrincipal('cli'), { username: o.username, role: o.role as never, displayName: o.displayName ?? o.username, password, emergencyAccess: o.emergencyAccess });
        out(`Created user ${u.username} (${u.role}).`);
      }),
    );
  user
    .command('reset-password <username>')
    .description('Set a new password read from standard input; ends the user\'s sessions')
    .action((username: string) =>
      withContainer(async (c) => {
        const password = await readLine(io.stdin);
        await c.services.access.resetPassword(systemPrincipal('cli'), await userId(c, username), password);
        out(`Password of ${username} changed; their sessions were ended.`);
      }),
    );

  program
    .command('token')
    .description('API tokens for integrations')
    .command('create')
    .requiredOption('--user <username>')
    .option('--label <label>', 'what the token is for', 'integration')
    .description('Create an API token acting as the user; prints the token alone')
    .action((o: { user: string; label: string }) =>
      withContainer(async (c) => {
        const t = await c.services.access.createApiToken(systemPrincipal('cli'), o.user, o.label);
        out(t.token);
      }),
    );

  program
    .command('audit')
    .description('The audit trail')
    .command('verify')
    .description('Verify the hash chain and the outside anchor; names the first bad entry')
    .action(() =>
      withContainer(async (c) => {
        const v = await c.services.audit.verify(systemPrincipal('cli'));
        if (v.ok) out(`Audit trail verified: ${v.entries} entries, chain intact through entry ${v.lastSeq}.`);
        else {
          err(`Audit trail verification FAILED: ${v.message}.`);
          throw new VerifyFailed();
        }
      }),
    );

  program
    .command('backup <file>')
    .description('Online backup of the SQLite database and the audit anchor')
    .action((file: string) =>
      withContainer(async (c) => {
        const r = await backupTo(c, file);
        out(`Backup written to ${file} (${r.pages} pages) with its audit anchor in ${anchorSidecar(file)}.`);
      }),
    );

  program
    .command('restore <file>')
    .description('Replace the database with a backup (stop the server first), then verify the audit trail')
    .action(async (file: string) => {
      const keys = await import('../integrations/crypto/keys.ts');
      const anchorFile = keys.loadKeyRing({ key: config.key, keyFile: config.keyFile, dataDir: config.dataDir }, () => {}).anchorFile;
      const restored = restoreFrom(config.databaseUrl, anchorFile, file, new Date().toISOString().replace(/[:.]/g, '-'));
      const v = await withContainer((c) => c.services.audit.verify(systemPrincipal('cli')));
      if (!v.ok) {
        restored.undo();
        err(`Restore aborted: the backup's audit trail does not verify (${v.message}); the previous database was put back.`);
        throw new VerifyFailed();
      }
      out(`Restored ${file}; audit trail verified (${v.entries} entries).${restored.keptAs ? ` The previous database is kept as ${restored.keptAs}.` : ''}`);
    });

  (await import('./eligibility.ts')).registerEligibilityCommands(program, {
    print270: (appointmentId) => withContainer((c) => c.eligibility270(systemPrincipal('cli'), appointmentId)),
    sweep: (o) =>
      withContainer(async (c) => {
        const days = o.days ?? config.eligibilityDays;
        const staleDays = o.staleDays ?? config.eligibilityStaleDays;
        if (!Number.isInteger(days) || days < 1 || days > 30) throw new DomainError('invalid', '--days must be a whole number from 1 to 30', { issues: [{ path: 'days', message: 'from 1 to 30' }] });
        if (!Number.isInteger(staleDays) || staleDays < 0 || staleDays > 365) throw new DomainError('invalid', '--stale-days must be a whole number from 0 to 365', { issues: [{ path: 'staleDays', message: 'from 0 to 365' }] });
        const report = await c.services.eligibility.sweep(systemPrincipal('cli'), { days, staleDays });
        await c.worklist.refresh();
        return `${JSON.stringify(report)}\n`;
      }),
  });
  (await import('./payer-sim.ts')).registerPayerSimCommand(program, io);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof VerifyFailed) return 1;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof DomainError) {
      err(`${e.message}${e.issues.length ? ': ' + e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : ''}`);
      return EXIT[e.code];
    }
    err(`medoffice: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
};

class VerifyFailed extends Error {}
