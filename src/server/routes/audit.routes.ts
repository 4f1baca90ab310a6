import { z } from 'zod';
import { AuditSorts, type AuditService } from '../../core/audit/index.ts';
import { reply, route, type RouteDef } from '../http/route.ts';

const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'use YYYY-MM-DD or an ISO instant');

export const AuditQuerySchema = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  userId: z.string().max(64).optional(),
  username: z.string().max(40).optional(),
  patientId: z.string().max(64).optional(),
  action: z.string().max(60).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  breakGlass: z.boolean().optional(),
  sort: z.enum(AuditSorts).default('seq'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(10_000).default(100),
  offset: z.number().int().min(0).default(0),
});

// A bare date as `to` means the whole of that day.
const normalise = <T extends { to?: string }>(q: T): T => (q.to && q.to.length === 10 ? { ...q, to: `${q.to}T23:59:59.999Z` } : q);

const DisclosureSchema = z.strictObject({
  patientId: z.string().min(1).max(64),
  disclosedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
  recipient: z.string().trim().min(2).max(200),
  purpose: z.string().trim().min(2).max(200),
  description: z.string().trim().min(2).max(2000),
});

export const auditRoutes = (audit: AuditService): RouteDef[] => [
  route({
    method: 'POST', url: '/api/audit/search', tag: 'audit', access: 'audit.read', summary: 'Audit report by period, user, patient, action; sortable',
    body: AuditQuerySchema,
    handler: ({ principal, body }) => audit.report(principal, normalise(body)),
  }),
  route({
    method: 'POST', url: '/api/audit/export', tag: 'audit', access: 'audit.export', summary: 'The audit report as CSV',
    body: AuditQuerySchema,
    handler: async ({ principal, body }) =>
      reply(200, await audit.exportCsv(principal, normalise(body)), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit.csv"' }),
  }),
  route({
    method: 'POST', url: '/api/audit/verify', tag: 'audit', access: 'audit.verify', summary: 'Verify the hash chain and its outside anchor',
    handler: ({ principal }) => audit.verify(principal),
  }),
  route({
    method: 'POST', url: '/api/disclosures', tag: 'audit', access: 'disclosure.record', summary: 'Record a disclosure to an outside party',
    body: DisclosureSchema,
    handler: async ({ principal, body }) => reply(201, await audit.recordDisclosure(principal, body)),
  }),
  route({
    method: 'GET', url: '/api/patients/:id/disclosures', tag: 'audit', access: 'disclosure.read', summary: 'Accounting of disclosures for a patient',
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    handler: async ({ principal, params }) => ({ disclosures: await audit.accounting(principal, params.id) }),
  }),
];
