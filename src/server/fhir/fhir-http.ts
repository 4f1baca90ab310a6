import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/access/index.ts';
import { DomainError } from '../../core/shared/index.ts';
import { FHIR_ID, informationOutcome, operationOutcome, type IssueType, type OperationOutcome, type Parsed } from '../../fhir/index.ts';

// Helpers shared by the FHIR plugin and its route groups.

/** An HTTP-level refusal with no domain code (unsupported media type, method). */
export class FhirHttpError extends Error {
  constructor(
    readonly status: number,
    readonly issueCode: IssueType,
    message: string,
  ) {
    super(message);
  }
}

export const validId = (type: string, id: string): string => {
  if (!FHIR_ID.test(id)) throw new DomainError('invalid', `${type} ids are 1-64 letters, digits, - or .`, { issues: [{ path: `${type}.id`, message: 'not a valid FHIR id' }] });
  return id;
};

export const queryEntries = (url: string): [string, string][] => {
  const q = url.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(url.slice(q + 1)).entries()];
};

export const jsonBody = (req: FastifyRequest): unknown => {
  if (req.body === undefined || req.body instanceof URLSearchParams) throw new FhirHttpError(415, 'not-supported', 'Send the resource as application/fhir+json');
  return req.body;
};

/** The parameters of a GET search, or of a POST [type]/_search (query and form body). */
export const searchEntries = (req: FastifyRequest): [string, string][] => {
  if (req.method !== 'POST') return queryEntries(req.url);
  if (req.body !== undefined && !(req.body instanceof URLSearchParams)) throw new FhirHttpError(415, 'not-supported', 'Send search parameters as application/x-www-form-urlencoded');
  return [...queryEntries(req.url), ...(req.body instanceof URLSearchParams ? req.body.entries() : [])];
};

export const ignoredOutcome = (p: Parsed<unknown>): OperationOutcome | undefined =>
  p.ignored.length ? operationOutcome(p.ignored.map((name) => ({ severity: 'warning', code: 'not-supported', diagnostics: `Search parameter ${name} is not supported and was ignored`, expression: [name] }))) : undefined;

/** A resource as sent: its type, and its version when it has one. */
export interface SendableResource {
  resourceType: string;
  meta?: { versionId?: string; lastUpdated?: string };
}

/** What a route group needs from the plugin's request context. */
export interface FhirRouteContext {
  /** The authenticated principal of the request. */
  who(req: FastifyRequest): Principal;
  /** The service base URL, e.g. `https://host/fhir/R4`. */
  baseOf(req: FastifyRequest): string;
  /** Sends a resource with its version headers; Prefer return=minimal|OperationOutcome honoured on writes. */
  sendResource(res: FastifyReply, status: number, r: SendableResource, ret?: string, notes?: Parameters<typeof informationOutcome>[1]): FastifyReply;
}
