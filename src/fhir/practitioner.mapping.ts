import type { Provider } from '../core/reference/index.ts';
import { nonEmpty, Systems } from './datatypes.ts';
import type { ContactPoint, FhirPractitioner } from './fhir-types.ts';

/** A provider as a FHIR R4 Practitioner: NPI identifier, name with credentials as suffix, NUCC taxonomy as qualification. */
export const toFhirPractitioner = (p: Provider): FhirPractitioner => {
  const telecom: ContactPoint[] = [
    ...(nonEmpty(p.phone) ? [{ system: 'phone' as const, value: p.phone!, use: 'work' as const }] : []),
    ...(nonEmpty(p.email) ? [{ system: 'email' as const, value: p.email!, use: 'work' as const }] : []),
  ];
  return {
    resourceType: 'Practitioner',
    id: p.id,
    identifier: [{ use: 'official', system: Systems.npi, value: p.npi }],
    active: p.active,
    name: [{ use: 'official', family: p.familyName, given: [p.givenName], ...(nonEmpty(p.credentials) ? { suffix: [p.credentials!] } : {}) }],
    ...(telecom.length ? { telecom } : {}),
    qualification: [{ code: { coding: [{ system: Systems.nuccTaxonomy, code: p.taxonomyCode, display: p.specialty }], text: p.specialty } }],
  };
};
