import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Patient } from '../core/patients/index.ts';
import { DomainError } from '../core/shared/index.ts';
import { patientImportFromFhir, patientUpdateFromFhir, versionOf } from './patient-input.mapping.ts';
import { GUARANTOR_PATIENT_EXT, toFhirPatient } from './patient.mapping.ts';

const patient = (over: Partial<Patient> = {}): Patient => ({
  id: 'p1', mrn: 'M0000042', status: 'active', mergedInto: null, restricted: false,
  familyName: 'Testwell', givenName: 'Janet', middleName: 'Q Ann', suffix: 'Jr', preferredName: 'Jan',
  birthDate: '1980-02-29', sex: 'female', genderIdentity: null,
  address: { line1: '1 Elm St', line2: 'Apt 2', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
  phones: [{ use: 'mobile', number: '555-201-3344' }, { use: 'home', number: '555-201-0000' }],
  email: 'jt@example.org', language: 'es-US',
  contactPreferences: { channel: 'sms', allowSms: true, allowEmail: true, allowVoicemail: true },
  ssnMasked: '***-**-6789',
  guarantor: { relationship: 'parent', name: 'Mary Testwell', patientId: 'p0', phone: '555-201-9999', address: null },
  referringPhysician: null, chronicConditions: [], allergies: [], careTeam: [], coverages: [],
  version: 3, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-02-01T10:00:00.000Z',
  ...over,
});

const errorOf = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('toFhirPatient', () => {
  it('maps identity, names, telecom, address, language and the guarantor; the SSN only masked', () => {
    const r = toFhirPatient(patient());
    expect(r.meta).toEqual({ versionId: '3', lastUpdated: '2024-02-01T10:00:00.000Z' });
    expect(r.identifier).toEqual([
      expect.objectContaining({ system: 'urn:medoffice:mrn', value: 'M0000042', type: { coding: [expect.objectContaining({ code: 'MR' })] } }),
      expect.objectContaining({ system: 'http://hl7.org/fhir/sid/us-ssn', value: '***-**-6789' }),
    ]);
    expect(r.name).toEqual([{ use: 'official', family: 'Testwell', given: ['Janet', 'Q', 'Ann'], suffix: ['Jr'] }, { use: 'usual', given: ['Jan'] }]);
    expect(r.telecom).toEqual([
      { system: 'phone', value: '555-201-3344', use: 'mobile', rank: 1 },
      { system: 'phone', value: '555-201-0000', use: 'home', rank: 2 },
      { system: 'email', value: 'jt@example.org' },
    ]);
    expect(r.address).toEqual([{ use: 'home', line: ['1 Elm St', 'Apt 2'], city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }]);
    expect(r.communication).toEqual([{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es-US' }] }, preferred: true }]);
    expect(r.contact?.[0]).toMatchObject({
      extension: [{ url: GUARANTOR_PATIENT_EXT, valueReference: { reference: 'Patient/p0' } }],
      relationship: [{ coding: [{ code: 'GUAR' }] }, { coding: [{ code: 'PRN' }] }],
      name: { text: 'Mary Testwell' },
    });
    expect(r.active).toBe(true);
    expect(r.link).toBeUndefined();
  });

  it.each([
    ['merged record', { status: 'merged' as const, mergedInto: 'p9' }, (r: ReturnType<typeof toFhirPatient>) => expect([r.active, r.link]).toEqual([false, [{ other: { reference: 'Patient/p9' }, type: 'replaced-by' }]])],
    ['imported record with no family name or birth date', { familyName: '', birthDate: null, middleName: null, preferredName: null, suffix: null }, (r: ReturnType<typeof toFhirPatient>) => expect([r.name, r.birthDate]).toEqual([[{ use: 'official', given: ['Janet'] }], undefined])],
    ['no SSN, no contact details', { ssnMasked: null, phones: [], email: null, address: { line1: '', city: '', state: '', postalCode: '', country: 'US' }, guarantor: null }, (r: ReturnType<typeof toFhirPatient>) => expect([r.identifier?.length, r.telecom, r.address, r.contact]).toEqual([1, undefined, undefined, undefined])],
    ['restricted record', { restricted: true }, (r: ReturnType<typeof toFhirPatient>) => expect(r.meta.security?.[0]?.code).toBe('R')],
    ['self guarantor without details (invariant pat-1)', { guarantor: { relationship: 'self' as const, name: null, patientId: null, phone: null, address: null } }, (r: ReturnType<typeof toFhirPatient>) => expect(r.contact).toBeUndefined()],
  ])('%s', (_name, over, check) => check(toFhirPatient(patient(over))));
});

describe('patientImportFromFhir', () => {
  const examplesDir = path.resolve(import.meta.dirname, '../../../shared/data/fhir/examples');
  it.each(readdirSync(examplesDir).filter((f) => /^patient-example.*\.json$/.test(f)))('accepts the official %s', (file) => {
    const { value } = patientImportFromFhir(JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')));
    expect(value.familyName || value.givenName).toBeTruthy();
    expect(value.acknowledgeDuplicates).toBe(true);
  });

  it('reads names (official, then usual as preferred), telecom, address, language, SSN and guarantor', () => {
    const { value, notes } = patientImportFromFhir({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:oid:1.2.3', value: 'X1' }, { system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' }],
      name: [{ use: 'maiden', family: 'Old' }, { use: 'usual', given: ['Jo'] }, { use: 'official', family: 'Smith', given: ['Joanna', 'Lee'], suffix: ['III'] }],
      telecom: [{ system: 'phone', value: '555-111-2222', use: 'old' }, { system: 'phone', value: '555-333-4444', use: 'home', rank: 2 }, { system: 'sms', value: '555-555-6666', rank: 1 }, { system: 'email', value: 'jo@example.org' }],
      gender: 'female', birthDate: '1990-05-06',
      address: [{ use: 'old', line: ['9 Gone Rd'] }, { use: 'home', line: ['1 Main St', 'Unit 4'], city: 'Peoria', state: 'il', postalCode: '61602', country: 'USA' }],
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es-us' }] } }],
      contact: [{ relationship: [{ coding: [{ code: 'C' }] }], name: { family: 'Emergency' } }, { relationship: [{ coding: [{ code: 'GUAR' }] }, { coding: [{ code: 'SPS' }] }], name: { given: ['Sam'], family: 'Smith' }, telecom: [{ system: 'phone', value: '555-999-0000' }] }],
    });
    expect(notes).toEqual([]);
    expect(value).toMatchObject({
      familyName: 'Smith', givenName: 'Joanna', middleName: 'Lee', suffix: 'III', preferredName: 'Jo', sex: 'female', birthDate: '1990-05-06',
      phones: [{ use: 'mobile', number: '555-555-6666' }, { use: 'home', number: '555-333-4444' }], email: 'jo@example.org',
      address: { line1: '1 Main St', line2: 'Unit 4', city: 'Peoria', state: 'IL', postalCode: '61602', country: 'US' },
      language: 'es-US', ssn: '123-45-6789',
      guarantor: { relationship: 'spouse', name: 'Sam Smith', phone: '555-999-0000', patientId: null },
    });
  });

  it.each([
    ['family only', { name: [{ family: 'MINT_TEST' }] }, { familyName: 'MINT_TEST', givenName: '' }],
    ['given only (usual name)', { name: [{ use: 'usual', given: ['Kenzi'] }] }, { familyName: '', givenName: 'Kenzi', preferredName: null }],
    ['text only', { name: [{ text: 'Ada Lovelace' }] }, { familyName: 'Lovelace', givenName: 'Ada' }],
    ['no birth date, no gender', { name: [{ family: 'X' }] }, { birthDate: null, sex: 'unknown' }],
  ])('fills the registry rule: %s', (_n, body, expected) => {
    expect(patientImportFromFhir({ resourceType: 'Patient', ...body }).value).toMatchObject(expected);
  });

  it.each([
    ['partial birth date', { birthDate: '1974' }, 'Patient.birthDate', { birthDate: null }],
    ['non-US phone', { telecom: [{ system: 'phone', value: '5555 6473' }] }, 'Patient.telecom[0]', { phones: [] }],
    ['non-US state and postcode', { address: [{ line: ['1 St'], state: 'Vic', postalCode: '3999' }] }, 'Patient.address[0].state', { address: expect.objectContaining({ line1: '1 St', state: '', postalCode: '' }) }],
    ['masked SSN', { identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '***-**-1234' }] }, 'Patient.identifier[0]', { ssn: undefined }],
    ['bad email', { telecom: [{ system: 'email', value: 'not-an-email' }] }, 'Patient.telecom[0]', { email: null }],
    ['unknown language', { communication: [{ language: { text: 'Klingon' } }] }, 'Patient.communication[0].language', { language: null }],
  ])('skips and notes what the registry cannot hold: %s', (_n, body, notePath, expected) => {
    const { value, notes } = patientImportFromFhir({ resourceType: 'Patient', name: [{ family: 'N' }], ...body });
    expect(notes.map((n) => n.path)).toContain(notePath);
    expect(value).toMatchObject(expected);
  });

  it.each([
    ['not an object', [], 'Patient'],
    ['wrong resource type', { resourceType: 'Observation' }, 'Patient.resourceType'],
    ['birthDate a number', { resourceType: 'Patient', birthDate: 12 }, 'Patient.birthDate'],
    ['given a string', { resourceType: 'Patient', name: [{ given: 'Jo' }] }, 'Patient.name[0].given'],
    ['empty string', { resourceType: 'Patient', name: [{ family: '' }] }, 'Patient.name[0].family'],
    ['unknown gender', { resourceType: 'Patient', gender: 'robot' }, 'Patient.gender'],
    ['null value', { resourceType: 'Patient', birthDate: null }, 'Patient.birthDate'],
    ['no name', { resourceType: 'Patient' }, 'Patient.name'],
    ['name too long for the registry', { resourceType: 'Patient', name: [{ family: 'x'.repeat(61) }] }, 'Patient.name[0].family'],
    ['invalid SSN', { resourceType: 'Patient', name: [{ family: 'X' }], identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '666-12-3456' }] }, 'Patient.identifier[0]'],
  ])('refuses %s naming the path', (_n, body, expression) => {
    const e = errorOf(() => patientImportFromFhir(body));
    expect(e.code).toBe('invalid');
    expect(e.issues.map((i) => i.path)).toContain(expression);
  });
});

