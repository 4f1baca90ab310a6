import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePermission, type Action, type Principal } from '../../core/access/index.ts';
import { serviceTypesFor, type EligibilityCheck } from '../../core/eligibility/index.ts';
import { normalizeMemberId, type Coverage, type Patient } from '../../core/patients/index.ts';
import { DomainError, isDomainError, notFound } from '../../core/shared/index.ts';
import {
  coverageDraftFromFhir,
  coverageErrorAsFhir,
  coverageInputOf,
  freePriority,
  MAX_PRIORITY,
  pageOf,
  parseCoverageSearch,
  parseEligibilityRequestSearch,
  parseEligibilityResponseSearch,
  parsePrefer,
  searchsetBundle,
  toFhirCoverage,
  toFhirEligibilityRequest,
  toFhirEligibilityResponse,
  type CoverageDraft,
  type EligibilityCriteria,
  type Parsed,
} from '../../fhir/index.ts';
import type { Container } from '../container.ts';
import { ignoredOutcome, jsonBody, searchEntries, validId, type FhirRouteContext } from './fhir-http.ts';

// FHIR Coverage, CoverageEligibilityRequest and CoverageEligibilityResponse over the patients,
// coverages, reference and eligibility services. Every request checks the caller's permission
// first and reads through a service with the caller's principal, so access rules (restricted
// records included) and the audit trail are the domain API's.
//
// Stopgap: no service answers "whose coverage (or check) is this id?", so the store adapters the
// container builds for eligibility are built here too, for that lookup only (a coverage's patient,
// a check by id). The record is then read through the services, which check access and audit.

const isNotFound = (e: unknown): boolean => isDomainError(e) && e.code === 'not_found';

const refuse = (message: string, path: string, code: 'invalid' | 'required' | 'value' = 'invalid'): DomainError =>
  new DomainError('invalid', message, { issues: [{ path, message }], details: { fhirIssueCode: code } });

