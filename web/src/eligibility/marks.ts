import { useEffect, useMemo, useState } from 'react';
import { visitStatuses, type CheckOutcome, type VisitEligibility } from './api.ts';

// The calendar's eligibility marks: each visit's latest check in three kinds (verified active,
// needs attention, not checked), loaded for every visit in view in one request per 2,000 visits.

export type MarkKind = 'ok' | 'attention' | 'unchecked';

export interface Mark {
  kind: MarkKind;
  /** The glyph on the visit block (decorative; the words are in `label`). */
  symbol: string;
  /** What the mark means, in words: read by screen readers and shown first in the tooltip. */
  label: string;
  /** The tooltip: the label and the check's first benefit sentence. */
  title: string;
}

export const MARK_SYMBOLS: Record<MarkKind, string> = { ok: '✓', attention: '!', unchecked: '?' };

/** The legend's words for each kind. */
export const MARK_LEGEND: Record<MarkKind, string> = { ok: 'Insurance verified', attention: 'Insurance needs attention', unchecked: 'Insurance not checked' };

const OUTCOME_LABELS: Record<CheckOutcome, string> = {
  active: 'Insurance verified active',
  inactive: 'Insurance inactive',
  not_found: 'Member not found by the payer',
  mismatch: 'Patient data differs from the payer’s',
  // The statuses do not say which of the two the payer asked for.
  needs_authorization: 'Referral or authorisation needed',
  could_not_check: 'Insurance could not be checked',
};

/** The mark of a visit's latest check; null (no coverage or not checked yet) is "not checked". */
export const markOf = (s: VisitEligibility | null): Mark => {
  if (!s || !s.outcome) return { kind: 'unchecked', symbol: MARK_SYMBOLS.unchecked, label: 'Insurance not checked', title: 'Insurance not checked yet (or no insurance on file)' };
  const kind: MarkKind = s.outcome === 'active' ? 'ok' : 'attention';
  const label = OUTCOME_LABELS[s.outcome];
  const how = s.source === 'manual' ? ' (verified by phone)' : '';
  return { kind, symbol: MARK_SYMBOLS[kind], label, title: `${label}${how}${s.headline ? `: ${s.headline}` : ''}` };
};

export interface VisitMarks {
  /** The marks loaded so far by visit id; a visit not in it has no mark yet. */
  marks: Readonly<Record<string, VisitEligibility | null>>;
  /** Why the marks could not be loaded, if they could not. */
  error: unknown;
  /** Loads the marks of the visits in view again (after "Check insurance now"). */
  refresh: () => void;
}

/**
 * The marks of the visits in view: loaded when the set of visits changes (one request per 2,000),
 * earlier marks kept while the next ones load. Nothing is asked when `enabled` is false.
 */
export const useVisitMarks = (appointmentIds: readonly string[] | null, enabled: boolean): VisitMarks => {
  const [marks, setMarks] = useState<Record<string, VisitEligibility | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // A stable key: a reload of the same visits (a move, a status change) asks nothing new.
  const key = useMemo(() => (appointmentIds ? [...appointmentIds].sort().join(',') : ''), [appointmentIds]);

  useEffect(() => {
    if (!enabled || !key) return;
    const ids = key.split(',');
    const ctl = new AbortController();
    visitStatuses(ids, ctl.signal).then(
      (found) => {
        if (ctl.signal.aborted) return;
        setError(null);
        setMarks((m) => ({ ...m, ...found }));
      },
      (e: unknown) => !ctl.signal.aborted && setError(e),
    );
    return () => ctl.abort();
  }, [key, enabled, tick]);

  return useMemo(() => ({ marks, error, refresh: () => setTick((t) => t + 1) }), [marks, error]);
};