describe('patientUpdateFromFhir', () => {
  it('round-trips a read resource into a patch that changes nothing it represents', () => {
    const p = patient();
    const { value } = patientUpdateFromFhir(toFhirPatient(p), { id: 'p1' });
    expect(value).toMatchObject({
      version: 3, familyName: p.familyName, givenName: p.givenName, middleName: p.middleName, suffix: p.suffix, preferredName: p.preferredName,
      birthDate: p.birthDate, sex: p.sex, address: p.address, phones: p.phones, email: p.email, language: p.language, guarantor: p.guarantor,
    });
    expect(value.ssn).toBeUndefined();
  });

  it('clears replaceable elements when absent and leaves required ones alone', () => {
    const { value } = patientUpdateFromFhir({ resourceType: 'Patient', id: 'p1', meta: { versionId: '4' } }, { id: 'p1' });
    expect(value).toEqual({ version: 4, address: { line1: '', line2: null, city: '', state: '', postalCode: '', country: 'US' }, phones: [], email: null, language: null });
  });

  it.each([
    ['missing id', {}, 'invalid'],
    ['other id', { id: 'p2' }, 'invalid'],
    ['no version', { id: 'p1' }, 'precondition_failed'],
  ])('refuses %s', (_n, extra, code) => {
    expect(errorOf(() => patientUpdateFromFhir({ resourceType: 'Patient', ...extra }, { id: 'p1' })).code).toBe(code);
  });

  it.each([
    [['W/"3"', undefined], 3],
    [['"7"', '2'], 7],
    [[undefined, '5'], 5],
  ] as const)('versionOf(%j) = %i', ([ifMatch, meta], v) => expect(versionOf(ifMatch, meta)).toBe(v));

  it.each([['W/3'], ['*'], ['W/"0"']])('refuses If-Match %s', (h) => expect(errorOf(() => versionOf(h, undefined)).code).toBe('invalid'));
});
