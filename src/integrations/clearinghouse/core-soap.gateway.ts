import type { Clock } from '../../core/shared/index.ts';
import type { EligibilityInquiry, FailureCode, TransportOutcome } from './clearinghouse.gateway.ts';
import { readRealTimeResponse } from './core-envelope-reader.ts';
import {
  CORE_RULE_VERSION, CORE_SUCCESS, coreTimeStamp, PAYLOAD_TYPE_270, PAYLOAD_TYPE_271, realTimeRequestXml, SOAP_CONTENT_TYPE, type SoapFault,
} from './core-envelope.ts';
import type { RealTimeConnection } from './payer-connection.ts';

/** What the real-time transport needs from outside. */
export interface CoreSoapDeps {
  clock: Clock;
  /** A new CORE PayloadID (a UUID) per message. */
  newPayloadId: () => string;
  /** Defaults to the global fetch (undici). */
  fetch?: typeof fetch;
}

/** Answers larger than this are refused (a 271 for one patient is a few kilobytes). */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

const CODE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
/** A code from the other side, fit for a reason (codes only; their free text is never repeated). */
const safeCode = (c: string | undefined): string => (c !== undefined && CODE.test(c) ? c : '(unreadable code)');

const AUTH_SUBCODES = new Set(['FailedAuthentication', 'InvalidSecurity', 'InvalidSecurityToken', 'UnsupportedSecurityToken', 'FailedCheck']);

type Failure = { code: FailureCode; reason: string; retryable: boolean };
type Interpretation = { ok: true; x12: string } | ({ ok: false } & Failure);

const failure = (code: FailureCode, reason: string, retryable: boolean): { ok: false } & Failure => ({ ok: false, code, reason, retryable });

const faultOutcome = (f: SoapFault): Interpretation => {
  const sub = f.subcode ? `/${safeCode(f.subcode)}` : '';
  const subLocal = f.subcode?.slice(f.subcode.indexOf(':') + 1);
  if (subLocal && AUTH_SUBCODES.has(subLocal)) return failure('unauthorized', `the clearinghouse refused the credentials (SOAP fault ${f.code}${sub})`, false);
  if (f.code === 'Sender') return failure('rejected', `the clearinghouse refused the request (SOAP fault Sender${sub})`, false);
  return failure('server_error', `the clearinghouse failed to process the request (SOAP fault Receiver${sub})`, true);
};

const errorCodeOutcome = (code: string): Interpretation => {
  if (code === 'UnAuthorized') return failure('unauthorized', 'the clearinghouse refused the credentials (CORE ErrorCode UnAuthorized)', false);
  if (/(Required|Illegal)$/.test(code) || code === 'VersionMismatch') return failure('rejected', `the clearinghouse refused the CORE envelope (ErrorCode ${safeCode(code)})`, false);
  return failure('server_error', `the clearinghouse answered CORE ErrorCode ${safeCode(code)}`, true);
};

/**
 * Reads an HTTP answer to a CORE real-time request: a SOAP fault, an envelope error or the 271.
 * Pure; `payloadId` is the request's, which the response must repeat.
 */
export const interpretRealTimeAnswer = (status: number, body: string, payloadId: string): Interpretation => {
  if (status >= 300 && status < 400) return failure('unreachable', `the endpoint answered HTTP ${status} (a redirect): configure its final URL`, false);
  const read = readRealTimeResponse(body);
  if (read.ok === 'fault') return faultOutcome(read.fault);
  if (!read.ok) {
    if (status === 401 || status === 403) return failure('unauthorized', `the endpoint refused the request with HTTP ${status}`, false);
    if (status >= 500 || status === 429) return failure('server_error', `the endpoint answered HTTP ${status} without a SOAP response`, true);
    if (status !== 200) return failure('rejected', `the endpoint answered HTTP ${status} without a SOAP response`, false);
    return failure('malformed', `the SOAP response is malformed: ${read.reason}`, true);
  }
  const r = read.response;
  if (r.payloadId !== payloadId) return failure('malformed', 'the SOAP response is malformed: PayloadID does not repeat the request\'s', true);
  if (r.errorCode !== CORE_SUCCESS) return errorCodeOutcome(r.errorCode);
  if (r.payloadType !== PAYLOAD_TYPE_271) {
    if (/_(999|TA1)_/.test(r.payloadType)) return failure('rejected', `the clearinghouse answered an X12 acknowledgment (PayloadType ${safeCode(r.payloadType)}) instead of a 271: the 270 was refused`, false);
    return failure('malformed', `the SOAP response is malformed: PayloadType must be ${PAYLOAD_TYPE_271}`, true);
  }
  if (!r.payload?.startsWith('ISA')) return failure('malformed', 'the SOAP response is malformed: Payload does not hold an X12 interchange', true);
  return { ok: true, x12: r.payload };
};

/** The body as text, or null when it exceeds `max` bytes (the rest is not read). */
const readBody = async (res: Response, max: number): Promise<string | null> => {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** The system error code of a failed fetch (ECONNREFUSED, ENOTFOUND, ...), never a message. */
const networkCode = (e: unknown): string => {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && /^[A-Z0-9_]{2,40}$/.test(cause.code) ? cause.code : 'network error';
};

/**
 * Sends one 270 in a CORE real-time SOAP request and waits for the 271 at most `timeoutMs`
 * (an AbortController ends the exchange, reading the body included). Never throws.
 */
export const sendCoreRealTime = async (inquiry: EligibilityInquiry, conn: RealTimeConnection, deps: CoreSoapDeps): Promise<TransportOutcome> => {
  const payloadId = deps.newPayloadId();
  const sentAt = deps.clock.now();
  const base = { transport: 'core_soap' as const, payloadId, sentAt };
  const fail = (f: Failure): TransportOutcome => ({ kind: 'failed', ...base, ...f });
  const xml = realTimeRequestXml(
    { payloadType: PAYLOAD_TYPE_270, processingMode: 'RealTime', payloadId, timeStamp: coreTimeStamp(sentAt), senderId: conn.senderId, receiverId: conn.receiverId, coreRuleVersion: CORE_RULE_VERSION, payload: inquiry.x12 },
    { username: conn.username, password: conn.password },
  );
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), conn.timeoutMs);
  try {
    const res = await (deps.fetch ?? fetch)(conn.endpointUrl, {
      method: 'POST', headers: { 'content-type': SOAP_CONTENT_TYPE, accept: 'application/soap+xml' }, body: xml, signal: abort.signal, redirect: 'manual',
    });
    const body = await readBody(res, MAX_RESPONSE_BYTES);
    if (body === null) return fail({ code: 'malformed', reason: `the response is larger than ${MAX_RESPONSE_BYTES} bytes`, retryable: true });
    const answer = interpretRealTimeAnswer(res.status, body, payloadId);
    if (answer.ok) return { kind: 'response', x12: answer.x12, ...base, receivedAt: deps.clock.now() };
    const { ok: _ok, ...why } = answer;
    return fail(why);
  } catch (e) {
    if (abort.signal.aborted) return fail({ code: 'timeout', reason: `no answer within ${conn.timeoutMs} ms (CORE expects one within 20 s)`, retryable: true });
    return fail({ code: 'unreachable', reason: `could not reach the CORE endpoint (${networkCode(e)})`, retryable: true });
  } finally {
    clearTimeout(timer);
  }
};
