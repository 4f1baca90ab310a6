import { editDistance, normalizeName, normalizePhone } from './patient-search.ts';

/** The fields duplicate detection compares. */
export interface MatchFacts {
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phones: string[];
  postalCode: string;
  addressLine1: string;
  ssnIndex: string | null;
}

export interface MatchScore {
  score: number;
  reasons: string[];
}

const nameSimilar = (a: string, b: string): 'same' | 'close' | 'different' => {
  const [x, y] = [normalizeName(a), normalizeName(b)];
  if (!x || !y) return 'different';
  if (x === y) return 'same';
  if (editDistance(x, y) <= (Math.max(x.length, y.length) > 6 ? 2 : 1) || x.startsWith(y) || y.startsWith(x)) return 'close';
  return 'different';
};

/**
 * Scores how likely two registrations are the same person (0-100). Same SSN is decisive;
 * otherwise name and date of birth carry most weight, a shared phone or address confirms.
 * A score of 60 or more is a suspected duplicate.
 */
export const matchScore = (a: MatchFacts, b: MatchFacts): MatchScore => {
  const reasons: string[] = [];
  let score = 0;
  if (a.ssnIndex && b.ssnIndex && a.ssnIndex === b.ssnIndex) {
    score += 60;
    reasons.push('same SSN');
  }
  const fam = nameSimilar(a.familyName, b.familyName);
  const giv = nameSimilar(a.givenName, b.givenName);
  score += fam === 'same' ? 20 : fam === 'close' ? 12 : 0;
  score += giv === 'same' ? 15 : giv === 'close' ? 9 : 0;
  if (fam !== 'different' || giv !== 'different') reasons.push(fam === 'same' && giv === 'same' ? 'same name' : 'similar name');
  if (a.birthDate && a.birthDate === b.birthDate) {
    score += 30;
    reasons.push('same date of birth');
  }
  const phonesA = new Set(a.phones.map(normalizePhone).filter((p) => p.length >= 10));
  if (b.phones.map(normalizePhone).some((p) => phonesA.has(p))) {
    score += 15;
    reasons.push('same phone');
  }
  const line = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (a.addressLine1 && line(a.addressLine1) === line(b.addressLine1) && a.postalCode && a.postalCode.slice(0, 5) === b.postalCode.slice(0, 5)) {
    score += 10;
    reasons.push('same address');
  }
  return { score: Math.min(100, score), reasons };
};

export const DUPLICATE_THRESHOLD = 60;
