import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../core/shared/index.ts';
import { el, readInterchange, transactionsOf } from '../../x12/index.ts';
import type { EligibilityInquiry, TransportOutcome } from './clearinghouse.gateway.ts';
import type { BatchConnection } from './payer-connection.ts';

/** What the directory transport needs from outside. */
export interface DirectoryDropDeps {
  clock: Clock;
  newPayloadId: () => string;
  /** Waits between polls; tests may pass a faster one. */
  sleep?: (ms: number) => Promise<void>;
}

/** Inbox files larger than this are not read (a 271 for one patient is a few kilobytes). */
const MAX_ANSWER_BYTES = 5 * 1024 * 1024;
/** Answers taken from the inbox are moved here, so no other inquiry reads them again. */
export const PROCESSED_DIR = 'processed';

const token = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');

/** The outbox file name: `270-<ISA13>-<ST02>-<PayloadID>.x12`, unique per exchange. */
export const outboxFileName = (inquiry: EligibilityInquiry, payloadId: string): string =>
  `270-${token(inquiry.interchangeControlNumber)}-${token(inquiry.transactionControlNumber ?? '0')}-${token(payloadId)}.x12`;

/**
 * Whether an inbox file answers the inquiry: a readable interchange with a 271 whose TRN*2
 * repeats our trace number, or (for clearinghouses that name answers after the request) whose
 * file name carries the 270's ISA13 as a token.
 */
export const answersInquiry = (text: string, fileName: string, inquiry: EligibilityInquiry): boolean => {
  const named = fileName.split(/[-_.]/).includes(inquiry.interchangeControlNumber);
  if (!named && !text.includes(inquiry.traceNumber)) return false;
  try {
    const answers = transactionsOf(readInterchange(text), '271');
    return answers.length > 0 && (named || answers.some((t) => t.segments.some((s) => s.id === 'TRN' && el(s, 1) === '2' && el(s, 2) === inquiry.traceNumber)));
  } catch {
    return false;
  }
};

const errnoOf = (e: unknown): string => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'I/O error';
};

/** Looks once through the inbox; claims (moves) and returns the first answer. `seen` skips unchanged non-answers. */
const pollInbox = async (inbox: string, inquiry: EligibilityInquiry, seen: Map<string, string>): Promise<string | null> => {
  const names = (await readdir(inbox, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  for (const name of names) {
    const path = join(inbox, name);
    const st = await stat(path).catch(() => null);
    const signature = st ? `${st.size}:${st.mtimeMs}` : '';
    if (!st || seen.get(name) === signature) continue;
    const text = st.size > MAX_ANSWER_BYTES ? null : await readFile(path, 'utf8').catch(() => null);
    if (text === null || !answersInquiry(text, name, inquiry)) {
      seen.set(name, signature);
      continue;
    }
    await mkdir(join(inbox, PROCESSED_DIR), { recursive: true });
    try {
      await rename(path, join(inbox, PROCESSED_DIR, name));
      return text;
    } catch {
      // Another waiting inquiry claimed it first (the rename is atomic): look on.
    }
  }
  return null;
};

/**
 * Batch through a directory drop: writes the 270 into the outbox (under a temporary name, then
 * renamed, so a picker never sees half a file) and polls the inbox for its 271 until
 * `timeoutMs`. On time-out the 270 is taken back from the outbox if still there. Never throws.
 * (SFTP drops are not built; mount them, or add a transport beside this one.)
 */
export const sendDirectoryDrop = async (inquiry: EligibilityInquiry, conn: BatchConnection, deps: DirectoryDropDeps): Promise<TransportOutcome> => {
  const payloadId = deps.newPayloadId();
  const sentAt = deps.clock.now();
  const base = { transport: 'directory' as const, payloadId, sentAt };
  const name = outboxFileName(inquiry, payloadId);
  const outboxPath = join(conn.outboxDir, name);
  try {
    if (!(await stat(conn.inboxDir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const part = join(conn.outboxDir, `.${name}.part`);
    await writeFile(part, inquiry.x12, { flag: 'wx' });
    await rename(part, outboxPath);
  } catch (e) {
    return { kind: 'failed', ...base, code: 'unreachable', reason: `could not drop the 270 into the outbox or find the inbox (${errnoOf(e)})`, retryable: true };
  }
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const polls = Math.max(1, Math.ceil(conn.timeoutMs / conn.pollIntervalMs));
  const seen = new Map<string, string>();
  try {
    for (let i = 0; i <= polls; i++) {
      const answer = await pollInbox(conn.inboxDir, inquiry, seen);
      if (answer !== null) return { kind: 'response', x12: answer, ...base, receivedAt: deps.clock.now() };
      if (i < polls) await sleep(conn.pollIntervalMs);
    }
  } catch (e) {
    return { kind: 'failed', ...base, code: 'unreachable', reason: `could not read the inbox directory (${errnoOf(e)})`, retryable: true };
  }
  await unlink(outboxPath).catch(() => undefined);
  return { kind: 'failed', ...base, code: 'timeout', reason: `no 271 in the inbox within ${conn.timeoutMs} ms`, retryable: true };
};
