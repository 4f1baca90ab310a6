import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/access/index.ts';
import { normalizeName } from '../../core/patients/index.ts';
import { DomainError, isDomainError, notFound } from '../../core/shared/index.ts';
import {
  capabilityStatement,
  informationOutcome,
  operationOutcome,
  outcomeOf,
  pageOf,
  parseOrganizationSearch,
  parsePatientSearch,
  parsePractitionerSearch,
  parsePrefer,
  patientImportFromFhir,
  patientUpdateFromFhir,
  payerToFhirOrganization,
  practiceToFhirOrganization,
  searchsetBundle,
  toFhirPatient,
  toFhirPractitioner,
  type FhirOrganization,
  type IssueType,
  type OperationOutcome,
} from '../../fhir/index.ts';
import type { Container } from '../container.ts';
import { HTTP_STATUS, toHttpError } from '../http/errors.ts';
import { idempotencyKeyOf, principalOf, type Authenticator } from '../http/register.ts';
import { FhirHttpError, ignoredOutcome, jsonBody, queryEntries, validId, type FhirRouteContext, type SendableResource } from './fhir-http.ts';
import { fhirCoverageRoutes } from './coverage.fhir.ts';
import { fhirSchedulingRoutes } from './scheduling.fhir.ts';

/** Where the FHIR R4 endpoint lives. */
export const FHIR_BASE_PATH = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const RESOURCE_PATH = /^\/fhir\/R4\/(metadata|(Patient|Practitioner|Organization|Schedule|Slot|Appointment|Coverage|CoverageEligibilityRequest|CoverageEligibilityResponse)(\/_search|\/[^/?]+)?)(\?|$)/;

export interface FhirPluginOptions {
  /** Software version shown in the CapabilityStatement. */
  version?: string;
}

/** Any error as an OperationOutcome with its status: bad input is always 4xx, only our faults 500. */
const toFhirError = (e: unknown): { status: number; outcome: OperationOutcome; internal: boolean } => {
  if (e instanceof FhirHttpError) return { status: e.status, outcome: operationOutcome([{ severity: 'error', code: e.issueCode, diagnostics: e.message }]), internal: false };
  if (isDomainError(e)) return { status: HTTP_STATUS[e.code], outcome: outcomeOf(e), internal: false };
  // Fastify's own errors (malformed JSON, body too large, media type) via the API's one mapping.
  const h = toHttpError(e);
  const code: IssueType = h.status === 413 ? 'too-long' : h.status === 415 ? 'not-supported' : h.status === 404 ? 'not-found' : h.status >= 500 ? 'exception' : 'structure';
  return { status: h.status, outcome: operationOutcome([{ severity: 'error', code, diagnostics: h.body.error.message }]), internal: h.internal };
};

/** Registers the FHIR R4 API under /fhir/R4 in its own encapsulated context (parsers, errors, auth). */
export const fhirPlugin =
  (container: Container, auth: Authenticator, opts: FhirPluginOptions = {}) =>
  async (app: FastifyInstance): Promise<void> => {
    await app.register(async (f) => fhirRoutes(f, container, auth, opts), { prefix: FHIR_BASE_PATH });
  };

