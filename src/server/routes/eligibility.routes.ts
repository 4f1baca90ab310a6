import { z } from 'zod';
import { FeeInputSchema, ManualVerificationSchema, type EligibilityService } from '../../core/eligibility/index.ts';
import { reply, route, type RouteDef } from '../http/route.ts';

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const SweepSchema = z.strictObject({ days: z.number().int().min(1).max(30).default(3), staleDays: z.number().int().min(0).max(365).default(7) });

/** Eligibility: check a visit now, a patient's history, the raw exchange, phone verifications, the sweep. */
export const eligibilityRoutes = (d: { eligibility: EligibilityService }): RouteDef[] => [
  route({
    method: 'POST', url: '/api/eligibility/appointments/:id/check', tag: 'eligibility', access: 'eligibility.check', summary: "Check the coverage of a visit now (270/271); a failure is a result of kind could_not_check with the reason",
    params: Id,
    handler: async ({ principal, params }) => reply(201, await d.eligibility.checkAppointment(principal, params.id)),
  }),
  route({
    method: 'GET', url: '/api/eligibility/patients/:id', tag: 'eligibility', access: 'eligibility.read', summary: "A patient's eligibility checks, newest first, each with its benefits in plain words",
    params: Id,
    handler: async ({ principal, params }) => ({ checks: await d.eligibility.history(principal, params.id) }),
  }),
  route({
    method: 'GET', url: '/api/eligibility/checks/:id/raw', tag: 'eligibility', access: 'eligibility.read', summary: 'The raw 270 and 271 of a check (audited)',
    params: Id,
    handler: ({ principal, params }) => d.eligibility.raw(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/eligibility/manual', tag: 'eligibility', access: 'eligibility.check', summary: 'Record a phone verification (who, reference number, what was said); it counts as verified',
    body: ManualVerificationSchema,
    handler: async ({ principal, body }) => reply(201, await d.eligibility.recordManual(principal, body)),
  }),
  route({
    method: 'POST', url: '/api/eligibility/sweep', tag: 'eligibility', access: 'eligibility.check', summary: 'Run the pre-visit sweep now: visits in the next `days` days whose coverage was not verified in `staleDays` days',
    body: SweepSchema,
    handler: ({ principal, body }) => d.eligibility.sweep(principal, body),
  }),
  route({
    method: 'GET', url: '/api/eligibility/appointments/:id/estimate', tag: 'eligibility', access: 'eligibility.read', summary: "The patient estimate of a visit: expected codes priced from the fee schedule with the latest benefits; what to collect at check-in",
    params: Id,
    handler: ({ principal, params }) => d.eligibility.estimate(principal, params.id),
  }),
  route({
    method: 'GET', url: '/api/fees', tag: 'eligibility', access: 'eligibility.read', summary: "The practice's fee schedule",
    handler: async ({ principal }) => ({ fees: await d.eligibility.listFees(principal) }),
  }),
  route({
    method: 'PUT', url: '/api/fees', tag: 'eligibility', access: 'reference.manage', summary: 'Set the fee of a procedure code',
    body: FeeInputSchema,
    handler: ({ principal, body }) => d.eligibility.setFee(principal, body),
  }),
  route({
    method: 'POST', url: '/api/eligibility/statuses', tag: 'eligibility', access: 'eligibility.read', summary: "The latest check of each visit's coverage (outcome, first sentence, when): the calendar's eligibility marks",
    body: z.strictObject({ appointmentIds: z.array(z.string().min(1).max(64)).min(1).max(2000) }),
    handler: async ({ principal, body }) => ({ statuses: await d.eligibility.statuses(principal, body.appointmentIds) }),
  }),
];