export const fhirCoverageRoutes = (f: FastifyInstance, c: Container, x: FhirRouteContext): void => {
  const { patients, coverages, reference, eligibility } = c.services;
  const subjects = c.repos.eligibilitySubjects;
  const prefer = (req: FastifyRequest) => parsePrefer(req.headers.prefer);
  const allow = (p: Principal, action: Action) => requirePermission(p, action, c.clock.now());

  /** The patient through the registry (patient.read, restricted records, audit), or null when there is none to see. */
  const patientOrNull = (p: Principal, id: string): Promise<Patient | null> => patients.get(p, id).catch((e: unknown) => (isNotFound(e) ? null : Promise.reject(e)));

  /** Payer names for Coverage.payor.display. */
  const payerNames = async (p: Principal) => {
    const all = await reference.listPayers(p);
    return (payerId: string) => all.find((y) => y.id === payerId);
  };

  // --- Coverage: read, search, create, update

  f.get<{ Params: { id: string } }>('/Coverage/:id', async (req, res) => {
    const id = validId('Coverage', req.params.id);
    const p = x.who(req);
    allow(p, 'patient.read');
    const owner = await subjects.coverage(id);
    const coverage = owner ? (await patientOrNull(p, owner.patientId))?.coverages.find((k) => k.id === id) : undefined;
    if (!coverage) throw notFound('Coverage', id);
    return x.sendResource(res, 200, toFhirCoverage(coverage, (await payerNames(p))(coverage.payerId)));
  });

  const searchCoverages = async (req: FastifyRequest) => {
    const parsed = parseCoverageSearch(searchEntries(req), prefer(req));
    const cr = parsed.criteria;
    const { count, offset } = parsed.page;
    const p = x.who(req);
    allow(p, 'patient.read');
    let found: Coverage[] = [];
    if (cr.possible && cr.patientId) found = (await patientOrNull(p, cr.patientId))?.coverages ?? [];
    else if (cr.possible && cr.memberId) found = (await patients.search(p, { memberId: cr.memberId, limit: offset + count + 1, offset: 0 })).flatMap((pt) => pt.coverages);
    const member = cr.memberId ? normalizeMemberId(cr.memberId) : undefined;
    const hits = found.filter((k) => (!member || normalizeMemberId(k.memberId) === member) && (!cr.payerId || k.payerId === cr.payerId));
    const { items, hasMore } = pageOf(hits.slice(offset), count);
    const payer = await payerNames(p);
    return searchsetBundle({ base: x.baseOf(req), type: 'Coverage', resources: items.map((k) => toFhirCoverage(k, payer(k.payerId))), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  };
  f.get('/Coverage', searchCoverages);
  f.post('/Coverage/_search', searchCoverages);

  /** The payer and a subscriber who is a patient must exist: otherwise 400 naming the element. */
  const checkReferences = async (p: Principal, draft: CoverageDraft): Promise<void> => {
    const payer = await reference.getPayer(p, draft.fields.payerId).catch((e: unknown) => (isNotFound(e) ? null : Promise.reject(e)));
    if (!payer) throw refuse(`Organization/${draft.fields.payerId} is not a payer`, draft.paths.payerId!, 'value');
    const sub = draft.fields.subscriberPatientId;
    if (sub && !(await patientOrNull(p, sub))) throw refuse(`Patient/${sub} was not found`, 'Coverage.subscriber', 'value');
  };

  /** Domain errors of a write re-pathed to the Coverage elements; an unknown beneficiary is bad input (400). */
  const asInput = (draft: CoverageDraft) => (e: unknown): Promise<never> => {
    if (isNotFound(e) && (e as DomainError).message.startsWith('Patient ')) return Promise.reject(refuse((e as DomainError).message, 'Coverage.beneficiary', 'value'));
    return Promise.reject(coverageErrorAsFhir(e, draft.paths));
  };

  f.post('/Coverage', async (req, res) => {
    const draft = coverageDraftFromFhir(jsonBody(req));
    const p = x.who(req);
    allow(p, 'patient.update');
    await checkReferences(p, draft);
    let priority = draft.priority;
    if (priority === undefined) {
      const patient = await patients.get(p, draft.patientId).catch(asInput(draft));
      priority = freePriority(patient.coverages) ?? undefined;
      if (priority === undefined) throw refuse(`Coverage.order is required: the patient already has coverages at priorities 1-${MAX_PRIORITY}`, 'Coverage.order', 'required');
    }
    const mapped = coverageInputOf(draft, priority);
    const patient = await coverages.add(p, draft.patientId, mapped.value).catch(asInput(draft));
    // The new coverage holds the priority it was placed at (the others moved down).
    const added =
      patient.coverages.find((k) => k.priority === mapped.value.priority && k.payerId === mapped.value.payerId && k.memberId === mapped.value.memberId) ??
      patient.coverages.find((k) => k.priority === mapped.value.priority);
    if (!added) throw new Error('The added coverage is not among the patient\'s coverages');
    void res.header('location', `${x.baseOf(req)}/Coverage/${added.id}`);
    return x.sendResource(res, 201, toFhirCoverage(added, (await payerNames(p))(added.payerId)), prefer(req).return, mapped.notes);
  });

  f.put<{ Params: { id: string } }>('/Coverage/:id', async (req, res) => {
    const id = validId('Coverage', req.params.id);
    const draft = coverageDraftFromFhir(jsonBody(req));
    if (draft.id !== id) throw refuse(`The resource id must be ${id}, the id in the URL`, 'Coverage.id', draft.id ? 'invalid' : 'required');
    const p = x.who(req);
    allow(p, 'patient.update');
    const owner = await subjects.coverage(id);
    const current = owner ? (await patientOrNull(p, owner.patientId))?.coverages.find((k) => k.id === id) : undefined;
    if (!current) throw notFound('Coverage', id);
    if (draft.patientId !== current.patientId) throw refuse(`A coverage cannot move to another patient; it belongs to Patient/${current.patientId}`, 'Coverage.beneficiary', 'value');
    await checkReferences(p, draft);
    const mapped = coverageInputOf(draft, draft.priority ?? current.priority);
    const patient = await coverages.update(p, current.patientId, id, mapped.value).catch(asInput(draft));
    const updated = patient.coverages.find((k) => k.id === id);
    if (!updated) throw notFound('Coverage', id);
    return x.sendResource(res, 200, toFhirCoverage(updated, (await payerNames(p))(updated.payerId)), prefer(req).return, mapped.notes);
  });

  // --- CoverageEligibilityRequest and CoverageEligibilityResponse: one pair per eligibility check

  /**
   * The checks of one patient the caller may see: eligibility.read (checked and audited by the
   * eligibility service) and the patient's record (restricted records stay hidden, as in the
   * registry). Null when there is no such patient to see.
   */
  const checksOf = async (p: Principal, patientId: string): Promise<EligibilityCheck[] | null> => {
    const list = await eligibility.history(p, patientId).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'not_found') return null;
      throw e;
    });
    return list && (await patientOrNull(p, patientId)) ? list : null;
  };

  /** One check by id (the request's and the response's id), through the same access as the patient's checks. */
  const checkById = async (p: Principal, id: string, type: string): Promise<EligibilityCheck> => {
    const check = await eligibility.get(p, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'not_found') throw notFound(type, id);
      throw e;
    });
    if (!(await checksOf(p, check.patientId))) throw notFound(type, id);
    return check;
  };

  /** What a request shows beyond the check: the visit's practitioner and the service types its type asks about. */
  const requestContext = async (list: EligibilityCheck[]) => {
    const types = new Map((await c.repos.scheduleSetup.listTypes()).map((t) => [t.id, t]));
    const visits = new Map(
      await Promise.all(
        [...new Set(list.filter((k) => k.source === 'electronic' && k.appointmentId).map((k) => k.appointmentId!))].map(async (a) => [a, await c.repos.appointments.get(a)] as const),
      ),
    );
    return (k: EligibilityCheck) => {
      const visit = k.appointmentId ? visits.get(k.appointmentId) : null;
      if (!visit) return {};
      return { providerId: visit.providerId, serviceTypes: serviceTypesFor(types.get(visit.typeId)?.expectedCodes ?? []) };
    };
  };

  /** The checks a search names: a patient's, or the one a `request` reference names (both: when they agree). */
  const searchChecks = async (p: Principal, cr: EligibilityCriteria): Promise<EligibilityCheck[]> => {
    allow(p, 'eligibility.read');
    if (!cr.possible) return [];
    if (cr.checkId) {
      const check = await eligibility.get(p, cr.checkId).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'not_found') return null;
        throw e;
      });
      if (!check || (cr.patientId && cr.patientId !== check.patientId)) return [];
      return (await checksOf(p, check.patientId)) ? [check] : [];
    }
    return (await checksOf(p, cr.patientId!)) ?? [];
  };

  const searchset = (req: FastifyRequest, type: string, parsed: Parsed<EligibilityCriteria>, list: EligibilityCheck[], map: (k: EligibilityCheck) => Parameters<typeof searchsetBundle>[0]['resources'][number]) => {
    const { items, hasMore } = pageOf(list.slice(parsed.page.offset), parsed.page.count);
    return searchsetBundle({ base: x.baseOf(req), type, resources: items.map(map), params: parsed.used, page: parsed.page, hasMore, outcome: ignoredOutcome(parsed) });
  };

  f.get<{ Params: { id: string } }>('/CoverageEligibilityRequest/:id', async (req, res) => {
    const check = await checkById(x.who(req), validId('CoverageEligibilityRequest', req.params.id), 'CoverageEligibilityRequest');
    return x.sendResource(res, 200, toFhirEligibilityRequest(check, (await requestContext([check]))(check)));
  });

  const searchRequests = async (req: FastifyRequest) => {
    const parsed = parseEligibilityRequestSearch(searchEntries(req), prefer(req));
    const list = await searchChecks(x.who(req), parsed.criteria);
    const context = await requestContext(list.slice(parsed.page.offset, parsed.page.offset + parsed.page.count));
    return searchset(req, 'CoverageEligibilityRequest', parsed, list, (k) => toFhirEligibilityRequest(k, context(k)));
  };
  f.get('/CoverageEligibilityRequest', searchRequests);
  f.post('/CoverageEligibilityRequest/_search', searchRequests);

  f.get<{ Params: { id: string } }>('/CoverageEligibilityResponse/:id', async (req, res) =>
    x.sendResource(res, 200, toFhirEligibilityResponse(await checkById(x.who(req), validId('CoverageEligibilityResponse', req.params.id), 'CoverageEligibilityResponse'))),
  );

  const searchResponses = async (req: FastifyRequest) => {
    const parsed = parseEligibilityResponseSearch(searchEntries(req), prefer(req));
    return searchset(req, 'CoverageEligibilityResponse', parsed, await searchChecks(x.who(req), parsed.criteria), toFhirEligibilityResponse);
  };
  f.get('/CoverageEligibilityResponse', searchResponses);
  f.post('/CoverageEligibilityResponse/_search', searchResponses);
};
