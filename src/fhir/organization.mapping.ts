import type { Payer, Practice } from '../core/reference/index.ts';
import { nonEmpty, Systems, toFhirAddress } from './datatypes.ts';
import type { CodeableConcept, FhirOrganization } from './fhir-types.ts';

const orgType = (code: 'pay' | 'prov', display: string): CodeableConcept[] => [{ coding: [{ system: Systems.organizationType, code, display }] }];

/** A payer as a FHIR R4 Organization of type `pay`, identified by its payer code. */
export const payerToFhirOrganization = (p: Payer): FhirOrganization => {
  const address = toFhirAddress(p.address);
  return {
    resourceType: 'Organization',
    id: p.id,
    identifier: [{ system: Systems.payerCode, value: p.payerCode }],
    active: true,
    type: orgType('pay', 'Payer'),
    name: p.name,
    ...(nonEmpty(p.phone) ? { telecom: [{ system: 'phone', value: p.phone!, use: 'work' }] } : {}),
    ...(address ? { address: [address] } : {}),
  };
};

/** The practice as a FHIR R4 Organization of type `prov`, identified by its NPI and tax id (EIN). */
export const practiceToFhirOrganization = (p: Practice): FhirOrganization => {
  const address = toFhirAddress(p.address, 'work');
  return {
    resourceType: 'Organization',
    id: p.id,
    identifier: [{ system: Systems.npi, value: p.npi }, ...(nonEmpty(p.taxId) ? [{ system: Systems.ein, value: p.taxId! }] : [])],
    active: true,
    type: orgType('prov', 'Healthcare Provider'),
    name: p.name,
    ...(nonEmpty(p.phone) ? { telecom: [{ system: 'phone', value: p.phone!, use: 'work' }] } : {}),
    ...(address ? { address: [address] } : {}),
  };
};
