import type { PayerConnection } from './payer-connection.ts';

/** One 270 to send and where to send it. */
export interface EligibilityInquiry {
  /** The complete 270 interchange (ISA..IEA). */
  x12: string;
  /** TRN02 of the 270: the 271 echoes it; also the key of the re-send clock. */
  traceNumber: string;
  /** ISA13 of the 270. */
  interchangeControlNumber: string;
  /** ST02 of the 270. */
  transactionControlNumber?: string;
  connection: PayerConnection;
}

export type Transport = 'core_soap' | 'directory';

/** The clearinghouse or payer answered; `x12` is its payload (normally a 271) as received. */
export interface GatewayResponse {
  kind: 'response';
  x12: string;
  transport: Transport;
  /** CORE PayloadID of the exchange (a UUID; also in the batch file name). */
  payloadId: string;
  sentAt: Date;
  receivedAt: Date;
}

/**
 * Why an inquiry got no answer. `timeout`: nothing within the time allowed; `unreachable`: no
 * connection or the directories are missing; `unauthorized`: credentials refused; `rejected`:
 * the envelope or the X12 was refused (fix before sending again); `malformed`: the answer could
 * not be read; `server_error`: the other side failed; `too_soon`: the same inquiry failed less
 * than the CORE minimum ago and was not sent.
 */
export type FailureCode = 'timeout' | 'unreachable' | 'unauthorized' | 'rejected' | 'malformed' | 'server_error' | 'too_soon';

/** No answer. `reason` names the step and the element, never patient data. */
export interface GatewayFailure {
  kind: 'failed';
  code: FailureCode;
  reason: string;
  /** The earliest time to try again (never sooner than 90 s after the failure); null when trying again will not help until the settings or the inquiry change. */
  retryAfter: Date | null;
  transport: Transport;
  payloadId?: string;
  sentAt?: Date;
}

export type GatewayOutcome = GatewayResponse | GatewayFailure;

/** Port: sends a 270 and returns the answer or why there is none; transport trouble is never thrown. */
export interface ClearinghouseGateway {
  send270(inquiry: EligibilityInquiry): Promise<GatewayOutcome>;
}

/** What a transport returns before the re-send clock turns `retryable` into a date. */
export type TransportOutcome = GatewayResponse | (Omit<GatewayFailure, 'retryAfter'> & { retryable: boolean });

/** A log line of the gateway: ids and outcomes only, never payloads or names. */
export interface GatewayLogEntry {
  event: 'answered' | 'failed' | 'too_soon';
  payerId: string;
  transport: Transport;
  traceNumber: string;
  interchangeControlNumber: string;
  payloadId?: string;
  code?: FailureCode;
}
