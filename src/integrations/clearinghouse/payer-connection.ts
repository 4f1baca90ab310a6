import { z } from 'zod';
import { invalid } from '../../core/shared/index.ts';

/** CORE: a real-time answer is expected within 20 seconds. */
export const CORE_RESPONSE_TIMEOUT_MS = 20_000;
/** CORE: a failed inquiry is not sent again sooner than 90 seconds. */
export const CORE_MIN_RETRY_MS = 90_000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const id = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(80, `${what} must be at most 80 characters`);
const dir = z.string({ error: 'is required' }).trim().min(1, 'is required');
const ms = (min: number, max: number, dflt: number) =>
  z.number({ error: 'must be a number of milliseconds' }).int('must be whole milliseconds').min(min, `must be at least ${min} ms`).max(max, `must be at most ${max} ms`).default(dflt);

const common = {
  /** Our name for the payer or clearinghouse (used in logs and the retry clock; not patient data). */
  payerId: id('the payer id'),
  /** How long after a failure the same inquiry may be sent again; CORE sets the floor at 90 s. */
  retryDelayMs: ms(CORE_MIN_RETRY_MS, 24 * 3_600_000, CORE_MIN_RETRY_MS),
};

const RealTimeSchema = z.strictObject({
  ...common,
  mode: z.literal('realtime'),
  /** The CORE real-time endpoint; HTTPS except on this machine (the payer simulator). */
  endpointUrl: z
    .string({ error: 'is required' })
    .refine((u) => URL.canParse(u) && ['https:', 'http:'].includes(new URL(u).protocol), 'must be an http(s) URL')
    .refine((u) => !URL.canParse(u) || new URL(u).protocol === 'https:' || LOOPBACK.has(new URL(u).hostname), 'must use https (plain http only to 127.0.0.1 or localhost)'),
  /** CORE SenderID and ReceiverID, as agreed with the clearinghouse. */
  senderId: id('the CORE SenderID'),
  receiverId: id('the CORE ReceiverID'),
  username: id('the username'),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(256, 'must be at most 256 characters'),
  timeoutMs: ms(1, 120_000, CORE_RESPONSE_TIMEOUT_MS),
});

const BatchSchema = z.strictObject({
  ...common,
  mode: z.literal('batch'),
  /** Where 270 files are written for the clearinghouse to pick up. */
  outboxDir: dir,
  /** Where the clearinghouse leaves 271 files. */
  inboxDir: dir,
  pollIntervalMs: ms(5, 60_000, 1_000),
  /** How long to wait for the 271 before the inquiry counts as failed. */
  timeoutMs: ms(1, 24 * 3_600_000, 300_000),
});

/** Per-payer connection settings: real-time CORE SOAP or a batch directory drop. */
export const PayerConnectionSchema = z.discriminatedUnion('mode', [RealTimeSchema, BatchSchema], { error: 'mode must be realtime or batch' });

export type PayerConnectionInput = z.input<typeof PayerConnectionSchema>;
export type PayerConnection = z.output<typeof PayerConnectionSchema>;
export type RealTimeConnection = Extract<PayerConnection, { mode: 'realtime' }>;
export type BatchConnection = Extract<PayerConnection, { mode: 'batch' }>;

/** Validates connection settings; a DomainError `invalid` lists each bad field by name, never its value. */
export const parsePayerConnection = (input: unknown): PayerConnection => {
  const r = PayerConnectionSchema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((i) =>
      i.code === 'unrecognized_keys' ? { path: i.keys.join(', '), message: 'is not a connection setting' } : { path: i.path.join('.') || 'mode', message: i.message },
    );
    throw invalid('The payer connection settings are invalid', issues);
  }
  return r.data;
};
