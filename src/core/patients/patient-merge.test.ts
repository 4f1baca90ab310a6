import { describe, expect, it } from 'vitest';
import type { PatientRecord } from './patient.ts';
import { absorbLists } from './patient-merge.service.ts';

const base: PatientRecord = {
  id: 'a', mrn: 'M0000001', status: 'active', mergedInto: null, restricted: false, familyName: 'Rivera', givenName: 'Ana', middleName: null, suffix: null, preferredName: null,
  birthDate: '1970-01-01', sex: 'female', genderIdentity: null, address: { line1: '', city: '', state: '', postalCode: '', country: 'US' }, phones: [{ use: 'mobile', number: '217-555-0101' }],
  email: null, language: null, contactPreferences: { channel: 'sms', allowSms: true, allowEmail: true, allowVoicemail: true }, ssnEnc: null, ssnLast4: null, ssnIndex: null, guarantor: null,
  referringPhysician: null, chronicConditions: [{ code: 'E11.9', display: 'Type 2 diabetes' }], allergies: [{ substance: 'Penicillin' }], careTeam: [], version: 3, createdAt: '', updatedAt: '',
};

describe('absorbLists (merge)', () => {
  it.each([
    ['adds conditions only the duplicate has, matching codes with or without the dot', { chronicConditions: [{ code: 'E119', display: 'T2DM' }, { code: 'I10', display: 'Hypertension' }] }, { chronicConditions: ['E11.9', 'I10'] }],
    ['matches allergies by substance, ignoring case', { allergies: [{ substance: ' penicillin' }, { substance: 'Latex' }] }, { allergies: ['Penicillin', 'Latex'] }],
    ['adds a new phone number but not the same digits written differently', { phones: [{ use: 'home' as const, number: '(217) 555-0101' }, { use: 'home' as const, number: '217-555-0199' }] }, { phones: ['217-555-0101', '217-555-0199'] }],
    ['takes the SSN and email only when the survivor has none', { ssnEnc: 'v1.x', ssnLast4: '1234', ssnIndex: 'idx', email: 'ana@example.org' }, { ssnLast4: '1234', email: 'ana@example.org' }],
  ])('%s', (_name, dupPatch, expected) => {
    const out = absorbLists(base, { ...base, id: 'b', ...dupPatch } as PatientRecord);
    const view = {
      chronicConditions: out.chronicConditions?.map((c) => c.code),
      allergies: out.allergies?.map((a) => a.substance),
      phones: out.phones?.map((p) => p.number),
      ssnLast4: out.ssnLast4 ?? base.ssnLast4,
      email: out.email,
    };
    expect(view).toMatchObject(expected);
  });

  it('keeps the survivor SSN when it has one', () => {
    const out = absorbLists({ ...base, ssnEnc: 'v1.mine', ssnLast4: '9999', ssnIndex: 'mine' }, { ...base, ssnEnc: 'v1.theirs', ssnLast4: '1234', ssnIndex: 'theirs' });
    expect(out.ssnEnc).toBeUndefined();
  });
});
