import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Ids } from '../../core/shared/index.ts';
import { build271, type ControlNumberSource, type Eligibility271Input } from '../../x12/index.ts';
import { systemClock } from '../ids.ts';
import { readRealTimeRequest } from './core-envelope-reader.ts';
import {
  CORE_RULE_VERSION, CORE_SUCCESS, coreTimeStamp, PAYLOAD_TYPE_270, PAYLOAD_TYPE_271, PAYLOAD_TYPE_ENVELOPE_ERROR, realTimeResponseXml, soapFaultXml,
  type CoreRealTimeRequest, type SoapFault,
} from './core-envelope.ts';
import { read270, type Inquiry270 } from './inquiry-270-reader.ts';
import { asMember, planAnswer, planFor, type MemberPlan, type PlanKind } from './payer-sim-plans.ts';

export const PAYER_SIM_USERNAME = 'medoffice';
export const PAYER_SIM_PASSWORD = 'payer-sim';
/** The simulator's CORE id: the ReceiverID requests must name, the SenderID and ISA06 of its answers. */
export const PAYER_SIM_CORE_ID = 'PAYERSIM';
export const PAYER_SIM_PATH = '/core';
/** The default answer delay of the time-out plan: longer than CORE's 20 s. */
export const PAYER_SIM_TIMEOUT_DELAY_MS = 25_000;
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface PayerSimulatorOptions {
  /** Default 127.0.0.1; the simulator is for this machine. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  username?: string;
  password?: string;
  /** Named in answers when the 270 names no payer. */
  payer?: { name: string; id: string };
  /** How long the `TO` plan waits before answering, or `never`. */
  timeoutDelayMs?: number | 'never';
  /** Custom members (from `--plans FILE`), before the member-id prefixes. */
  members?: readonly MemberPlan[];
  clock?: Clock;
  /** CORE PayloadIDs of envelope errors to requests that sent none. */
  ids?: Ids;
  /** One event per request: the plan answered or why none was (no patient data). */
  onRequest?: (event: { outcome: PlanKind | 'rejected_270' | 'envelope_error' | 'fault' | 'unauthorized'; payloadId?: string; traceNumber?: string }) => void;
}

export interface PayerSimulator {
  /** `http://127.0.0.1:PORT/core`. */
  url: string;
  /** How many POSTs reached the endpoint. */
  requests(): number;
  /** Stops listening, ends open exchanges (time-outs included) and closes every connection. */
  close(): Promise<void>;
}

const isaId = (v: string | undefined): string => (v ?? '').replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 15).trim() || 'UNKNOWN';
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** A counter from 1 for the simulator's own control numbers (it keeps no state across runs). */
const counter = (): ControlNumberSource => {
  let n = 0;
  return { next: async () => (n = (n % 999_999_999) + 1) };
};

/** The 271 to answer a readable 270 with: the parties echoed, then the inquiry's problems or the member's plan. */
const answerInput = (inq: Inquiry270, plan: Omit<MemberPlan, 'memberId'>, at: Date, payer: { name: string; id: string }, traceNo: number): Eligibility271Input => {
  const p = inq.provider;
  const provider = { ...(p.npi && /^\d{10}$/.test(p.npi) ? { npi: p.npi } : {}), ...(p.organizationName || !p.lastName ? { organizationName: p.organizationName ?? 'UNKNOWN PROVIDER' } : { lastName: p.lastName, ...(p.firstName ? { firstName: p.firstName } : {}) }) };
  const year = Number((inq.dateOfService ?? at.toISOString()).slice(0, 4));
  const sent = asMember(inq.dependent ?? inq.subscriber);
  const answer = inq.problems.length ? { patient: sent, rejections: inq.problems } : planAnswer(plan, sent, year);
  const { patient, ...rest } = answer;
  return {
    payer: { name: inq.payer.name ?? payer.name, id: inq.payer.id ?? payer.id },
    provider,
    subscriber: inq.dependent ? asMember(inq.subscriber) : patient,
    ...(inq.dependent ? { dependent: patient } : {}),
    ...(inq.trace ? { inquiryTrace: inq.trace } : {}),
    payerTrace: { number: `SIM-${traceNo}`, originatorId: '9PAYERSIM0' },
    ...(inq.referenceId ? { referenceId: inq.referenceId } : {}),
    createdAt: at,
    ...rest,
    envelope: { senderId: PAYER_SIM_CORE_ID, receiverId: isaId(inq.senderId), receiverQualifier: /^[A-Z0-9]{2}$/.test(inq.senderQualifier) ? inq.senderQualifier : 'ZZ', usage: inq.usage },
  };
};

/** Reads a request body up to `max` bytes; null when it is larger. */
const readBody = (req: IncomingMessage, max: number): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(null);
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * Starts the payer simulator: a CORE real-time SOAP endpoint (rule 2.2.0) on this machine that
 * answers 270s with 271s from its plans (see MEMBER_ID_PREFIXES), checks the UsernameToken,
 * answers SOAP faults for a malformed envelope and AAA in the 271 for a bad 270.
 */
