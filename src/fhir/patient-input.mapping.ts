import {
  PatientImportSchema,
  PatientInputSchema,
  PatientUpdateSchema,
  splitName,
  type Guarantor,
  type PatientImport,
  type PatientUpdate,
  type Phone,
  type Sex,
} from '../core/patients/index.ts';
import type { Address } from '../core/reference/index.ts';
import { DomainError, type FieldIssue } from '../core/shared/index.ts';
import { fromFhirAddress, nameText, phonesFromTelecom, pickAddress, Systems } from './datatypes.ts';
import { FHIR_ID, FhirPatientIn, parseResource, type HumanNameIn, type PatientContactIn } from './input-schemas.ts';
import { GUARANTOR_PATIENT_EXT } from './patient.mapping.ts';

// FHIR Patient -> registry input. Rules (documented in docs and the CapabilityStatement):
// - Elements the registry does not model are ignored; elements it reads must have R4 types.
// - Identity (names, birth date, SSN) is stored exactly or refused with 400 naming the path.
// - Contact details and address parts a US registry cannot hold are skipped and reported as notes.
// - MRN identifiers are assigned by the registry; a masked SSN (`***-**-1234`) means "unchanged".

/** A mapped input with the elements that were read but not stored. */
export interface Mapped<T> {
  value: T;
  notes: FieldIssue[];
}

interface Names {
  familyName?: string;
  givenName?: string;
  middleName: string | null;
  suffix: string | null;
  preferredName: string | null;
}

interface Demographics {
  names?: Names;
  /** undefined when absent; null when only a partial date (YYYY or YYYY-MM) was sent. */
  birthDate?: string | null;
  sex?: Sex;
  address?: Address;
  phones: Phone[];
  email: string | null;
  language: string | null;
  ssn?: string;
  guarantor?: Guarantor;
  /** Core field -> FHIR expression it came from, to name paths in errors. */
  sources: Record<string, string>;
  notes: FieldIssue[];
}

const NAME_ORDER = ['official', undefined, 'usual', 'temp', 'nickname', 'anonymous', 'maiden', 'old'];
const MASKED_SSN = /^\*{3}-\*{2}-\d{4}$/;
const EMPTY_ADDRESS: Address = { line1: '', line2: null, city: '', state: '', postalCode: '', country: 'US' };

const GUARANTOR_RELATION: Record<string, Guarantor['relationship']> = {
  ONESELF: 'self', PRN: 'parent', FTH: 'parent', MTH: 'parent', PAR: 'parent', NPRN: 'parent', STPPRN: 'parent',
  SPS: 'spouse', HUSB: 'spouse', WIFE: 'spouse', GUARD: 'guardian',
};

const readNames = (list: HumanNameIn[] | undefined, sources: Record<string, string>): Names | undefined => {
  const ranked = (list ?? []).map((n, i) => ({ n, i })).sort((a, b) => NAME_ORDER.indexOf(a.n.use) - NAME_ORDER.indexOf(b.n.use));
  const main = ranked.find(({ n }) => n.family || n.given?.length || n.text);
  if (!main) return undefined;
  const at = `Patient.name[${main.i}]`;
  const fromText = !main.n.family && !main.n.given?.length ? splitName(main.n.text ?? '') : {};
  const [given, ...middle] = main.n.given ?? (fromText.given ? [fromText.given] : []);
  const usual = main.n.use === 'usual' ? undefined : ranked.find(({ n }) => n.use === 'usual' && n.given?.length);
  Object.assign(sources, { familyName: `${at}.family`, givenName: `${at}.given[0]`, middleName: `${at}.given`, suffix: `${at}.suffix` });
  if (usual) sources.preferredName = `Patient.name[${usual.i}].given[0]`;
  return {
    familyName: main.n.family ?? fromText.family,
    givenName: given,
    middleName: middle.length ? middle.join(' ') : null,
    suffix: main.n.suffix?.length ? main.n.suffix.join(' ') : null,
    preferredName: usual?.n.given?.[0] ?? null,
  };
};

/** A BCP 47 tag in the registry's form (`en`, `es-US`), or undefined. */
const languageTag = (code: string | undefined): string | undefined => {
  const [lang, region, ...more] = (code ?? '').split('-');
  if (!lang || more.length) return undefined;
  const tag = region ? `${lang.toLowerCase()}-${region.toUpperCase()}` : lang.toLowerCase();
  return PatientInputSchema.shape.language.safeParse(tag).success ? tag : undefined;
};

