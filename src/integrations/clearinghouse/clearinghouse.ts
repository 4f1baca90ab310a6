import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/shared/index.ts';
import type { ClearinghouseGateway, EligibilityInquiry, GatewayLogEntry, GatewayOutcome, TransportOutcome } from './clearinghouse.gateway.ts';
import { sendCoreRealTime } from './core-soap.gateway.ts';
import { sendDirectoryDrop } from './directory-drop.gateway.ts';
import { createRetryClock, retryKey, type RetryClock } from './retry-clock.ts';

export interface ClearinghouseDeps {
  clock: Clock;
  /** Shared by every send of this gateway; defaults to a new in-memory clock on `clock`. */
  retryClock?: RetryClock;
  /** CORE PayloadIDs; defaults to random UUIDs. */
  newPayloadId?: () => string;
  /** For the real-time transport; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Between directory polls; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives one entry per inquiry: ids and outcome codes only. */
  log?: (entry: GatewayLogEntry) => void;
}

const unexpected = (inquiry: EligibilityInquiry, e: unknown): TransportOutcome => ({
  kind: 'failed',
  transport: inquiry.connection.mode === 'realtime' ? 'core_soap' : 'directory',
  code: 'server_error',
  reason: `the ${inquiry.connection.mode} transport failed unexpectedly (${e instanceof Error ? e.name : 'error'})`,
  retryable: true,
});

/**
 * The clearinghouse gateway: real-time CORE SOAP or a batch directory drop, chosen by each
 * inquiry's connection. An inquiry that failed is not sent again before its re-send time (CORE:
 * 90 s at least); asking sooner answers `too_soon` without sending.
 */
export const createClearinghouseGateway = (deps: ClearinghouseDeps): ClearinghouseGateway & { retryClock: RetryClock } => {
  const retryClock = deps.retryClock ?? createRetryClock(deps.clock);
  const newPayloadId = deps.newPayloadId ?? randomUUID;
  const transport = (inquiry: EligibilityInquiry): Promise<TransportOutcome> => {
    const c = inquiry.connection;
    return c.mode === 'realtime'
      ? sendCoreRealTime(inquiry, c, { clock: deps.clock, newPayloadId, ...(deps.fetch ? { fetch: deps.fetch } : {}) })
      : sendDirectoryDrop(inquiry, c, { clock: deps.clock, newPayloadId, ...(deps.sleep ? { sleep: deps.sleep } : {}) });
  };
  const send270 = async (inquiry: EligibilityInquiry): Promise<GatewayOutcome> => {
    const c = inquiry.connection;
    const key = retryKey(c.payerId, inquiry.traceNumber);
    const ids = { payerId: c.payerId, traceNumber: inquiry.traceNumber, interchangeControlNumber: inquiry.interchangeControlNumber };
    const notBefore = retryClock.notBefore(key);
    if (notBefore) {
      const t = c.mode === 'realtime' ? 'core_soap' : 'directory';
      deps.log?.({ event: 'too_soon', transport: t, ...ids, code: 'too_soon' });
      return { kind: 'failed', transport: t, code: 'too_soon', reason: `this inquiry failed less than ${Math.round(c.retryDelayMs / 1000)} s ago; it may be sent again from ${notBefore.toISOString()}`, retryAfter: notBefore };
    }
    const out = await transport(inquiry).catch((e: unknown) => unexpected(inquiry, e));
    if (out.kind === 'response') {
      retryClock.clear(key);
      deps.log?.({ event: 'answered', transport: out.transport, ...ids, payloadId: out.payloadId });
      return out;
    }
    const { retryable, ...rest } = out;
    const next = retryClock.failed(key, c.retryDelayMs);
    deps.log?.({ event: 'failed', transport: out.transport, ...ids, ...(out.payloadId ? { payloadId: out.payloadId } : {}), code: out.code });
    return { ...rest, retryAfter: retryable ? next : null };
  };
  return { send270, retryClock };
};
