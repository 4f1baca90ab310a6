import { useId, useState } from 'react';
import { AsyncView, useAsync } from '../shell/ui.tsx';
import { rawExchange, segmentLines } from './api.ts';

/** "Show the payer's answer": the raw 270 and 271 of an electronic check, one segment per line, read (and audited) on the click. */
export const RawExchange = ({ checkId, label = 'Show the payer’s answer' }: { checkId: string; label?: string }) => {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="elig-raw">
      <button type="button" className="btn small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide the payer’s answer' : label}
      </button>
      <div id={panelId}>{open && <RawPanel checkId={checkId} />}</div>
    </div>
  );
};

const RawPanel = ({ checkId }: { checkId: string }) => {
  const raw = useAsync((signal) => rawExchange(checkId, signal), [checkId]);
  return (
    <AsyncView value={raw} loading="Loading the payer’s answer…" errorTitle="The payer’s answer could not be shown">
      {(r) => (
        <div className="elig-raw-panel">
          <h4>The payer’s answer (X12 271)</h4>
          {r.raw271 ? (
            <pre className="x12" aria-label="Raw 271" tabIndex={0}>
              {segmentLines(r.raw271)}
            </pre>
          ) : (
            <p className="muted">No answer was received from the payer for this check.</p>
          )}
          <h4>What was asked (X12 270)</h4>
          {r.raw270 ? (
            <pre className="x12" aria-label="Raw 270" tabIndex={0}>
              {segmentLines(r.raw270)}
            </pre>
          ) : (
            <p className="muted">The inquiry was not kept for this check.</p>
          )}
        </div>
      )}
    </AsyncView>
  );
};
