// Display formatting for the browser. Dates of birth and coverage dates are local dates
// (YYYY-MM-DD) and are shown without any time-zone shift.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `1980-03-04` as "Mar 4, 1980"; empty for null. */
export const formatDate = (d: string | null | undefined): string => {
  if (!d) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  if (!m) return d;
  return `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
};

/** An instant in the user's zone: "Mar 4, 2025, 2:05 PM". */
export const formatDateTime = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
};

/** Today's local date, YYYY-MM-DD. */
export const todayLocal = (now = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

/** Whole years between a birth date and a local date. */
export const ageOn = (birthDate: string | null, on: string): number | null => {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

/** "34 y", or months for infants: "7 mo". */
export const ageLabel = (birthDate: string | null, on = todayLocal()): string => {
  const years = ageOn(birthDate, on);
  if (years === null || !birthDate) return 'age unknown';
  if (years >= 2) return `${years} y`;
  const [by, bm] = birthDate.split('-').map(Number) as [number, number];
  const [y, m] = on.split('-').map(Number) as [number, number];
  return `${Math.max(0, (y - by) * 12 + (m - bm))} mo`;
};

const DAY_MS = 86_400_000;

/** A due instant relative to now: "Overdue by 3 days", "Due today", "Due in 5 days". */
export const dueLabel = (due: string | null, now = new Date()): string => {
  if (!due) return 'No due date';
  const t = new Date(due.length === 10 ? `${due}T23:59:59` : due).getTime();
  if (Number.isNaN(t)) return `Due ${due}`;
  // Calendar days in the user's zone: "due today" means before tonight's midnight.
  const dueDay = todayLocal(new Date(t));
  const days = Math.round((Date.parse(`${dueDay}T00:00:00Z`) - Date.parse(`${todayLocal(now)}T00:00:00Z`)) / DAY_MS);
  if (t < now.getTime()) {
    const late = Math.max(0, Math.floor((now.getTime() - t) / DAY_MS));
    return late === 0 ? 'Overdue today' : `Overdue by ${late} day${late === 1 ? '' : 's'}`;
  }
  if (days <= 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  return `Due in ${days} days`;
};

/** Whole days since an instant ("age" of a work item). */
export const daysSince = (iso: string, now = new Date()): number => Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / DAY_MS));

export const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };

export const PRIORITY_LABELS: Record<number, string> = { 1: 'Urgent', 2: 'High', 3: 'Normal', 4: 'Low' };

export const COVERAGE_ORDER: Record<number, string> = { 1: 'Primary', 2: 'Secondary', 3: 'Tertiary' };

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Administrator',
  provider: 'Provider',
  back_office: 'Back office',
  front_desk: 'Front desk',
  biller: 'Biller',
  auditor: 'Auditor',
};

/** "Smith, Jane A." */
export const patientName = (p: { familyName: string; givenName: string; middleName?: string | null; suffix?: string | null }): string =>
  `${p.familyName}${p.suffix ? ` ${p.suffix}` : ''}, ${p.givenName}${p.middleName ? ` ${p.middleName.charAt(0)}.` : ''}`;

/** "(555) 123-4567" for 10-digit US numbers, else as typed. */
export const formatPhone = (n: string): string => {
  const d = n.replace(/\D/g, '');
  const ten = d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
  return ten.length === 10 ? `(${ten.slice(0, 3)}) ${ten.slice(3, 6)}-${ten.slice(6)}` : n;
};

/** Words for an action code of the audit trail: `patient.ssn.unmask` becomes "Patient SSN unmask". */
export const actionLabel = (action: string): string => {
  const known: Record<string, string> = {
    'auth.login': 'Sign-in',
    'auth.logout': 'Sign-out',
    'auth.mfa': 'Two-step code',
    'auth.mfa.enrol': 'Two-step sign-in set up',
    'auth.unlock': 'Screen unlocked',
    'patient.read': 'Patient record opened',
    'patient.search': 'Patient search',
    'patient.create': 'Patient registered',
    'patient.update': 'Patient record changed',
    'patient.history': 'Patient history viewed',
    'patient.merge': 'Patients merged',
    'patient.ssn.unmask': 'SSN unmasked',
    'coverage.create': 'Coverage added',
    'coverage.update': 'Coverage changed',
    'coverage.delete': 'Coverage removed',
    'audit.search': 'Audit report viewed',
    'audit.export': 'Audit report exported',
    'disclosure.record': 'Disclosure recorded',
    'disclosure.accounting': 'Disclosures listed',
    'breakglass.start': 'Emergency access started',
    'breakglass.review': 'Emergency access reviewed',
  };
  if (known[action]) return known[action];
  const words = action.replace(/[._]/g, ' ').replace(/\bssn\b/i, 'SSN').replace(/\bmfa\b/i, 'MFA');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