const readLanguage = (r: FhirPatientIn, d: Demographics): string | null => {
  const list = (r.communication ?? []).map((c, i) => ({ c, i })).sort((a, b) => Number(b.c.preferred ?? false) - Number(a.c.preferred ?? false));
  const first = list[0];
  if (!first) return null;
  const codings = first.c.language.coding ?? [];
  const code = (codings.find((c) => c.system === Systems.bcp47) ?? codings[0])?.code;
  const tag = languageTag(code);
  if (!tag) d.notes.push({ path: `Patient.communication[${first.i}].language`, message: 'not a language tag such as en or es-US; not stored' });
  d.sources.language = `Patient.communication[${first.i}]`;
  return tag ?? null;
};

const readEmail = (r: FhirPatientIn, d: Demographics): string | null => {
  const i = (r.telecom ?? []).findIndex((t) => t.system === 'email' && t.value && t.use !== 'old');
  if (i < 0) return null;
  const value = r.telecom![i]!.value!.trim();
  d.sources.email = `Patient.telecom[${i}]`;
  if (PatientInputSchema.shape.email.safeParse(value).success) return value;
  d.notes.push({ path: `Patient.telecom[${i}]`, message: 'not an email address the registry can hold; not stored' });
  return null;
};

const readGuarantor = (contacts: PatientContactIn[] | undefined, d: Demographics): Guarantor | undefined => {
  const i = (contacts ?? []).findIndex((c) => (c.relationship ?? []).some((r) => r.coding?.some((x) => x.code === 'GUAR') || /guarantor/i.test(r.text ?? '')));
  if (i < 0) return undefined;
  const c = contacts![i]!;
  const at = `Patient.contact[${i}]`;
  d.sources.guarantor = at;
  const codes = (c.relationship ?? []).flatMap((r) => (r.coding ?? []).map((x) => x.code ?? ''));
  const relationship = codes.map((code) => GUARANTOR_RELATION[code]).find((x) => x) ?? 'other';
  const ref = c.extension?.find((e) => e.url === GUARANTOR_PATIENT_EXT)?.valueReference?.reference;
  const patientId = ref?.startsWith('Patient/') && FHIR_ID.test(ref.slice(8)) ? ref.slice(8) : null;
  if (ref && !patientId) d.notes.push({ path: `${at}.extension`, message: 'the guarantor reference is not Patient/[id]; not stored' });
  return {
    relationship,
    patientId,
    name: nameText(c.name) || null,
    phone: phonesFromTelecom(c.telecom, `${at}.telecom`, d.notes, 1)[0]?.number ?? null,
    address: c.address ? fromFhirAddress(c.address, `${at}.address`, d.notes) : null,
  };
};

const demographics = (r: FhirPatientIn, mode: 'create' | 'update'): Demographics => {
  const d: Demographics = { phones: [], email: null, language: null, sources: { birthDate: 'Patient.birthDate', sex: 'Patient.gender', phones: 'Patient.telecom' }, notes: [] };
  d.names = readNames(r.name, d.sources);
  if (r.birthDate !== undefined) {
    d.birthDate = r.birthDate.length === 10 ? r.birthDate : null;
    if (d.birthDate === null) d.notes.push({ path: 'Patient.birthDate', message: `the registry stores full dates only; ${mode === 'create' ? 'stored as unknown' : 'left unchanged'}` });
  }
  d.sex = r.gender;
  const picked = pickAddress(r.address);
  if (picked) {
    d.sources.address = `Patient.address[${picked.index}]`;
    d.address = fromFhirAddress(picked.address, d.sources.address, d.notes);
  }
  d.phones = phonesFromTelecom(r.telecom, 'Patient.telecom', d.notes);
  d.email = readEmail(r, d);
  d.language = readLanguage(r, d);
  const s = (r.identifier ?? []).findIndex((x) => x.system === Systems.ssn && x.value);
  if (s >= 0) {
    const value = r.identifier![s]!.value!;
    d.sources.ssn = `Patient.identifier[${s}]`;
    if (!MASKED_SSN.test(value)) d.ssn = value;
    else if (mode === 'create') d.notes.push({ path: d.sources.ssn, message: 'a masked SSN is not stored' });
  }
  d.guarantor = readGuarantor(r.contact, d);
  return d;
};

