// The detail of an audit entry is stored as a JSON object of ids and reasons; the report shows it
// as "Key: value" pairs, never as raw JSON.

const KEY_WORDS: Record<string, string> = {
  results: 'Results',
  by: 'Searched by',
  reason: 'Reason',
  stage: 'Stage',
  sessionId: 'Session',
  challengeId: 'Challenge',
  coverageId: 'Coverage',
  breakGlass: 'Emergency access',
  version: 'Version',
  suspectedDuplicates: 'Suspected duplicates',
  rows: 'Rows',
  itemId: 'Work item',
  kind: 'Kind',
  ownerId: 'New owner',
  previousOwnerId: 'Previous owner',
  withNote: 'With note',
  until: 'Until',
  targetUserId: 'User',
  userId: 'User',
  revoked: 'Sessions ended',
  grantId: 'Grant',
  duplicateId: 'Duplicate',
  survivorId: 'Kept record',
  disclosureId: 'Disclosure',
  view: 'View',
  retryAfterSeconds: 'Retry after (seconds)',
};

const words = (key: string): string => KEY_WORDS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/\bId\b/, 'ID');

const value = (v: unknown): string => (v === true ? 'yes' : v === false ? 'no' : v === null || v === undefined ? 'none' : String(v).replace(/_/g, ' '));

/** An entry's detail as readable text: "Results: 3 · Searched by: name". */
export const detailText = (detail: string): string => {
  if (!detail || detail === '{}') return '';
  try {
    const obj = JSON.parse(detail) as Record<string, unknown>;
    return Object.entries(obj)
      .map(([k, v]) => `${words(k)}: ${typeof v === 'object' && v !== null ? Object.entries(v as Record<string, unknown>).map(([a, b]) => `${words(a)} ${value(b)}`).join(', ') : value(v)}`)
      .join(' · ');
  } catch {
    return detail;
  }
};
