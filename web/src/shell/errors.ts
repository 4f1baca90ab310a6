/** A field problem as the API reports it. */
export interface FieldIssue {
  path: string;
  message: string;
}

const minutes = (seconds: unknown): string => {
  const m = typeof seconds === 'number' ? Math.max(1, Math.ceil(seconds / 60)) : null;
  return m ? `${m} minute${m === 1 ? '' : 's'}` : 'a few minutes';
};

// Server messages are sentences, but some name internal action codes ("patient.ssn.unmask");
// those never reach the screen: each error code gets a sentence that says what to do next.
const looksInternal = (message: string): boolean => /[a-z]+\.[a-z_]+(\.[a-z_]+)?/.test(message) || /^[A-Z_]+$/.test(message) || message.length === 0;

/** The sentence shown for an API error: what went wrong and what to do next. */
export const friendlyMessage = (status: number, code: string, message: string, details: Record<string, unknown>): string => {
  switch (code) {
    case 'unauthenticated':
      return message && !looksInternal(message) ? `${message.replace(/\.$/, '')}.` : 'Your session has ended. Sign in again to continue.';
    case 'forbidden':
      return 'Your role does not allow this. Ask an administrator if you need access.';
    case 'not_found':
      return status === 404 && message === 'No such endpoint'
        ? 'This feature is not available on this server yet. Ask the administrator to update Medoffice.'
        : 'That record was not found. It may have been merged or removed, or you may not have access to it. Search again.';
    case 'precondition_failed':
      return message && !/\bversion\b|changed/i.test(message) ? `${message.replace(/\.$/, '')}.` : 'Someone else changed this record since you opened it. Reload it, then make your change again.';
    case 'too_many_requests':
      return `Too many attempts. Wait ${minutes(details.retryAfterSeconds)} and try again.`;
    case 'unavailable':
      return 'The server is busy or a service it needs is down. Try again in a minute.';
    case 'conflict':
      return message && !looksInternal(message) ? `${message.replace(/\.$/, '')}.` : 'This conflicts with a change made by someone else. Reload and try again.';
    case 'invalid':
      return message && !looksInternal(message) ? `${message.replace(/\.$/, '')}. Correct the marked fields and try again.` : 'Some fields are not valid. Correct the marked fields and try again.';
    default:
      return status >= 500
        ? 'Something went wrong on the server and nothing was saved. Try again; if it keeps happening, tell your administrator.'
        : 'The request could not be completed. Check what you entered and try again.';
  }
};

const LABELS: Record<string, string> = {
  familyName: 'Family name',
  givenName: 'Given name',
  middleName: 'Middle name',
  preferredName: 'Preferred name',
  suffix: 'Suffix',
  birthDate: 'Date of birth',
  sex: 'Sex',
  genderIdentity: 'Gender identity',
  email: 'Email',
  language: 'Language',
  ssn: 'SSN',
  number: 'Phone',
  line1: 'Street address',
  line2: 'Address line 2',
  city: 'City',
  state: 'State',
  postalCode: 'ZIP code',
  payerId: 'Payer',
  memberId: 'Member ID',
  groupNumber: 'Group number',
  planName: 'Plan name',
  planType: 'Plan type',
  priority: 'Order',
  effectiveDate: 'Start date',
  endDate: 'End date',
  code: 'ICD-10 code',
  display: 'Description',
  onset: 'Onset date',
  substance: 'Substance',
  reaction: 'Reaction',
  severity: 'Severity',
  name: 'Name',
  role: 'Role',
  organization: 'Organization',
  phone: 'Phone',
  npi: 'NPI',
  credentials: 'Credentials',
  taxonomyCode: 'Taxonomy code',
  specialty: 'Specialty',
  locationIds: 'Locations',
  payerCode: 'Payer ID',
  planTypes: 'Plan types',
  duplicateId: 'Record to merge',
  username: 'Username',
  displayName: 'Full name',
  password: 'Password',
  reason: 'Reason',
  note: 'Note',
  recipient: 'Recipient',
  purpose: 'Purpose',
  description: 'Description',
  disclosedOn: 'Date disclosed',
  until: 'Snooze until',
  quietHours: 'Quiet hours',
  subscriber: 'Subscriber',
};

/** A field path's label: `phones[0].number` becomes "Phone". */
export const fieldLabel = (path: string): string => {
  const last = path.replace(/\[\d+\]/g, '').split('.').filter(Boolean).pop() ?? path;
  return LABELS[last] ?? last.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
};

/** A field problem as a sentence. Generic validator wording becomes "Enter ..." / "Check ...". */
export const issueSentence = (path: string, message: string): string => {
  const label = fieldLabel(path);
  if (/^(too small|required|invalid input: expected string, received undefined)/i.test(message) || /expected .* to have >=1/i.test(message)) return `Enter the ${label.toLowerCase()}.`;
  if (/^too big/i.test(message)) return `${label} is too long. Shorten it.`;
  if (/^invalid option|expected one of/i.test(message)) return `Choose a ${label.toLowerCase()} from the list.`;
  if (/^invalid (input|string|email|format)/i.test(message)) return `Check the ${label.toLowerCase()}: it is not in the expected format.`;
  if (/^unknown field/i.test(message)) return 'The form sent a field the server does not accept. Reload the page and try again.';
  const raw = path.replace(/\[\d+\]/g, '').split('.').pop() ?? '';
  // Schema messages may start with the raw field name ("birthDate must be a real date").
  const named = raw && message.replace(/^subscriber\./, '').startsWith(raw) ? `${label}${message.replace(/^subscriber\./, '').slice(raw.length)}` : null;
  if (named) return `${named.replace(/, YYYY-MM-DD$/, '').replace(/\.$/, '')}.`;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return `${label}: ${sentence.replace(/\.$/, '')}.`;
};

/** Field errors keyed by path, from API issues or zod issues. */
export const issuesByPath = (issues: { path: string; message: string }[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const i of issues) if (!out[i.path]) out[i.path] = issueSentence(i.path, i.message);
  return out;
};

/** Zod issues (path arrays) as API-style field issues. */
export const zodToIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] =>
  issues.map((i) => ({
    path: i.path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), ''),
    message: i.message,
  }));