const fhirRoutes = async (f: FastifyInstance, c: Container, auth: Authenticator, opts: FhirPluginOptions): Promise<void> => {
  const { patients, reference } = c.services;
  const principals = new WeakMap<FastifyRequest, Principal>();
  const startedAt = c.clock.now().toISOString();
  const who = (req: FastifyRequest): Principal => {
    const p = principals.get(req);
    if (!p) throw new DomainError('unauthenticated', 'Authentication is required');
    return p;
  };
  const baseOf = (req: FastifyRequest): string => `${req.protocol}://${req.host}${FHIR_BASE_PATH}`;

  f.removeAllContentTypeParsers();
  f.addContentTypeParser(['application/fhir+json', 'application/json'], { parseAs: 'string' }, f.getDefaultJsonParser('error', 'error'));
  f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, new URLSearchParams(String(body))));

  // Authenticate before the body is read; only the CapabilityStatement is public.
  f.addHook('onRequest', async (req, res) => {
    void res.type(FHIR_JSON);
    if (req.method === 'GET' && req.routeOptions.url === `${FHIR_BASE_PATH}/metadata`) return;
    const p = await principalOf(req, auth);
    if (!p) throw new DomainError('unauthenticated', 'Authenticate with Authorization: Bearer <token> or a session');
    principals.set(req, p);
  });

  f.setErrorHandler((err, req, res) => {
    const { status, outcome, internal } = toFhirError(err);
    if (internal) req.log.error({ route: req.routeOptions.url, err: { type: (err as Error).name, stack: (err as Error).stack } }, 'FHIR request failed');
    if (status === 401) void res.header('www-authenticate', 'Bearer realm="medoffice"');
    const retry = isDomainError(err) ? err.details.retryAfterSeconds : undefined;
    if (status === 429 && typeof retry === 'number') void res.header('retry-after', String(retry));
    return res.status(status).type(FHIR_JSON).send(outcome);
  });

  f.setNotFoundHandler((req, res) => {
    const m = RESOURCE_PATH.exec(req.url);
    const known = m && (m[1] === 'metadata' || m[2]);
    const e = known
      ? new FhirHttpError(405, 'not-supported', `${req.method} is not supported here; see ${FHIR_BASE_PATH}/metadata`)
      : new FhirHttpError(404, 'not-supported', `No such FHIR endpoint; supported: Patient, Practitioner, Organization, Schedule, Slot, Appointment, Coverage, CoverageEligibilityRequest, CoverageEligibilityResponse (see ${FHIR_BASE_PATH}/metadata)`);
    const { status, outcome } = toFhirError(e);
    return res.status(status).type(FHIR_JSON).send(outcome);
  });

  /** Sends a resource with its version headers; Prefer return=minimal|OperationOutcome honoured on writes. */
  const sendResource = (res: FastifyReply, status: number, r: SendableResource, ret?: string, notes: Parameters<typeof informationOutcome>[1] = []) => {
    if (r.meta?.versionId) void res.header('etag', `W/"${r.meta.versionId}"`);
    if (r.meta?.lastUpdated) void res.header('last-modified', new Date(r.meta.lastUpdated).toUTCString());
    if (ret === 'minimal') return res.status(status).removeHeader('content-type').send();
    if (ret === 'OperationOutcome') return res.status(status).send(informationOutcome(`${r.resourceType} saved`, notes));
    return res.status(status).send(r);
  };

  f.get('/metadata', async () => capabilityStatement({ date: startedAt, version: opts.version }));

  // --- Schedule, Slot and Appointment (through the scheduling services: access and audit there)
  const ctx: FhirRouteContext = { who, baseOf, sendResource };
  fhirSchedulingRoutes(f, c, ctx);
  // --- Coverage, CoverageEligibilityRequest and CoverageEligibilityResponse (patients, coverages and eligibility services)
  fhirCoverageRoutes(f, c, ctx);

  // --- Patient: read, search, create, update (all through the patients service: access and audit there)
  f.get<{ Params: { id: string } }>('/Patient/:id', async (req, res) => sendResource(res, 200, toFhirPatient(await patients.get(who(req), validId('Patient', req.params.id)))));

  const searchPatients = async (req: FastifyRequest, entries: [string, string][]) => {
    const parsed = parsePatientSearch(entries, parsePrefer(req.headers.prefer));
    const { count, offset } = parsed.page;
    const { items, hasMore } = pageOf(await patients.search(who(req), { ...parsed.criteria, limit: count + 1, offset }), count);
    return searchsetBundle({ base: baseOf(req), type: 'Patient', resources: items.map(toFhirPatient), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  };
  f.get('/Patient', async (req) => searchPatients(req, queryEntries(req.url)));
  f.post('/Patient/_search', async (req) => {
    if (req.body !== undefined && !(req.body instanceof URLSearchParams)) throw new FhirHttpError(415, 'not-supported', 'Send search parameters as application/x-www-form-urlencoded');
    return searchPatients(req, [...queryEntries(req.url), ...(req.body instanceof URLSearchParams ? req.body.entries() : [])]);
  });

  f.post('/Patient', async (req, res) => {
    const mapped = patientImportFromFhir(jsonBody(req));
    const r = await patients.create(who(req), mapped.value, { idempotencyKey: idempotencyKeyOf(req), source: 'fhir' });
    void res.header('location', `${baseOf(req)}/Patient/${r.patient.id}/_history/${r.patient.version}`);
    return sendResource(res, r.replayed ? 200 : 201, toFhirPatient(r.patient), parsePrefer(req.headers.prefer).return, mapped.notes);
  });

  f.put<{ Params: { id: string } }>('/Patient/:id', async (req, res) => {
    const id = validId('Patient', req.params.id);
    const mapped = patientUpdateFromFhir(jsonBody(req), { id, ifMatch: req.headers['if-match'] });
    const p = await patients.update(who(req), id, mapped.value);
    return sendResource(res, 200, toFhirPatient(p), parsePrefer(req.headers.prefer).return, mapped.notes);
  });

  // --- Practitioner (providers) and Organization (payers and the practice): read and search
  f.get<{ Params: { id: string } }>('/Practitioner/:id', async (req, res) => sendResource(res, 200, toFhirPractitioner(await reference.getProvider(who(req), validId('Practitioner', req.params.id)))));

  f.get('/Practitioner', async (req) => {
    const parsed = parsePractitionerSearch(queryEntries(req.url), parsePrefer(req.headers.prefer));
    const { count, offset } = parsed.page;
    const { name, npi } = parsed.criteria;
    const rows = npi === null ? [] : await reference.listProviders(who(req), { ...(name ? { name } : {}), ...(npi ? { npi } : {}), limit: offset + count + 1 });
    const { items, hasMore } = pageOf(rows.slice(offset), count);
    return searchsetBundle({ base: baseOf(req), type: 'Practitioner', resources: items.map(toFhirPractitioner), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  });

  f.get<{ Params: { id: string } }>('/Organization/:id', async (req, res) => {
    const id = validId('Organization', req.params.id);
    const p = who(req);
    const payer = await reference.getPayer(p, id).catch((e: unknown) => (isDomainError(e) && e.code === 'not_found' ? null : Promise.reject(e)));
    if (payer) return sendResource(res, 200, payerToFhirOrganization(payer));
    const practice = await reference.getPractice(p);
    if (practice?.id !== id) throw notFound('Organization', id);
    return sendResource(res, 200, practiceToFhirOrganization(practice));
  });

  f.get('/Organization', async (req) => {
    const parsed = parseOrganizationSearch(queryEntries(req.url), parsePrefer(req.headers.prefer));
    const { count, offset } = parsed.page;
    const { name, type } = parsed.criteria;
    const p = who(req);
    const all: FhirOrganization[] = [];
    if (type !== null && type !== 'pay') {
      const practice = await reference.getPractice(p);
      if (practice) all.push(practiceToFhirOrganization(practice));
    }
    if (type !== null && type !== 'prov') all.push(...(await reference.listPayers(p)).sort((a, b) => a.name.localeCompare(b.name)).map(payerToFhirOrganization));
    const prefix = name ? normalizeName(name) : '';
    const { items, hasMore } = pageOf(all.filter((o) => normalizeName(o.name).startsWith(prefix)).slice(offset), count);
    return searchsetBundle({ base: baseOf(req), type: 'Organization', resources: items, params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  });
};
