import type { PatientSearch } from '../core/patients/index.ts';
import { DomainError, isLocalDate, type FieldIssue } from '../core/shared/index.ts';
import { Systems } from './datatypes.ts';

// FHIR R4 search parameter handling (https://hl7.org/fhir/R4/search.html) for the few parameters
// this API supports. Unknown parameters are refused (strict) unless `Prefer: handling=lenient`;
// unsupported modifiers, prefixes and OR lists are always refused, since ignoring them would
// return a different set than the client asked for.

export type ParamType = 'string' | 'token' | 'date';
export type ParamSpec = Readonly<Record<string, ParamType>>;

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
export const MAX_OFFSET = 1000;
const MAX_VALUE_LENGTH = 100;

export const PATIENT_PARAMS = { name: 'string', family: 'string', given: 'string', birthdate: 'date', identifier: 'token', phone: 'token' } as const satisfies ParamSpec;
export const PRACTITIONER_PARAMS = { name: 'string', identifier: 'token' } as const satisfies ParamSpec;
export const ORGANIZATION_PARAMS = { name: 'string', type: 'token' } as const satisfies ParamSpec;

export interface Page {
  count: number;
  offset: number;
}

/** A parsed search: values by parameter, the page, what was applied (for the self link) and what was ignored. */
export interface Parsed<T> {
  criteria: T;
  page: Page;
  used: [string, string][];
  ignored: string[];
}

const refuse = (message: string, path: string, code: 'invalid' | 'not-supported' | 'required' | 'too-long' = 'invalid'): DomainError =>
  new DomainError('invalid', message, { issues: [{ path, message }], details: { fhirIssueCode: code } });

/** Splits on a separator not escaped with `\` and unescapes `\,` `\|` `\$` `\\` (R4 search 3.1.1.3.5). */
const splitEscaped = (s: string, sep: string): string[] => {
  const parts: string[] = [''];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) parts[parts.length - 1] += s[++i]!;
    else if (ch === sep) parts.push('');
    else parts[parts.length - 1] += ch;
  }
  return parts;
};

const nonNegativeInt = (name: string, raw: string): number => {
  if (!/^\d{1,6}$/.test(raw)) throw refuse(`${name} must be a whole number`, name);
  return Number(raw);
};

