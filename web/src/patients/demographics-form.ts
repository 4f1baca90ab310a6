import type { Patient, PatientInput, PatientUpdate } from './api.ts';

/** The demographics form as the user types it: strings only. */
export interface DemographicsForm {
  givenName: string;
  middleName: string;
  familyName: string;
  suffix: string;
  preferredName: string;
  birthDate: string;
  sex: string;
  genderIdentity: string;
  phone1: string;
  phone1Use: string;
  phone2: string;
  phone2Use: string;
  email: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  language: string;
  channel: string;
  ssn: string;
}

export const emptyDemographics: DemographicsForm = {
  givenName: '',
  middleName: '',
  familyName: '',
  suffix: '',
  preferredName: '',
  birthDate: '',
  sex: '',
  genderIdentity: '',
  phone1: '',
  phone1Use: 'mobile',
  phone2: '',
  phone2Use: 'home',
  email: '',
  line1: '',
  line2: '',
  city: '',
  state: '',
  postalCode: '',
  language: 'en',
  channel: 'sms',
  ssn: '',
};

/** A patient's stored demographics as form values (the SSN is never loaded: it stays blank). */
export const formOf = (p: Patient): DemographicsForm => ({
  givenName: p.givenName,
  middleName: p.middleName ?? '',
  familyName: p.familyName,
  suffix: p.suffix ?? '',
  preferredName: p.preferredName ?? '',
  birthDate: p.birthDate ?? '',
  sex: p.sex,
  genderIdentity: p.genderIdentity ?? '',
  phone1: p.phones[0]?.number ?? '',
  phone1Use: p.phones[0]?.use ?? 'mobile',
  phone2: p.phones[1]?.number ?? '',
  phone2Use: p.phones[1]?.use ?? 'home',
  email: p.email ?? '',
  line1: p.address.line1,
  line2: p.address.line2 ?? '',
  city: p.address.city,
  state: p.address.state,
  postalCode: p.address.postalCode,
  language: p.language ?? '',
  channel: p.contactPreferences.channel,
  ssn: '',
});

const orNull = (s: string): string | null => (s.trim() ? s.trim() : null);
type Use = 'mobile' | 'home' | 'work';

/** The demographics fields of a registration or update (keeps phones beyond the two on the form). */
export const demographicsOf = (f: DemographicsForm, extraPhones: Patient['phones'] = []) => ({
  givenName: f.givenName.trim(),
  middleName: orNull(f.middleName),
  familyName: f.familyName.trim(),
  suffix: orNull(f.suffix),
  preferredName: orNull(f.preferredName),
  birthDate: f.birthDate,
  sex: f.sex as Patient['sex'],
  genderIdentity: orNull(f.genderIdentity),
  phones: [
    ...(f.phone1.trim() ? [{ use: f.phone1Use as Use, number: f.phone1.trim() }] : []),
    ...(f.phone2.trim() ? [{ use: f.phone2Use as Use, number: f.phone2.trim() }] : []),
    ...extraPhones,
  ],
  email: orNull(f.email),
  address: { line1: f.line1.trim(), line2: orNull(f.line2), city: f.city.trim(), state: f.state.trim().toUpperCase(), postalCode: f.postalCode.trim(), country: 'US' },
  language: orNull(f.language),
});

// Compares values as JSON with sorted keys; undefined and null are the same "empty".
const canonical = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, y]): [string, unknown] => [k, y ?? null]).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );

/** Only the fields that changed, with the version read (an optimistic update). */
export const changesOf = (p: Patient, f: DemographicsForm): PatientUpdate => {
  const next = demographicsOf(f, p.phones.slice(2));
  const patch: Record<string, unknown> = { version: p.version };
  const current: Record<string, unknown> = {
    givenName: p.givenName,
    middleName: p.middleName,
    familyName: p.familyName,
    suffix: p.suffix,
    preferredName: p.preferredName,
    birthDate: p.birthDate,
    sex: p.sex,
    genderIdentity: p.genderIdentity,
    phones: p.phones,
    email: p.email,
    address: { ...p.address, line2: p.address.line2 ?? null },
    language: p.language,
  };
  for (const [k, v] of Object.entries(next)) if (canonical(v) !== canonical(current[k])) patch[k] = v;
  if (f.channel !== p.contactPreferences.channel) patch.contactPreferences = { ...p.contactPreferences, channel: f.channel };
  if (f.ssn.trim()) patch.ssn = f.ssn.trim();
  return patch as PatientUpdate;
};

/** A field path of the API (`phones[0].number`, `address.postalCode`) as the form field it belongs to. */
export const formKeyOf = (path: string): string => {
  if (path.startsWith('phones[0]')) return 'phone1';
  if (path.startsWith('phones[1]')) return 'phone2';
  if (path.startsWith('address.')) return path.slice('address.'.length);
  if (path.startsWith('contactPreferences')) return 'channel';
  return path.split('.')[0]!.replace(/\[\d+\]$/, '');
};

/** A registration from the form, with an optional first coverage. */
export const registrationOf = (f: DemographicsForm, coverage: PatientInput['coverages'][number] | null, acknowledgeDuplicates: boolean): PatientInput => ({
  ...demographicsOf(f),
  contactPreferences: { channel: f.channel as PatientInput['contactPreferences']['channel'], allowSms: true, allowEmail: true, allowVoicemail: true },
  ssn: orNull(f.ssn),
  guarantor: null,
  referringPhysician: null,
  chronicConditions: [],
  allergies: [],
  careTeam: [],
  restricted: false,
  coverages: coverage ? [coverage] : [],
  acknowledgeDuplicates,
});
