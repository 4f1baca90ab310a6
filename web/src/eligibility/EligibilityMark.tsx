import type { VisitEligibility } from './api.ts';
import { MARK_LEGEND, MARK_SYMBOLS, markOf, type MarkKind } from './marks.ts';

/**
 * A visit block's eligibility mark: a glyph with the check's headline as its tooltip. The words
 * travel in the block's accessible name (a button's aria-label hides its content), so the glyph
 * itself is hidden from screen readers.
 */
export const EligibilityMark = ({ status }: { status: VisitEligibility | null }) => {
  const m = markOf(status);
  return (
    <span className={`elig-mark ${m.kind}`} data-elig={m.kind} title={m.title} aria-hidden="true">
      {m.symbol}
    </span>
  );
};

/** The calendar legend's entries for the three marks. */
export const EligibilityLegend = () => (
  <>
    {(['ok', 'attention', 'unchecked'] as MarkKind[]).map((k) => (
      <li key={k} className="legend-elig">
        <span className={`elig-mark static ${k}`} aria-hidden="true">
          {MARK_SYMBOLS[k]}
        </span>{' '}
        {MARK_LEGEND[k]}
      </li>
    ))}
  </>
);