/** Reads `Prefer` (RFC 7240): `handling=strict|lenient` and `return=minimal|representation|OperationOutcome`. */
export const parsePrefer = (header: string | string[] | undefined): { lenient: boolean; return?: 'minimal' | 'representation' | 'OperationOutcome' } => {
  const prefs = [header ?? []].flat().flatMap((h) => h.split(/[,;]/)).map((p) => p.trim().replace(/"/g, ''));
  const ret = prefs.find((p) => p.startsWith('return='))?.slice(7);
  return {
    lenient: prefs.includes('handling=lenient'),
    ...(ret === 'minimal' || ret === 'representation' || ret === 'OperationOutcome' ? { return: ret } : {}),
  };
};

/** Checks parameters against a spec: one value each, no modifiers, no OR lists; paging read and capped. */
export const parseSearch = (entries: [string, string][], spec: ParamSpec, opts: { lenient: boolean }): Parsed<Record<string, string>> => {
  const values: Record<string, string> = {};
  const used: [string, string][] = [];
  const ignored: string[] = [];
  const unknown: FieldIssue[] = [];
  const seen = new Set<string>();
  let count = DEFAULT_COUNT;
  let offset = 0;
  for (const [key, raw] of entries) {
    const [base = '', modifier] = key.split(':', 2);
    if (seen.has(key)) throw refuse(`Search parameter ${key} appears more than once; combining values (AND) is not supported`, key, 'not-supported');
    seen.add(key);
    if (key === '_count') {
      const n = nonNegativeInt(key, raw);
      if (n === 0) throw refuse('_count=0 (count only) is not supported', key, 'not-supported');
      count = Math.min(n, MAX_COUNT);
    } else if (key === '_offset') {
      offset = nonNegativeInt(key, raw);
      if (offset > MAX_OFFSET) throw refuse(`_offset may be at most ${MAX_OFFSET}; narrow the search instead`, key, 'not-supported');
    } else if (key === '_format') {
      if (!/^(json|application\/(fhir\+)?json)$/.test(raw)) throw refuse('Only JSON is supported (_format=json)', key, 'not-supported');
    } else if (!(base in spec)) {
      if (opts.lenient) ignored.push(key);
      else unknown.push({ path: key, message: 'is not a supported search parameter' });
    } else if (modifier !== undefined) {
      throw refuse(`The modifier :${modifier} is not supported on ${base}`, key, 'not-supported');
    } else if (raw.trim() !== '') {
      // R4: a parameter with an empty value is ignored.
      if (splitEscaped(raw, ',').length > 1) throw refuse(`${key}: several values separated by commas (OR) are not supported`, key, 'not-supported');
      if (raw.length > MAX_VALUE_LENGTH) throw refuse(`${key} may be at most ${MAX_VALUE_LENGTH} characters`, key, 'too-long');
      values[key] = raw.trim();
      used.push([key, raw]);
    }
  }
  if (unknown.length) {
    const names = unknown.map((u) => u.path).join(', ');
    throw new DomainError('invalid', `Unknown search parameter(s): ${names}. Send Prefer: handling=lenient to ignore them`, { issues: unknown, details: { fhirIssueCode: 'not-supported' } });
  }
  return { criteria: values, page: { count, offset }, used, ignored };
};

/** A token `[system]|[code]` or `[code]`; `system` is null when absent and '' for an explicit `|code`. */
export const parseToken = (name: string, raw: string): { system: string | null; value: string } => {
  const parts = splitEscaped(raw, '|');
  if (parts.length > 2) throw refuse(`${name}: use system|value`, name);
  const [system, value] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
  if (!value.trim()) throw refuse(`${name}: searching by system alone is not supported; give a value`, name, 'not-supported');
  return { system, value: value.trim() };
};

/** A date parameter: `eq` prefix or none, full date only. */
export const parseDateEq = (name: string, raw: string): string => {
  const m = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)$/.exec(raw)!;
  if (m[1] && m[1] !== 'eq') throw refuse(`${name}: the prefix ${m[1]} is not supported; only eq (exact date) is`, name, 'not-supported');
  const date = m[2]!;
  if (/^\d{4}(-\d{2})?$/.test(date)) throw refuse(`${name}: partial dates are not supported; use YYYY-MM-DD`, name, 'not-supported');
  if (!isLocalDate(date)) throw refuse(`${name} must be a date, YYYY-MM-DD`, name);
  return date;
};

const unescape = (raw: string): string => splitEscaped(raw, '\u0000').join('');

/** GET/POST Patient search parameters as a registry search (without limit and offset). */
export const parsePatientSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<Omit<PatientSearch, 'limit' | 'offset'>> => {
  const p = parseSearch(entries, PATIENT_PARAMS, opts);
  const v = p.criteria;
  if (Object.keys(v).length === 0) throw refuse(`Give at least one of ${Object.keys(PATIENT_PARAMS).join(', ')}`, 'Patient', 'required');
  if (v.name && (v.family || v.given)) throw refuse('Use name, or family and given, not both', 'name', 'not-supported');
  const criteria: Omit<PatientSearch, 'limit' | 'offset'> = { fuzzy: false };
  if (v.name) {
    // FHIR `name` matches the start of any part of the name; two words search given and family.
    const text = unescape(v.name).trim();
    if (/[\s,]/.test(text)) criteria.name = text;
    else criteria.anyName = text;
  }
  if (v.family) criteria.family = unescape(v.family);
  if (v.given) criteria.given = unescape(v.given);
  if (v.birthdate) criteria.birthDate = parseDateEq('birthdate', v.birthdate);
  if (v.phone) criteria.phone = parseToken('phone', v.phone).value;
  if (v.identifier) {
    const t = parseToken('identifier', v.identifier);
    if (t.system === Systems.ssn) throw refuse('identifier: searching by SSN is not supported', 'identifier', 'not-supported');
    if (!t.system || t.system === Systems.mrn) criteria.mrn = t.value;
    else criteria.memberId = t.value;
  }
  return { ...p, criteria };
};

/** Practitioner search: `name` prefix, `identifier` NPI (another system matches nothing: npi null). */
export const parsePractitionerSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<{ name?: string; npi?: string | null }> => {
  const p = parseSearch(entries, PRACTITIONER_PARAMS, opts);
  const criteria: { name?: string; npi?: string | null } = {};
  if (p.criteria.name) criteria.name = unescape(p.criteria.name);
  if (p.criteria.identifier) {
    const t = parseToken('identifier', p.criteria.identifier);
    criteria.npi = !t.system || t.system === Systems.npi ? t.value : null;
  }
  return { ...p, criteria };
};

/** Organization search: `name` prefix, `type` pay (payers) or prov (the practice); other types match nothing. */
export const parseOrganizationSearch = (entries: [string, string][], opts: { lenient: boolean }): Parsed<{ name?: string; type?: 'pay' | 'prov' | null }> => {
  const p = parseSearch(entries, ORGANIZATION_PARAMS, opts);
  const criteria: { name?: string; type?: 'pay' | 'prov' | null } = {};
  if (p.criteria.name) criteria.name = unescape(p.criteria.name);
  if (p.criteria.type) {
    const t = parseToken('type', p.criteria.type);
    criteria.type = (!t.system || t.system === Systems.organizationType) && (t.value === 'pay' || t.value === 'prov') ? t.value : null;
  }
  return { ...p, criteria };
};
