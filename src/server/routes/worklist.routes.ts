import { z } from 'zod';
import { Roles } from '../../core/access/index.ts';
import { SnoozeInputSchema, WorkItemStatuses, WorklistFiltersSchema, type MyDayFilters, type WorklistService } from '../../core/worklist/index.ts';
import { route, type RouteDef } from '../http/route.ts';

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** "My day" filters as a query string (no patient data in them, so a GET is fine). */
const MyDayQuery = z
  .strictObject({
    kind: z.string().trim().min(1).max(60).optional(),
    status: z.enum(WorkItemStatuses).optional(),
    mine: flag.optional(),
    team: z.enum(Roles).optional(),
  })
  .transform((q): MyDayFilters => ({ kind: q.kind, status: q.status ?? 'open', mine: q.mine ?? false, team: q.team }));

export const worklistRoutes = (worklist: WorklistService): RouteDef[] => [
  route({
    method: 'GET', url: '/api/worklist/my-day', tag: 'worklist', access: 'worklist.read', summary: 'My items and my team\'s unassigned ones, grouped by kind, by due time and priority, with counts',
    query: MyDayQuery,
    handler: ({ principal, query }) => worklist.myDay(principal, query),
  }),
  route({
    method: 'POST', url: '/api/worklist/search', tag: 'worklist', access: 'worklist.read', summary: 'All items by kind, status, owner (null: unassigned), team, patient or overdue; paged',
    body: WorklistFiltersSchema,
    handler: ({ principal, body }) => worklist.list(principal, body),
  }),
  route({
    method: 'GET', url: '/api/worklist/manager', tag: 'worklist', access: 'worklist.read', summary: 'Open items counted by owner (unassigned per team), by age and by kind',
    handler: ({ principal }) => worklist.managerView(principal),
  }),
  route({
    method: 'POST', url: '/api/worklist/refresh', tag: 'worklist', access: 'worklist.manage', summary: 'Runs every item generator now (idempotent); returns what each changed',
    handler: async ({ principal }) => ({ runs: await worklist.runGenerators(principal) }),
  }),
  route({
    method: 'GET', url: '/api/worklist/:id', tag: 'worklist', access: 'worklist.read', summary: 'One work item',
    params: Id,
    handler: ({ principal, params }) => worklist.get(principal, params.id),
  }),
  route({
    method: 'POST', url: '/api/worklist/:id/assign', tag: 'worklist', access: 'worklist.manage', summary: 'Give the item to a user, or back to its team (userId null)',
    params: Id, body: z.strictObject({ userId: z.string().min(1).max(64).nullable() }),
    handler: ({ principal, params, body }) => worklist.assign(principal, params.id, body.userId),
  }),
  route({
    method: 'POST', url: '/api/worklist/:id/snooze', tag: 'worklist', access: 'worklist.manage', summary: 'Hide the item until a time, with the reason',
    params: Id, body: SnoozeInputSchema,
    handler: ({ principal, params, body }) => worklist.snooze(principal, params.id, body),
  }),
  route({
    method: 'POST', url: '/api/worklist/:id/complete', tag: 'worklist', access: 'worklist.manage', summary: 'Mark the item done, with an optional note',
    params: Id, body: z.strictObject({ note: z.string().trim().max(500).nullish() }).default({}),
    handler: ({ principal, params, body }) => worklist.complete(principal, params.id, body.note),
  }),
  route({
    method: 'POST', url: '/api/worklist/:id/reopen', tag: 'worklist', access: 'worklist.manage', summary: 'Put a done or snoozed item back on the list',
    params: Id,
    handler: ({ principal, params }) => worklist.reopen(principal, params.id),
  }),
];