/** Core validation issues re-pathed to the FHIR elements they came from. */
const refused = (issues: { path: PropertyKey[]; message: string }[], sources: Record<string, string>): DomainError =>
  new DomainError('invalid', 'The Patient cannot be stored in the registry', {
    issues: issues.map((i) => ({ path: sources[String(i.path[0])] ?? 'Patient', message: i.message })),
    details: { fhirIssueCode: 'invalid' },
  });

/** A FHIR Patient (create) as a registry import: needs a family or a given name; gender defaults to `unknown`. */
export const patientImportFromFhir = (body: unknown): Mapped<PatientImport> => {
  const r = parseResource(FhirPatientIn, body, 'Patient');
  const d = demographics(r, 'create');
  if (!d.names?.familyName && !d.names?.givenName) {
    throw new DomainError('invalid', 'The registry needs a family or a given name', { issues: [{ path: 'Patient.name', message: 'a family or a given name is required' }], details: { fhirIssueCode: 'required' } });
  }
  const parsed = PatientImportSchema.safeParse({
    ...d.names,
    familyName: d.names.familyName ?? '',
    givenName: d.names.givenName ?? '',
    birthDate: d.birthDate ?? null,
    sex: d.sex ?? 'unknown',
    ...(d.address ? { address: d.address } : {}),
    phones: d.phones,
    email: d.email,
    language: d.language,
    ssn: d.ssn,
    guarantor: d.guarantor,
    // An interface cannot answer the duplicate prompt: suspects are queued for staff review instead.
    acknowledgeDuplicates: true,
  });
  if (!parsed.success) throw refused(parsed.error.issues, d.sources);
  return { value: parsed.data, notes: d.notes };
};

/** The version a PUT applies to: If-Match (`W/"3"`) wins over meta.versionId. */
export const versionOf = (ifMatch: string | undefined, metaVersionId: string | undefined): number => {
  if (ifMatch !== undefined) {
    const m = /^(W\/)?"([1-9]\d{0,8})"$/.exec(ifMatch.trim());
    if (!m) throw new DomainError('invalid', 'If-Match must be a version ETag such as W/"3"', { issues: [{ path: 'If-Match', message: 'use W/"<versionId>"' }] });
    return Number(m[2]);
  }
  if (metaVersionId !== undefined && /^[1-9]\d{0,8}$/.test(metaVersionId)) return Number(metaVersionId);
  throw new DomainError('precondition_failed', 'Send the version you read: an If-Match header W/"<versionId>" or meta.versionId');
};

/**
 * A FHIR Patient (update) as a registry patch. Names, gender and full birth dates replace the
 * stored ones when sent (the registry never clears them); address, phones, email and language
 * are replaced (cleared when absent); SSN and guarantor change only when sent.
 */
export const patientUpdateFromFhir = (body: unknown, opts: { id: string; ifMatch?: string }): Mapped<PatientUpdate> => {
  const r = parseResource(FhirPatientIn, body, 'Patient');
  if (r.id !== opts.id) {
    throw new DomainError('invalid', `The resource id must be ${opts.id}, the id in the URL`, { issues: [{ path: 'Patient.id', message: r.id ? 'does not match the URL' : 'is required' }], details: { fhirIssueCode: 'invalid' } });
  }
  const version = versionOf(opts.ifMatch, r.meta?.versionId);
  const d = demographics(r, 'update');
  const n = d.names;
  const parsed = PatientUpdateSchema.safeParse({
    version,
    ...(n ? { middleName: n.middleName, suffix: n.suffix, preferredName: n.preferredName } : {}),
    ...(n?.familyName ? { familyName: n.familyName } : {}),
    ...(n?.givenName ? { givenName: n.givenName } : {}),
    ...(d.birthDate ? { birthDate: d.birthDate } : {}),
    ...(d.sex ? { sex: d.sex } : {}),
    address: d.address ?? EMPTY_ADDRESS,
    phones: d.phones,
    email: d.email,
    language: d.language,
    ...(d.ssn ? { ssn: d.ssn } : {}),
    ...(d.guarantor ? { guarantor: d.guarantor } : {}),
  });
  if (!parsed.success) throw refused(parsed.error.issues, d.sources);
  return { value: parsed.data, notes: d.notes };
};
