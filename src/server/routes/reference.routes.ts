import { z } from 'zod';
import { PayerInputSchema, ProviderInputSchema, type ReferenceService } from '../../core/reference/index.ts';
import { reply, route, type RouteDef } from '../http/route.ts';

const Id = z.strictObject({ id: z.string().min(1).max(64) });

export const referenceRoutes = (ref: ReferenceService): RouteDef[] => [
  route({ method: 'GET', url: '/api/payers', tag: 'reference', access: 'reference.read', summary: 'Payers', handler: async ({ principal }) => ({ payers: await ref.listPayers(principal) }) }),
  route({ method: 'POST', url: '/api/payers', tag: 'reference', access: 'reference.manage', summary: 'Add a payer', body: PayerInputSchema, handler: async ({ principal, body }) => reply(201, await ref.createPayer(principal, body)) }),
  route({ method: 'GET', url: '/api/providers', tag: 'reference', access: 'reference.read', summary: 'Providers', handler: async ({ principal }) => ({ providers: await ref.listProviders(principal) }) }),
  route({ method: 'GET', url: '/api/providers/:id', tag: 'reference', access: 'reference.read', summary: 'A provider', params: Id, handler: ({ principal, params }) => ref.getProvider(principal, params.id) }),
  route({ method: 'POST', url: '/api/providers', tag: 'reference', access: 'reference.manage', summary: 'Add a provider (NPI check digit verified)', body: ProviderInputSchema, handler: async ({ principal, body }) => reply(201, await ref.createProvider(principal, body)) }),
  route({ method: 'GET', url: '/api/locations', tag: 'reference', access: 'reference.read', summary: 'Locations', handler: async ({ principal }) => ({ locations: await ref.listLocations(principal) }) }),
  route({ method: 'GET', url: '/api/practice', tag: 'reference', access: 'reference.read', summary: 'The practice', handler: async ({ principal }) => ({ practice: await ref.getPractice(principal) }) }),
];
