import type { PatientInput } from '../../core/patients/index.ts';
import { addDays } from '../../core/shared/index.ts';

/** A small deterministic PRNG (mulberry32) so demo and benchmark data are the same on every run. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number): boolean => next() < p,
  };
};
export type Prng = ReturnType<typeof prng>;

// Common US surnames and given names: invented combinations, no real person's record.
const FAMILY = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Okafor', 'Kowalski', 'Haddad', 'Novak', 'Fitzgerald', 'Yamamoto', 'Ivanova', 'Schneider', "O'Brien", 'Castillo'];
// A long tail of invented surnames (prefix + suffix + ending: 2,400 of them) beside the common ones,
// so that name searches meet a realistic spread rather than sixty names shared by everyone.
const SUR_A = ['Ash', 'Bel', 'Cor', 'Dun', 'El', 'Fair', 'Gold', 'Har', 'Iver', 'Kel', 'Lang', 'Mar', 'North', 'Oak', 'Pem', 'Quin', 'Rad', 'Stan', 'Thorn', 'Vale', 'Wes', 'York', 'Zel', 'Brad', 'Craw', 'Dal', 'Fen', 'Grims', 'Hol', 'Lind'];
const SUR_B = ['ford', 'ley', 'ton', 'wood', 'by', 'field', 'more', 'well', 'son', 'stone', 'ridge', 'ham', 'worth', 'lock', 'bury', 'dale', 'mont', 'ster', 'wick', 'croft'];
const SUR_C = ['', 'er', 's', 'e'];
const surname = (r: Prng): string => (r.chance(0.5) ? r.pick(FAMILY) : `${r.pick(SUR_A)}${r.pick(SUR_B)}${r.pick(SUR_C)}`);
const GIVEN_F = ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Lisa', 'Nancy', 'Betty', 'Sandra', 'Ashley', 'Emily', 'Olivia', 'Sophia', 'Amara', 'Mei', 'Lucia', 'Chloe', 'Grace', 'Zoe'];
const GIVEN_M = ['James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Steven', 'Andrew', 'Joshua', 'Kevin', 'Liam', 'Noah', 'Mateo', 'Kenji', 'Omar', 'Ethan'];
const STREETS = ['Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Main', 'Church', 'River'];
const CITIES: [string, string, string][] = [['Springfield', 'IL', '627'], ['Riverton', 'IL', '625'], ['Chatham', 'IL', '626'], ['Sherman', 'IL', '626'], ['Rochester', 'IL', '626']];
const CONDITIONS: [string, string][] = [['E11.9', 'Type 2 diabetes mellitus without complications'], ['I10', 'Essential (primary) hypertension'], ['J45.909', 'Unspecified asthma, uncomplicated'], ['E78.5', 'Hyperlipidemia, unspecified'], ['M54.50', 'Low back pain, unspecified'], ['F41.1', 'Generalized anxiety disorder'], ['E03.9', 'Hypothyroidism, unspecified'], ['N18.30', 'Chronic kidney disease, stage 3 unspecified']];
const ALLERGIES = ['Penicillin', 'Sulfa drugs', 'Peanuts', 'Latex', 'Shellfish', 'Codeine'];

export interface SyntheticPayer {
  id: string;
  planTypes: readonly string[];
}

/** One synthetic registration: a name, a birth date between 1935 and `today`, a phone, usually a coverage. */
export const syntheticPatient = (r: Prng, i: number, today: string, payers: SyntheticPayer[]): PatientInput => {
  const sex = r.chance(0.5) ? 'female' : 'male';
  const [city, state, zip3] = r.pick(CITIES);
  const birthDate = addDays('1935-01-01', r.int(0, Math.max(1, (Date.parse(today) - Date.parse('1935-01-01')) / 86_400_000 - 1)));
  const family = surname(r);
  const payer = payers.length ? r.pick(payers) : null;
  const plan = payer ? r.pick(payer.planTypes) : null;
  const ssnArea = String(r.int(1, 665)).padStart(3, '0');
  return {
    familyName: family,
    givenName: r.pick(sex === 'female' ? GIVEN_F : GIVEN_M),
    middleName: r.chance(0.4) ? String.fromCharCode(65 + r.int(0, 25)) : null,
    birthDate,
    sex,
    address: { line1: `${r.int(10, 9999)} ${r.pick(STREETS)} ${r.pick(['St', 'Ave', 'Rd', 'Ln'])}`, city, state, postalCode: `${zip3}${String(r.int(0, 99)).padStart(2, '0')}`, country: 'US' },
    // 555-01xx numbers are reserved for fiction; the rest of the line keeps each one distinct.
    phones: [{ use: 'mobile', number: `217-555-${String(i % 10000).padStart(4, '0')}` }],
    email: r.chance(0.6) ? `patient${i}@example.org` : null,
    language: r.chance(0.85) ? 'en' : r.pick(['es', 'vi', 'zh', 'ar']),
    contactPreferences: { channel: r.pick(['sms', 'email', 'voice'] as const), allowSms: true, allowEmail: true, allowVoicemail: r.chance(0.8) },
    ssn: r.chance(0.7) ? `${ssnArea}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}` : null,
    chronicConditions: Array.from({ length: r.int(0, 2) }, () => r.pick(CONDITIONS)).filter((c, k, a) => a.findIndex((x) => x[0] === c[0]) === k).map(([code, display]) => ({ code, display })),
    allergies: r.chance(0.25) ? [{ substance: r.pick(ALLERGIES), reaction: 'rash', severity: 'moderate' as const }] : [],
    careTeam: [],
    restricted: false,
    coverages:
      payer && plan
        ? [{ payerId: payer.id, memberId: `${demoMemberPrefix(plan, i)}${String(100000000 + i * 7919).slice(0, 9)}`, groupNumber: `G${r.int(1000, 9999)}`, planName: `${plan} Plan`, planType: plan as PatientInput['coverages'][number]['planType'], priority: 1, relationship: 'self' as const, effectiveDate: `${today.slice(0, 4)}-01-01`, endDate: r.chance(0.05) ? addDays(today, r.int(1, 28)) : null }]
        : [],
    acknowledgeDuplicates: true,
  };
};

/**
 * Member ids the payer simulator understands (see `medoffice payer-sim --help`): HMO and POS plans
 * answer as an HMO needing referrals, the rest as a PPO with its deductible partly met; a few
 * patients are inactive (INA), unknown to the payer (NF) or on file under another name (MM).
 */
const demoMemberPrefix = (plan: string, i: number): string =>
  i % 41 === 7 ? 'INA' : i % 43 === 11 ? 'NF' : i % 47 === 13 ? 'MM' : plan === 'HMO' || plan === 'POS' ? 'HMO' : 'PPO';
