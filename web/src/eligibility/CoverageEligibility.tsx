import { useState } from 'react';
import { formatDateTime } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { ErrorState, Loading, Notice, useAsync, type Async } from '../shell/ui.tsx';
import { howChecked, patientChecks, sentencesOf, statusOf, type EligibilityCheck } from './api.ts';
import { PhoneVerificationForm } from './PhoneVerificationForm.tsx';
import { RawExchange } from './RawExchange.tsx';

/** A patient's eligibility checks, loaded once for the Coverages tab; `add` puts a new check first. */
export const usePatientChecks = (patientId: string, enabled: boolean): Async<EligibilityCheck[]> & { reload: () => void; add: (c: EligibilityCheck) => void } => {
  const [added, setAdded] = useState<EligibilityCheck[]>([]);
  const loaded = useAsync((signal) => (enabled ? patientChecks(patientId, signal) : Promise.resolve([])), [patientId, enabled]);
  const value: Async<EligibilityCheck[]> = loaded.status === 'ok' ? { status: 'ok', data: [...added.filter((a) => !loaded.data.some((c) => c.id === a.id)), ...loaded.data] } : loaded;
  return { ...value, reload: loaded.reload, add: (c) => setAdded((a) => [c, ...a]) };
};

/** The status chip of a check. */
export const CheckChip = ({ check }: { check: EligibilityCheck }) => {
  const st = statusOf(check);
  return <span className={`chip ${st.tone} elig-chip`}>{st.text}</span>;
};

/** A check's benefits in plain words, and what the payer or the caller added. */
export const CheckSentences = ({ check }: { check: EligibilityCheck }) => {
  const sentences = sentencesOf(check);
  const note = check.manual?.note;
  const messages = check.source === 'electronic' ? (check.snapshot?.messages ?? []) : [];
  return (
    <>
      {sentences.length > 0 ? (
        <ul className="elig-summary">
          {sentences.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      ) : (
        check.state === 'done' && <p className="muted elig-summary-empty">The payer gave no benefit details.</p>
      )}
      {note && <p className="elig-note">They said: “{note}”</p>}
      {messages.length > 0 && <p className="elig-note">The payer’s notes: {messages.join('; ')}</p>}
      {check.outcome === 'could_not_check' && check.retryAfter && <p className="muted">The payer can be asked again after {formatDateTime(check.retryAfter)}.</p>}
    </>
  );
};

/**
 * The eligibility of one coverage on the Coverages tab: the latest check's status and benefits in
 * plain words, when and how it was checked, the payer's raw answer, the history of checks, and
 * "Record a phone verification".
 */
export const CoverageEligibility = ({ coverageId, payerName, checks, canRecord, onRecorded }: { coverageId: string; payerName: string; checks: Async<EligibilityCheck[]> & { reload: () => void }; canRecord: boolean; onRecorded: (c: EligibilityCheck) => void }) => {
  const { me } = useSession();
  const [recording, setRecording] = useState(false);
  const [message, setMessage] = useState('');
  const mine = checks.status === 'ok' ? checks.data.filter((c) => c.coverageId === coverageId) : [];
  const latest = mine[0];
  return (
    <section className="elig" aria-label={`Eligibility of ${payerName}`}>
      <div className="elig-head">
        <h3>Eligibility</h3>
        {latest && <CheckChip check={latest} />}
      </div>
      {checks.status === 'loading' && <Loading label="Loading the eligibility checks…" />}
      {checks.status === 'error' && <ErrorState error={checks.error} onRetry={checks.reload} title="The eligibility checks could not be loaded" />}
      {checks.status === 'ok' && !latest && (
        <p className="muted">Not checked yet. The pre-visit sweep checks this coverage before the patient’s next visit{canRecord ? '; you can also record a phone verification' : ''}.</p>
      )}
      {latest && (
        <div className="elig-latest">
          <p className="elig-how">{howChecked(latest, me.user.id)}</p>
          <CheckSentences check={latest} />
        </div>
      )}
      {message && <Notice kind="ok">{message}</Notice>}
      {(latest || canRecord) && !recording && (
        <div className="actions elig-actions">
          {latest && latest.source === 'electronic' && latest.state === 'done' && <RawExchange checkId={latest.id} />}
          {canRecord && (
            <button type="button" className="btn small" onClick={() => (setRecording(true), setMessage(''))} aria-label={`Record a phone verification of ${payerName}`}>
              Record a phone verification
            </button>
          )}
        </div>
      )}
      {recording && (
        <PhoneVerificationForm
          coverageId={coverageId}
          payerName={payerName}
          onCancel={() => setRecording(false)}
          onSaved={(c) => {
            setRecording(false);
            setMessage(`The phone verification with ${c.manual?.verifiedWith ?? 'the payer'} is recorded; the coverage counts as verified.`);
            onRecorded(c);
          }}
        />
      )}
      {mine.length > 0 && (
        <details className="elig-history">
          <summary>History of checks ({mine.length})</summary>
          <ol>
            {mine.map((c) => (
              <li key={c.id}>
                <p className="elig-history-head">
                  <CheckChip check={c} /> <span>{howChecked(c, me.user.id)}</span>
                </p>
                <CheckSentences check={c} />
                {c.source === 'electronic' && c.state === 'done' && c.id !== latest?.id && <RawExchange checkId={c.id} />}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
};
