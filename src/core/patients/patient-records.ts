import type { FieldCipher, PatientRepo } from './patient.repo.ts';
import { matchScore, DUPLICATE_THRESHOLD, type MatchFacts } from './patient-match.ts';
import type { PatientImport, PatientInput, PatientRecord, PatientUpdate } from './patient.ts';
import { familyNameKeys, normalizePhone } from './patient-search.ts';

const digitsOnly = (ssn: string): string => ssn.replace(/\D/g, '');

/** Builds the stored record of a new registration: SSN encrypted, last four and blind index kept. */
export const toRecord = (id: string, mrn: string, input: PatientInput | PatientImport, cipher: FieldCipher, at: string): PatientRecord => {
  const ssn = input.ssn ? digitsOnly(input.ssn) : null;
  return {
    id,
    mrn,
    status: 'active',
    mergedInto: null,
    restricted: input.restricted,
    familyName: input.familyName,
    givenName: input.givenName,
    middleName: input.middleName ?? null,
    suffix: input.suffix ?? null,
    preferredName: input.preferredName ?? null,
    birthDate: input.birthDate,
    sex: input.sex,
    genderIdentity: input.genderIdentity ?? null,
    address: input.address,
    phones: input.phones,
    email: input.email ?? null,
    language: input.language ?? null,
    contactPreferences: input.contactPreferences,
    ssnEnc: ssn ? cipher.encrypt(ssn) : null,
    ssnLast4: ssn ? ssn.slice(5) : null,
    ssnIndex: ssn ? cipher.blindIndex(ssn) : null,
    guarantor: input.guarantor ?? null,
    referringPhysician: input.referringPhysician ?? null,
    chronicConditions: input.chronicConditions,
    allergies: input.allergies,
    careTeam: input.careTeam,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
};

/** Applies an update: fields present in the patch replace the stored ones; null clears an optional field. */
export const applyUpdate = (current: PatientRecord, patch: PatientUpdate, cipher: FieldCipher, at: string): PatientRecord => {
  const { version: _v, ssn, ...fields } = patch;
  const next: PatientRecord = { ...current, version: current.version + 1, updatedAt: at };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  if (ssn !== undefined) {
    const plain = ssn ? digitsOnly(ssn) : null;
    next.ssnEnc = plain ? cipher.encrypt(plain) : null;
    next.ssnLast4 = plain ? plain.slice(5) : null;
    next.ssnIndex = plain ? cipher.blindIndex(plain) : null;
  }
  return next;
};

/** The name-dictionary keys a record's family name is filed under (see `familyNameKeys`). */
export const familyKeysOf = (r: Pick<PatientRecord, 'familyName'>): string[] => familyNameKeys(r.familyName);
export const phoneDigitsOf = (r: Pick<PatientRecord, 'phones'>): string[] => [...new Set(r.phones.map((p) => normalizePhone(p.number)).filter((d) => d.length >= 10))];

/** The fields duplicate scoring compares, from a record or a registration. */
export const matchFactsOf = (r: { familyName: string; givenName: string; birthDate: string | null; phones: { number: string }[]; address: { postalCode: string; line1: string } }, ssnIndex: string | null): MatchFacts => ({
  familyName: r.familyName,
  givenName: r.givenName,
  birthDate: r.birthDate,
  phones: r.phones.map((p) => p.number),
  postalCode: r.address.postalCode,
  addressLine1: r.address.line1,
  ssnIndex,
});

export interface DuplicateMatch {
  patientId: string;
  score: number;
  reasons: string[];
}

/** Suspected duplicates of a registration among active records, best first. */
export const findDuplicates = async (
  repo: PatientRepo,
  input: Pick<PatientImport, 'familyName' | 'givenName' | 'birthDate' | 'phones' | 'address' | 'ssn'>,
  cipher: FieldCipher,
  excludeId: string | null,
): Promise<DuplicateMatch[]> => {
  const ssnIndex = input.ssn ? cipher.blindIndex(digitsOnly(input.ssn)) : null;
  const candidates = await repo.findCandidates({
    familyKeys: familyNameKeys(input.familyName),
    birthDate: input.birthDate ?? null,
    phoneDigits: phoneDigitsOf(input),
    ssnIndex,
    limit: 50,
  });
  const me = matchFactsOf({ ...input, birthDate: input.birthDate ?? null }, ssnIndex);
  return candidates
    .filter((c) => c.id !== excludeId && c.status === 'active')
    .map((c) => ({ patientId: c.id, ...matchScore(me, matchFactsOf(c, c.ssnIndex)) }))
    .filter((m) => m.score >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
};
