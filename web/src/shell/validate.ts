import { fieldLabel, zodToIssues, issueSentence } from './errors.ts';

// Fields picked from a list: an empty one asks to choose, not to enter.
const CHOICES = new Set(['sex', 'payerId', 'planType', 'role', 'relationship', 'severity']);

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Field errors for a form from schema issues: keyed by the form field (via `keyOf`), each a
 * sentence; an empty required field says "Enter the ...".
 */
export const fieldErrors = (issues: readonly ZodLikeIssue[], keyOf: (path: string) => string, values: Record<string, string> = {}): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const i of zodToIssues(issues)) {
    const key = keyOf(i.path);
    if (out[key]) continue;
    const empty = key in values && !values[key]?.trim();
    out[key] = empty ? (CHOICES.has(key) ? `Choose the ${fieldLabel(i.path).toLowerCase()}.` : issueSentence(i.path, 'required')) : issueSentence(i.path, i.message);
  }
  return out;
};

/** Keeps only the errors of fields the user has left (or all, after a submit). */
export const visibleErrors = (errors: Record<string, string>, touched: Set<string>, submitted: boolean): Record<string, string> =>
  submitted ? errors : Object.fromEntries(Object.entries(errors).filter(([k]) => touched.has(k)));