export const createPayerSimulator = async (opts: PayerSimulatorOptions = {}): Promise<PayerSimulator> => {
  const clock = opts.clock ?? systemClock;
  const username = opts.username ?? PAYER_SIM_USERNAME;
  const password = opts.password ?? PAYER_SIM_PASSWORD;
  const payer = opts.payer ?? { name: 'SUNRISE HEALTH PLAN', id: 'SUNRISE01' };
  const delayMs = opts.timeoutDelayMs ?? PAYER_SIM_TIMEOUT_DELAY_MS;
  const members = new Map((opts.members ?? []).map((m) => [m.memberId.toUpperCase(), m]));
  const numbers = counter();
  const waiting = new Set<() => void>();
  let requests = 0;
  let traces = 0;

  const send = (res: ServerResponse, status: number, xml: string): void => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8', 'cache-control': 'no-store' });
    res.end(xml);
  };
  // SOAP 1.2 HTTP binding: Sender faults are HTTP 400, Receiver faults 500.
  const fault = (res: ServerResponse, f: SoapFault, status = f.code === 'Sender' ? 400 : 500): void => send(res, status, soapFaultXml(f));
  const coreAnswer = (res: ServerResponse, r: Pick<CoreRealTimeRequest, 'payloadId' | 'senderId'>, fields: { payloadType: string; errorCode: string; errorMessage: string; payload?: string }): void =>
    send(res, 200, realTimeResponseXml({ processingMode: 'RealTime', payloadId: r.payloadId, timeStamp: coreTimeStamp(clock.now()), senderId: PAYER_SIM_CORE_ID, receiverId: r.senderId, coreRuleVersion: CORE_RULE_VERSION, ...fields }));
  const envelopeError = (res: ServerResponse, r: Pick<CoreRealTimeRequest, 'payloadId' | 'senderId'>, errorCode: string, errorMessage: string): void => {
    opts.onRequest?.({ outcome: 'envelope_error', payloadId: r.payloadId });
    coreAnswer(res, r, { payloadType: PAYLOAD_TYPE_ENVELOPE_ERROR, errorCode, errorMessage });
  };

  /** Waits `ms` (or until close); false when the client left or the simulator closed first. */
  const hold = (ms: number | 'never', res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      const done = (answer: boolean) => () => {
        clearTimeout(timer);
        waiting.delete(stop);
        resolve(answer);
      };
      const stop = done(false);
      const timer = ms === 'never' ? undefined : setTimeout(done(true), ms);
      waiting.add(stop);
      res.once('close', stop);
    });

  const answer = async (res: ServerResponse, r: CoreRealTimeRequest): Promise<void> => {
    if (r.coreRuleVersion !== CORE_RULE_VERSION) return envelopeError(res, r, 'VersionMismatch', `CORERuleVersion must be ${CORE_RULE_VERSION}`);
    if (r.payloadType !== PAYLOAD_TYPE_270) return envelopeError(res, r, 'PayloadTypeIllegal', `PayloadType must be ${PAYLOAD_TYPE_270}`);
    if (r.receiverId !== PAYER_SIM_CORE_ID) return envelopeError(res, r, 'ReceiverIDIllegal', `ReceiverID must be ${PAYER_SIM_CORE_ID}`);
    const inq = read270(r.payload);
    if (!inq) return envelopeError(res, r, 'PayloadIllegal', 'Payload is not a readable X12 270 interchange');
    const plan = planFor(inq.subscriber.memberId, members);
    opts.onRequest?.({ outcome: inq.problems.length ? 'rejected_270' : plan.plan, payloadId: r.payloadId, ...(inq.trace ? { traceNumber: inq.trace.number } : {}) });
    if (!inq.problems.length && plan.plan === 'timeout' && !(await hold(delayMs, res))) return;
    const built = await build271(answerInput(inq, plan, clock.now(), payer, ++traces), numbers);
    coreAnswer(res, r, { payloadType: PAYLOAD_TYPE_271, errorCode: CORE_SUCCESS, errorMessage: 'None', payload: built.text });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if ((req.url ?? '').split('?')[0] !== PAYER_SIM_PATH) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the CORE endpoint is /core\n');
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('POST a CORE SOAP envelope\n');
    requests++;
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (body === null) return fault(res, { code: 'Sender', reason: `the request is larger than ${MAX_REQUEST_BYTES} bytes` }, 413);
    if (!/^application\/soap\+xml\b/i.test(req.headers['content-type'] ?? '')) return fault(res, { code: 'Sender', reason: 'the content type must be application/soap+xml (SOAP 1.2)' }, 415);
    const read = readRealTimeRequest(body);
    if (read.kind === 'fault') {
      opts.onRequest?.({ outcome: 'fault' });
      return fault(res, read.fault);
    }
    // Both compared, in constant time, so the answer does not tell which one was wrong.
    const userOk = sameSecret(read.token.username, username);
    const passwordOk = sameSecret(read.token.password, password);
    if (!userOk || !passwordOk) {
      opts.onRequest?.({ outcome: 'unauthorized' });
      return fault(res, { code: 'Sender', subcode: 'wsse:FailedAuthentication', reason: 'the UsernameToken was not accepted' });
    }
    if (read.kind === 'envelope_error') {
      const ids = { payloadId: read.fields['PayloadID']?.trim() || (opts.ids?.newId() ?? randomUUID()), senderId: read.fields['SenderID']?.trim() || 'UNKNOWN' };
      return envelopeError(res, ids, read.errorCode, read.errorMessage);
    }
    await answer(res, read.request);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => (res.headersSent ? res.destroy() : fault(res, { code: 'Receiver', reason: 'the payer simulator failed to answer' })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}${PAYER_SIM_PATH}`,
    requests: () => requests,
    close: async () => {
      for (const stop of [...waiting]) stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

