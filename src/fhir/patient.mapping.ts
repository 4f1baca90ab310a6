import type { Guarantor, Patient } from '../core/patients/index.ts';
import { nonEmpty, phonesToTelecom, Systems, toFhirAddress } from './datatypes.ts';
import type { CodeableConcept, ContactPoint, FhirPatient, HumanName, Identifier } from './fhir-types.ts';

/** Extension on Patient.contact carrying the guarantor's own patient record (R4 contact has no reference). */
export const GUARANTOR_PATIENT_EXT = 'urn:medoffice:fhir:guarantor-patient';
/** http://hl7.org/fhir/R4/extension-patient-genderidentity.html */
const GENDER_IDENTITY_EXT = 'http://hl7.org/fhir/StructureDefinition/patient-genderIdentity';

/** The guarantor's relationship to the patient as v3 RoleCode (PatientContactRelationship is extensible). */
export const GUARANTOR_ROLE: Record<Guarantor['relationship'], { code: string; display: string } | null> = {
  self: { code: 'ONESELF', display: 'self' },
  parent: { code: 'PRN', display: 'parent' },
  spouse: { code: 'SPS', display: 'spouse' },
  guardian: { code: 'GUARD', display: 'guardian' },
  other: null,
};

const mrnIdentifier = (mrn: string): Identifier => ({
  use: 'usual',
  type: { coding: [{ system: Systems.identifierType, code: 'MR', display: 'Medical record number' }] },
  system: Systems.mrn,
  value: mrn,
});

// Only the masked form ever leaves the registry; unmasking is an audited domain operation.
const ssnIdentifier = (masked: string): Identifier => ({
  use: 'official',
  type: { coding: [{ system: Systems.identifierType, code: 'SS', display: 'Social Security number' }] },
  system: Systems.ssn,
  value: masked,
});

const names = (p: Patient): HumanName[] => {
  const given = [p.givenName, ...(p.middleName ?? '').split(/\s+/)].filter((g) => !!nonEmpty(g));
  const official: HumanName = {
    use: 'official',
    ...(nonEmpty(p.familyName) ? { family: p.familyName } : {}),
    ...(given.length ? { given } : {}),
    ...(nonEmpty(p.suffix) ? { suffix: [p.suffix!] } : {}),
  };
  return nonEmpty(p.preferredName) ? [official, { use: 'usual', given: [p.preferredName!] }] : [official];
};

const telecom = (p: Patient): ContactPoint[] => [...phonesToTelecom(p.phones), ...(nonEmpty(p.email) ? [{ system: 'email' as const, value: p.email! }] : [])];

/** The guarantor as a Patient.contact; omitted when it has no name, phone or address (invariant pat-1). */
const guarantorContact = (g: Guarantor | null): NonNullable<FhirPatient['contact']>[number] | undefined => {
  if (!g) return undefined;
  const address = toFhirAddress(g.address);
  if (!nonEmpty(g.name) && !nonEmpty(g.phone) && !address) return undefined;
  const role = GUARANTOR_ROLE[g.relationship];
  const relationship: CodeableConcept[] = [
    { coding: [{ system: Systems.roleClass, code: 'GUAR', display: 'guarantor' }] },
    role ? { coding: [{ system: Systems.roleCode, code: role.code, display: role.display }] } : { text: g.relationship },
  ];
  return {
    ...(g.patientId ? { extension: [{ url: GUARANTOR_PATIENT_EXT, valueReference: { reference: `Patient/${g.patientId}` } }] } : {}),
    relationship,
    ...(nonEmpty(g.name) ? { name: { text: g.name! } } : {}),
    ...(nonEmpty(g.phone) ? { telecom: [{ system: 'phone', value: g.phone! }] } : {}),
    ...(address ? { address } : {}),
  };
};

/** A registry patient as a FHIR R4 Patient (SSN masked, MRN as the MR identifier). */
export const toFhirPatient = (p: Patient): FhirPatient => {
  const tel = telecom(p);
  const address = toFhirAddress(p.address, 'home');
  const contact = guarantorContact(p.guarantor);
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: {
      versionId: String(p.version),
      lastUpdated: p.updatedAt,
      ...(p.restricted ? { security: [{ system: Systems.confidentiality, code: 'R', display: 'restricted' }] } : {}),
    },
    ...(nonEmpty(p.genderIdentity) ? { extension: [{ url: GENDER_IDENTITY_EXT, valueCodeableConcept: { text: p.genderIdentity! } }] } : {}),
    identifier: [mrnIdentifier(p.mrn), ...(p.ssnMasked ? [ssnIdentifier(p.ssnMasked)] : [])],
    active: p.status === 'active',
    name: names(p),
    ...(tel.length ? { telecom: tel } : {}),
    gender: p.sex,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(address ? { address: [address] } : {}),
    ...(contact ? { contact: [contact] } : {}),
    ...(nonEmpty(p.language) ? { communication: [{ language: { coding: [{ system: Systems.bcp47, code: p.language! }] }, preferred: true }] } : {}),
    ...(p.status === 'merged' && p.mergedInto ? { link: [{ other: { reference: `Patient/${p.mergedInto}` }, type: 'replaced-by' as const }] } : {}),
  };
};
