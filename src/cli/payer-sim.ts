import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { invalid, notFound } from '../core/shared/index.ts';
import {
  createPayerSimulator, MEMBER_ID_PREFIXES, parsePlansFile, PAYER_SIM_CORE_ID, PAYER_SIM_PASSWORD, PAYER_SIM_TIMEOUT_DELAY_MS, PAYER_SIM_USERNAME, type MemberPlan,
} from '../integrations/clearinghouse/index.ts';

/** The part of the CLI's I/O the simulator uses (a structural type: cli.ts imports this file). */
export interface PayerSimIo {
  stdout: NodeJS.WritableStream;
  /** Resolves when the simulator should stop; defaults to SIGINT/SIGTERM. */
  untilStopped?: Promise<void>;
  onListening?: (url: string) => void;
}

interface PayerSimOptions {
  port: string;
  plans?: string;
  username: string;
  password: string;
  timeoutDelay: string;
}

const signals = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

const portOf = (v: string): number => {
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw invalid('The payer simulator options are invalid', [{ path: '--port', message: 'must be a port number from 0 to 65535' }]);
  return Number(v);
};

const delayOf = (v: string): number | 'never' => {
  if (v === 'never') return v;
  if (!/^\d{1,9}$/.test(v)) throw invalid('The payer simulator options are invalid', [{ path: '--timeout-delay', message: 'must be milliseconds or never' }]);
  return Number(v);
};

/** Reads and validates `--plans FILE`: a missing file exits 3, bad JSON or fields exit 2. */
const loadMembers = async (file: string | undefined): Promise<MemberPlan[]> => {
  if (file === undefined) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('File', file);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('The payer simulator plans file is invalid', [{ path: '(file)', message: 'is not valid JSON' }]);
  }
  return parsePlansFile(json).members;
};

const PREFIX_HELP = `
Member ids pick the answer by prefix (any case); ids matching none are not found:
${MEMBER_ID_PREFIXES.map((p) => `  ${p.prefix.padEnd(4)} ${p.meaning}`).join('\n')}
A --plans file lists custom members first, e.g.
  {"members":[{"memberId":"GOLD-77","plan":"ppo","planName":"GOLD PPO 500","deductibleCents":50000,"deductibleRemainingCents":12000}]}
with plan one of ppo, hmo, inactive, not_found, name_mismatch, invalid_name, unavailable, timeout.`;

/**
 * Adds `medoffice payer-sim`: the payer simulator on 127.0.0.1. The first line printed is
 * `Payer simulator listening at http://127.0.0.1:PORT/core`; one line per request follows
 * (its outcome and PayloadID, no patient data). Stops on SIGINT/SIGTERM.
 */
export const registerPayerSimCommand = (program: Command, io: PayerSimIo): void => {
  program
    .command('payer-sim')
    .description('Run a payer simulator: a CAQH CORE real-time SOAP endpoint on 127.0.0.1 that answers 270s with 271s')
    .option('--port <port>', 'port to listen on (0 picks a free port)', '0')
    .option('--plans <file>', 'JSON file of custom members and their plans (validated)')
    .option('--username <name>', 'the UsernameToken user name to accept', PAYER_SIM_USERNAME)
    .option('--password <password>', 'the UsernameToken password to accept', PAYER_SIM_PASSWORD)
    .option('--timeout-delay <ms>', 'how long TO members wait before the answer, or never', String(PAYER_SIM_TIMEOUT_DELAY_MS))
    .addHelpText('after', PREFIX_HELP)
    .action(async (o: PayerSimOptions) => {
      const out = (s: string): void => void io.stdout.write(`${s}\n`);
      const port = portOf(o.port);
      const timeoutDelayMs = delayOf(o.timeoutDelay);
      const members = await loadMembers(o.plans);
      const sim = await createPayerSimulator({
        port, username: o.username, password: o.password, timeoutDelayMs, members,
        onRequest: (e) => out(`request: ${e.outcome}${e.payloadId ? ` (PayloadID ${e.payloadId.replace(/[^A-Za-z0-9-]/g, '')})` : ''}`),
      });
      out(`Payer simulator listening at ${sim.url}`);
      out(`CORE rule 2.2.0, SOAP 1.2. ReceiverID ${PAYER_SIM_CORE_ID}; UsernameToken ${o.username}${o.password === PAYER_SIM_PASSWORD ? ` / ${PAYER_SIM_PASSWORD}` : ' with the given password'}.`);
      out(`${members.length} custom member(s); member id prefixes: ${MEMBER_ID_PREFIXES.map((p) => `${p.prefix} ${p.plan}`).join(', ')}.`);
      io.onListening?.(sim.url);
      await (io.untilStopped ?? signals());
      await sim.close();
      out('Payer simulator stopped.');
    });
};
