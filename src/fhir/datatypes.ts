import { PhoneSchema, type Phone } from '../core/patients/index.ts';
import type { Address } from '../core/reference/index.ts';
import type { FieldIssue } from '../core/shared/index.ts';
import type { ContactPoint, FhirAddress } from './fhir-types.ts';
import type { AddressIn, ContactPointIn, HumanNameIn } from './input-schemas.ts';

/** Identifier and code systems this API writes and reads. */
export const Systems = {
  mrn: 'urn:medoffice:mrn',
  ssn: 'http://hl7.org/fhir/sid/us-ssn',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  /** US Employer Identification Number (the practice's tax id). */
  ein: 'urn:oid:2.16.840.1.113883.4.4',
  payerCode: 'urn:medoffice:payer-code',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  bcp47: 'urn:ietf:bcp:47',
  roleClass: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  nuccTaxonomy: 'http://nucc.org/provider-taxonomy',
} as const;

/** Non-empty trimmed string, or undefined (FHIR strings may not be empty). */
export const nonEmpty = (s: string | null | undefined): string | undefined => (s && s.trim() ? s : undefined);

/** A core address as a FHIR Address; undefined when it holds nothing but the country. */
export const toFhirAddress = (a: Address | null | undefined, use?: FhirAddress['use']): FhirAddress | undefined => {
  if (!a) return undefined;
  const line = [a.line1, a.line2].filter((l): l is string => !!nonEmpty(l));
  const out: FhirAddress = {
    ...(use ? { use } : {}),
    ...(line.length ? { line } : {}),
    ...(nonEmpty(a.city) ? { city: a.city } : {}),
    ...(nonEmpty(a.state) ? { state: a.state } : {}),
    ...(nonEmpty(a.postalCode) ? { postalCode: a.postalCode } : {}),
  };
  return Object.keys(out).length > (use ? 1 : 0) ? { ...out, country: a.country } : undefined;
};

const COUNTRY_NAMES: Record<string, string> = { usa: 'US', 'united states': 'US', 'united states of america': 'US' };

/**
 * A FHIR Address as the registry's US address. Parts it cannot hold (a state that is not a
 * two-letter code, a non-US postal code, a country that is not ISO 3166 alpha-2) are left
 * empty and reported in `notes`; lines and city are kept as sent (length checked by core).
 */
export const fromFhirAddress = (a: AddressIn, path: string, notes: FieldIssue[]): Address => {
  const [line1 = '', ...rest] = a.line ?? [];
  const state = a.state?.trim() ?? '';
  const zip = a.postalCode?.trim() ?? '';
  const countryRaw = a.country?.trim() ?? '';
  const country = /^[A-Za-z]{2}$/.test(countryRaw) ? countryRaw.toUpperCase() : COUNTRY_NAMES[countryRaw.toLowerCase()];
  const stateOk = /^[A-Za-z]{2}$/.test(state);
  const zipOk = /^\d{5}(-\d{4})?$/.test(zip);
  if (state && !stateOk) notes.push({ path: `${path}.state`, message: 'not a two-letter state code; not stored' });
  if (zip && !zipOk) notes.push({ path: `${path}.postalCode`, message: 'not a US ZIP code; not stored' });
  if (countryRaw && !country) notes.push({ path: `${path}.country`, message: 'not an ISO 3166 two-letter code; not stored' });
  return {
    line1: line1.trim(),
    line2: rest.length ? rest.join(', ').trim() : null,
    city: a.city?.trim() ?? '',
    state: stateOk ? state.toUpperCase() : '',
    postalCode: zipOk ? zip : '',
    country: country ?? 'US',
  };
};

/** Picks the address to store: home first, then one without a use, then any other current one. */
export const pickAddress = (list: AddressIn[] | undefined): { address: AddressIn; index: number } | undefined => {
  const order = ['home', undefined, 'temp', 'work', 'billing'];
  const ranked = (list ?? [])
    .map((address, index) => ({ address, index }))
    .filter((x) => x.address.use !== 'old')
    .sort((a, b) => order.indexOf(a.address.use) - order.indexOf(b.address.use));
  return ranked[0];
};

const PHONE_USE: Record<string, Phone['use']> = { home: 'home', work: 'work', mobile: 'mobile', temp: 'mobile' };

/** Phones from ContactPoints (system phone or sms, not `old`), by rank; numbers the registry cannot hold are noted. */
export const phonesFromTelecom = (telecom: ContactPointIn[] | undefined, path: string, notes: FieldIssue[], max = 5): Phone[] => {
  const out: Phone[] = [];
  const candidates = (telecom ?? [])
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => (t.system === 'phone' || t.system === 'sms') && t.value && t.use !== 'old')
    .sort((a, b) => (a.t.rank ?? Number.MAX_SAFE_INTEGER) - (b.t.rank ?? Number.MAX_SAFE_INTEGER));
  for (const { t, i } of candidates) {
    const parsed = PhoneSchema.safeParse({ use: PHONE_USE[t.use ?? 'mobile'] ?? 'mobile', number: t.value });
    if (!parsed.success) notes.push({ path: `${path}[${i}]`, message: 'a phone number the registry can hold has at least 10 digits; not stored' });
    else if (out.length >= max) notes.push({ path: `${path}[${i}]`, message: `only ${max} phone numbers are kept; not stored` });
    else out.push(parsed.data);
  }
  return out;
};

/** Core phones as ContactPoints, ranked in stored order. */
export const phonesToTelecom = (phones: Phone[]): ContactPoint[] => phones.map((p, i) => ({ system: 'phone', value: p.number, use: p.use, rank: i + 1 }));

/** A person's name as one line: the name's text, else given names then family. */
export const nameText = (n: HumanNameIn | undefined): string => (n ? (n.text ?? [...(n.given ?? []), n.family ?? ''].join(' ')).trim().replace(/\s+/g, ' ') : '');
