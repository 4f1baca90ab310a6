import { doubleMetaphone } from 'double-metaphone';
import { isLocalDate } from '../shared/index.ts';

/** Folds a name to lowercase a-z: diacritics dropped, spaces, hyphens and apostrophes removed. */
export const normalizeName = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** Digits only, with a leading US country code dropped. */
export const normalizePhone = (s: string): string => {
  const d = s.replace(/\D/g, '');
  return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
};

/** Member ids compare without case, spaces or dashes. */
export const normalizeMemberId = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

const deletions = (w: string): string[] => {
  const out = new Set<string>([w]);
  if (w.length > 3) for (let i = 0; i < w.length; i++) out.add(w.slice(0, i) + w.slice(i + 1));
  return [...out];
};

/**
 * Keys of a family name in the name dictionary (typo-tolerant search, duplicate detection): its
 * one-deletion neighbourhood (two names within one edit or one transposition share a key) and
 * its Double Metaphone codes (sound-alikes such as Catherwood and Kathrwood). The dictionary
 * holds each distinct family name once, not each patient: a search looks up the names near the
 * typed one, then their patients through the name index.
 */
export const familyNameKeys = (raw: string): string[] => {
  const n = normalizeName(raw);
  if (!n) return [];
  return [...new Set([...deletions(n).map((d) => `f:${d}`), ...doubleMetaphone(n).filter(Boolean).map((m) => `f#${m}`)])];
};

/** Damerau-Levenshtein (optimal string alignment) distance, for ranking fuzzy matches. */
export const editDistance = (a: string, b: string): number => {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
};

/** A structured patient search. Name parts match by prefix, or fuzzily when `fuzzy` is set. */
export interface PatientSearch {
  family?: string;
  given?: string;
  /** Free-text name: "smith", "smith, jo", "jo smith". */
  name?: string;
  /** One word matched against the start of the family or the given name (FHIR's `name`). */
  anyName?: string;
  birthDate?: string;
  phone?: string;
  mrn?: string;
  memberId?: string;
  fuzzy?: boolean;
  limit: number;
  offset: number;
}

/** Splits a free-text name into family and given parts ("Smith, John" or "John Smith" or "Smith"). */
export const splitName = (text: string): { family?: string; given?: string } => {
  const t = text.trim();
  if (t.includes(',')) {
    const [family, given] = t.split(',', 2).map((s) => s.trim());
    return { family: family || undefined, given: given || undefined };
  }
  const parts = t.split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { family: parts[0] };
  return { given: parts[0], family: parts.slice(1).join(' ') };
};

/**
 * Reads the global search box: a date (YYYY-MM-DD or MM/DD/YYYY) searches birth date, 10+
 * digits a phone, an MRN-shaped token the MRN, anything else a name.
 */
export const parseQuickSearch = (text: string): Omit<PatientSearch, 'limit' | 'offset'> => {
  const t = text.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (us) {
    const iso = `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
    if (isLocalDate(iso)) return { birthDate: iso };
  }
  if (isLocalDate(t)) return { birthDate: t };
  if (/^MRN?[-\s]?\d+$/i.test(t) || /^M\d{6,}$/i.test(t)) return { mrn: t.toUpperCase().replace(/^MRN?[-\s]?/, 'M') };
  const digits = t.replace(/[\s()\-.+]/g, '');
  if (/^\d{10,11}$/.test(digits)) return { phone: t };
  return { name: t, fuzzy: true };
};

/** Formats a sequence number as an MRN: M + 7 digits. */
export const formatMrn = (n: number): string => `M${String(n).padStart(7, '0')}`;
