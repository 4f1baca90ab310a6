import { useState, type FormEvent } from 'react';
import { useSession } from '../shell/session.tsx';
import { TextArea } from '../shell/ui.tsx';
import { OVERRIDE_LABELS, overrideKindFor, type Override, type Verdict } from './api.ts';

/** The reasons a time does or does not suit, blocking ones first. */
export const VerdictList = ({ verdicts }: { verdicts: readonly Verdict[] }) => {
  const sorted = [...verdicts].sort((a, b) => Number(b.blocking) - Number(a.blocking));
  return (
    <ul className="verdicts">
      {sorted.map((v, i) => (
        <li key={`${v.code}-${i}`} className={v.blocking ? 'blocking' : 'note'}>
          {v.sentence}
        </li>
      ))}
    </ul>
  );
};

/**
 * For a user allowed to override: book (or move) anyway, with a reason. Shown only when one
 * override kind lifts every blocking verdict.
 */
export const OverrideForm = ({ verdicts, action, busy, onOverride }: { verdicts: readonly Verdict[]; action: string; busy: boolean; onOverride: (o: Override) => void }) => {
  const { can } = useSession();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const kind = overrideKindFor(verdicts);
  if (!can('schedule.override')) return null;
  if (!kind)
    return verdicts.some((v) => v.blocking) ? <p className="hint">No override can lift {verdicts.filter((v) => v.blocking).length === 1 ? 'this reason' : 'all of these reasons'}; choose another time.</p> : null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    e.stopPropagation();
    if (reason.trim().length < 4) {
      setError('Say why this booking should go ahead (at least 4 characters); the reason is recorded and reviewed.');
      return;
    }
    setError('');
    onOverride({ kind, reason: reason.trim() });
  };
  return (
    <form className="override" onSubmit={submit} noValidate aria-label={action}>
      <TextArea label={`Reason for the ${OVERRIDE_LABELS[kind].toLowerCase()}`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={error} required hint="For example: urgent follow-up approved by Dr. Chen" />
      <button className="btn danger" type="submit" disabled={busy}>
        {action}
      </button>
    </form>
  );
};
