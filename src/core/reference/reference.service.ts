import { requirePermission, type Principal } from '../access/index.ts';
import type { AuditLog } from '../audit/index.ts';
import { conflict, invalid, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { Location, Payer, PayerInput, Practice, Provider, ProviderInput, ReferenceRepo, TaxonomyCodes } from './reference.ts';

export interface ReferenceServiceDeps {
  reference: ReferenceRepo;
  taxonomy: TaxonomyCodes;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

/** Payers, providers, locations and the practice: reference data every capability reads. */
export const createReferenceService = (d: ReferenceServiceDeps) => {
  const read = (p: Principal): void => requirePermission(p, 'reference.read', d.clock.now());
  const manage = (p: Principal): void => requirePermission(p, 'reference.manage', d.clock.now());

  return {
    listPayers: async (p: Principal): Promise<Payer[]> => (read(p), d.reference.listPayers()),
    getPayer: async (p: Principal, id: string): Promise<Payer> => {
      read(p);
      return (await d.reference.getPayer(id)) ?? Promise.reject(notFound('Payer', id));
    },
    listProviders: async (p: Principal, q: { name?: string; npi?: string; limit?: number } = {}): Promise<Provider[]> => (read(p), d.reference.listProviders(q)),
    getProvider: async (p: Principal, id: string): Promise<Provider> => {
      read(p);
      return (await d.reference.getProvider(id)) ?? Promise.reject(notFound('Provider', id));
    },
    listLocations: async (p: Principal): Promise<Location[]> => (read(p), d.reference.listLocations()),
    getPractice: async (p: Principal): Promise<Practice | null> => (read(p), d.reference.getPractice()),

    createProvider: async (p: Principal, input: ProviderInput): Promise<Provider> => {
      manage(p);
      if (!d.taxonomy.name(input.taxonomyCode)) throw invalid(`Taxonomy code ${input.taxonomyCode} is not in the NUCC code set`, [{ path: 'taxonomyCode', message: 'not a NUCC taxonomy code' }]);
      const provider: Provider = {
        id: d.ids.newId(),
        npi: input.npi,
        familyName: input.familyName,
        givenName: input.givenName,
        credentials: input.credentials ?? null,
        taxonomyCode: input.taxonomyCode,
        specialty: input.specialty,
        phone: input.phone ?? null,
        email: input.email ?? null,
        locationIds: input.locationIds,
        active: true,
      };
      await d.uow.run(async () => {
        if ((await d.reference.listProviders({ npi: input.npi, limit: 1 })).length > 0) throw conflict(`a provider with NPI ${input.npi} exists`);
        await d.reference.insertProvider(provider);
        await d.audit.record(p, { action: 'provider.create', category: 'reference', outcome: 'success', patientId: null, detail: { providerId: provider.id } });
      });
      return provider;
    },

    createPayer: async (p: Principal, input: PayerInput): Promise<Payer> => {
      manage(p);
      const payer: Payer = { id: d.ids.newId(), name: input.name, payerCode: input.payerCode, planTypes: input.planTypes, phone: input.phone ?? null, address: input.address ?? null };
      await d.uow.run(async () => {
        if ((await d.reference.listPayers()).some((x) => x.payerCode === input.payerCode)) throw conflict(`a payer with code ${input.payerCode} exists`);
        await d.reference.insertPayer(payer);
        await d.audit.record(p, { action: 'payer.create', category: 'reference', outcome: 'success', patientId: null, detail: { payerId: payer.id } });
      });
      return payer;
    },
  };
};
export type ReferenceService = ReturnType<typeof createReferenceService>;
