import { describe, expect, it } from 'vitest';
import { capabilityStatement } from './capability.ts';
import { payerToFhirOrganization, practiceToFhirOrganization } from './organization.mapping.ts';
import { toFhirPractitioner } from './practitioner.mapping.ts';

describe('Practitioner, Organization and CapabilityStatement mappings', () => {
  it('maps a provider with NPI, credentials and NUCC taxonomy', () => {
    expect(toFhirPractitioner({ id: 'pr1', npi: '1999000007', familyName: 'Alvarez', givenName: 'Maria', credentials: 'MD', taxonomyCode: '207Q00000X', specialty: 'Family Medicine', phone: null, email: null, locationIds: [], active: true })).toEqual({
      resourceType: 'Practitioner', id: 'pr1', active: true,
      identifier: [{ use: 'official', system: 'http://hl7.org/fhir/sid/us-npi', value: '1999000007' }],
      name: [{ use: 'official', family: 'Alvarez', given: ['Maria'], suffix: ['MD'] }],
      qualification: [{ code: { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X', display: 'Family Medicine' }], text: 'Family Medicine' } }],
    });
  });

  it('maps payers as type pay and the practice as type prov', () => {
    const payer = payerToFhirOrganization({ id: 'py1', name: 'Prairie Health', payerCode: 'PRH01', planTypes: ['PPO'], phone: '800-555-0100', address: null });
    expect(payer).toMatchObject({ type: [{ coding: [{ code: 'pay' }] }], identifier: [{ system: 'urn:medoffice:payer-code', value: 'PRH01' }], telecom: [{ system: 'phone', value: '800-555-0100', use: 'work' }] });
    expect(payer.address).toBeUndefined();
    const practice = practiceToFhirOrganization({ id: 'pc1', name: 'Valley', npi: '1999999901', taxId: null, address: { line1: '1 Main', city: 'Peoria', state: 'IL', postalCode: '61602', country: 'US' }, phone: null });
    expect(practice).toMatchObject({ type: [{ coding: [{ code: 'prov' }] }], identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1999999901' }], address: [{ use: 'work', line: ['1 Main'] }] });
  });

  it('lists exactly the supported resources, interactions and search parameters', () => {
    const cs = capabilityStatement({ date: '2025-01-01T00:00:00Z', version: '1.2.3' });
    expect(cs).toMatchObject({ fhirVersion: '4.0.1', format: ['json', 'application/fhir+json'], software: { version: '1.2.3' } });
    const summary = cs.rest[0]!.resource.map((r) => [r.type, r.interaction.map((i) => i.code), r.searchParam.map((p) => `${p.name}:${p.type}`)]);
    expect(summary).toEqual([
      ['Patient', ['read', 'search-type', 'create', 'update'], ['name:string', 'family:string', 'given:string', 'birthdate:date', 'identifier:token', 'phone:token']],
      ['Practitioner', ['read', 'search-type'], ['name:string', 'identifier:token']],
      ['Organization', ['read', 'search-type'], ['name:string', 'type:token']],
      ['Schedule', ['read', 'search-type'], ['actor:reference']],
      ['Slot', ['read', 'search-type'], ['schedule:reference', 'schedule.actor:reference', 'start:date', 'status:token', 'service-type:token']],
      ['Appointment', ['read', 'search-type', 'create', 'update'], ['date:date', 'patient:reference', 'practitioner:reference', 'status:token']],
      ['Coverage', ['read', 'search-type', 'create', 'update'], ['patient:reference', 'beneficiary:reference', 'payor:reference', 'identifier:token']],
      ['CoverageEligibilityRequest', ['read', 'search-type'], ['patient:reference']],
      ['CoverageEligibilityResponse', ['read', 'search-type'], ['patient:reference', 'request:reference']],
    ]);
    const definitions = cs.rest[0]!.resource.filter((r) => r.type.startsWith('Coverage')).flatMap((r) => r.searchParam.map((p) => p.definition));
    expect(definitions).toEqual([
      'http://hl7.org/fhir/SearchParameter/Coverage-patient', 'http://hl7.org/fhir/SearchParameter/Coverage-beneficiary', 'http://hl7.org/fhir/SearchParameter/Coverage-payor', 'http://hl7.org/fhir/SearchParameter/Coverage-identifier',
      'http://hl7.org/fhir/SearchParameter/CoverageEligibilityRequest-patient', 'http://hl7.org/fhir/SearchParameter/CoverageEligibilityResponse-patient', 'http://hl7.org/fhir/SearchParameter/CoverageEligibilityResponse-request',
    ]);
  });
});
