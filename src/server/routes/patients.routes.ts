import { z } from 'zod';
import { CoverageInputSchema, PatientInputSchema, PatientUpdateSchema, type CoveragesService, type MergeService, type PatientsService } from '../../core/patients/index.ts';
import { idempotencyKeyOf } from '../http/register.ts';
import { reply, route, type RouteDef } from '../http/route.ts';

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const CoverageParams = z.strictObject({ id: z.string().min(1).max(64), coverageId: z.string().min(1).max(64) });

/** Search criteria travel in a POST body so that names and birth dates never appear in a URL. */
export const PatientSearchSchema = z
  .strictObject({
    q: z.string().trim().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    family: z.string().trim().min(1).max(60).optional(),
    given: z.string().trim().min(1).max(60).optional(),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD').optional(),
    phone: z.string().trim().min(7).max(30).optional(),
    mrn: z.string().trim().min(2).max(20).optional(),
    memberId: z.string().trim().min(2).max(40).optional(),
    fuzzy: z.boolean().default(true),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(1000).default(0),
  })
  .refine((s) => s.q || s.name || s.family || s.given || s.birthDate || s.phone || s.mrn || s.memberId, { message: 'give at least one search criterion', path: ['q'] });

export interface PatientRouteDeps {
  patients: PatientsService;
  coverages: CoveragesService;
  merges: MergeService;
  parseQuick: (q: string) => Record<string, unknown>;
}

export const patientRoutes = (d: PatientRouteDeps): RouteDef[] => [
  route({
    method: 'POST', url: '/api/patients/search', tag: 'patients', access: 'patient.search', summary: 'Search patients by name (prefix and typo-tolerant), birth date, phone, MRN or member id',
    body: PatientSearchSchema,
    handler: async ({ principal, body: { q, ...rest } }) => ({ patients: await d.patients.search(principal, { ...rest, ...(q ? d.parseQuick(q) : {}) }) }),
  }),
  route({
    method: 'GET', url: '/api/patients/:id', tag: 'patients', access: 'patient.read', summary: 'Read a patient (SSN masked)',
    params: Id,
    handler: ({ principal, params }) => d.patients.get(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/patients', tag: 'patients', access: 'patient.create', summary: 'Register a patient; 409 lists suspected duplicates unless acknowledged',
    body: PatientInputSchema, idempotent: true,
    handler: async ({ principal, body, req }) => {
      const r = await d.patients.create(principal, body, { idempotencyKey: idempotencyKeyOf(req) });
      return reply(r.replayed ? 200 : 201, r.patient, { location: `/api/patients/${r.patient.id}` });
    },
  }),
  route({
    method: 'POST', url: '/api/patients/duplicates', tag: 'patients', access: 'patient.search', summary: 'Suspected duplicates of a registration, before saving it',
    body: PatientInputSchema,
    handler: async ({ principal, body }) => ({ duplicates: await d.patients.duplicates(principal, body) }),
  }),
  route({
    method: 'PATCH', url: '/api/patients/:id', tag: 'patients', access: 'patient.update', summary: 'Update demographics (optimistic: send the version you read)',
    params: Id, body: PatientUpdateSchema,
    handler: ({ principal, params, body }) => d.patients.update(principal, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/patients/:id/ssn', tag: 'patients', access: 'patient.ssn.unmask', summary: 'Unmask the SSN, stating the reason (audited)',
    params: Id, body: z.strictObject({ reason: z.string().trim().min(4).max(200) }),
    handler: ({ principal, params, body }) => d.patients.unmaskSsn(principal, params.id, body.reason),
  }),
  route({
    method: 'GET', url: '/api/patients/:id/history', tag: 'patients', access: 'patient.read', summary: 'Version history of the record',
    params: Id,
    handler: async ({ principal, params }) => ({ history: await d.patients.history(principal, params.id) }),
  }),
  route({
    method: 'POST', url: '/api/patients/:id/coverages', tag: 'patients', access: 'patient.update', summary: 'Add an insurance coverage',
    params: Id, body: CoverageInputSchema,
    handler: async ({ principal, params, body }) => reply(201, await d.coverages.add(principal, params.id, body)),
  }),
  route({
    method: 'PUT', url: '/api/patients/:id/coverages/:coverageId', tag: 'patients', access: 'patient.update', summary: 'Change a coverage (priority reorders the others)',
    params: CoverageParams, body: CoverageInputSchema,
    handler: ({ principal, params, body }) => d.coverages.update(principal, params.id, params.coverageId, body),
  }),
  route({
    method: 'DELETE', url: '/api/patients/:id/coverages/:coverageId', tag: 'patients', access: 'patient.update', summary: 'Remove a coverage',
    params: CoverageParams,
    handler: ({ principal, params }) => d.coverages.remove(principal, params.id, params.coverageId),
  }),
  route({
    method: 'POST', url: '/api/patients/:id/merge', tag: 'patients', access: 'patient.merge', summary: 'Merge a duplicate into this patient (kept as history)',
    params: Id, body: z.strictObject({ duplicateId: z.string().min(1).max(64), reason: z.string().trim().min(4).max(200) }),
    handler: ({ principal, params, body }) => d.merges.merge(principal, params.id, body.duplicateId, body.reason),
  }),
  route({
    method: 'GET', url: '/api/duplicates', tag: 'patients', access: 'patient.search', summary: 'Open suspected-duplicate pairs',
    handler: async ({ principal }) => ({ suspects: await d.merges.suspects(principal) }),
  }),
  route({
    method: 'POST', url: '/api/duplicates/dismiss', tag: 'patients', access: 'patient.merge', summary: 'Dismiss a suspected-duplicate pair',
    body: z.strictObject({ patientId: z.string().min(1).max(64), candidateId: z.string().min(1).max(64) }),
    handler: async ({ principal, body }) => (await d.merges.dismiss(principal, [body.patientId, body.candidateId]), reply(204)),
  }),
];
