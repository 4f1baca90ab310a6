import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from '../shell/router.tsx';
import { Dialog, Notice, TextArea, errorText } from '../shell/ui.tsx';
import type { PatientLabel } from '../worklist/usePatientNames.ts';
import { searchPatientVisits, type PatientVisit, type Referral } from './api.ts';

/** The patient of a queue entry: name and birth date, linked to the record; the id link when the record cannot be read. */
export const QueuePatient = ({ id, label }: { id: string; label: PatientLabel | 'unavailable' | undefined | null }) => {
  const to = `/patients/${encodeURIComponent(id)}`;
  if (label === undefined) return <span className="queue-patient pending">Loading patient…</span>;
  if (label === null || label === 'unavailable')
    return (
      <span className="queue-patient">
        <Link to={to}>Patient record {id}</Link> <span className="muted">(name not available to you)</span>
      </span>
    );
  return (
    <span className="queue-patient">
      <Link to={to} className="queue-patient-name">
        {label.name}
      </Link>{' '}
      <span className="muted">{label.detail}</span>
    </span>
  );
};

/** A confirmation for a queue action, with an optional reason. */
export const QueueConfirmDialog = ({
  open,
  title,
  children,
  confirm,
  reason,
  onClose,
  onConfirm,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  reason?: { label: string; hint: string };
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) => (
  <Dialog open={open} title={title} onClose={onClose}>
    {open && <ConfirmBody confirm={confirm} reason={reason} onClose={onClose} onConfirm={onConfirm}>{children}</ConfirmBody>}
  </Dialog>
);

const ConfirmBody = ({ children, confirm, reason, onClose, onConfirm }: { children: ReactNode; confirm: string; reason?: { label: string; hint: string }; onClose: () => void; onConfirm: (reason: string) => Promise<void> }) => {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (reason && text.trim().length < 4) return setError(`Enter the ${reason.label.toLowerCase()} (at least 4 characters), so colleagues know why.`);
    if (reason && text.trim().length > 200) return setError(`The ${reason.label.toLowerCase()} is too long. Shorten it to 200 characters.`);
    setError('');
    setBusy(true);
    setFailure('');
    try {
      await onConfirm(text.trim());
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {children}
      {reason && <TextArea label={reason.label} rows={2} required value={text} onChange={(e) => setText(e.target.value)} onBlur={() => text && text.trim().length < 4 && setError(`Enter the ${reason.label.toLowerCase()} (at least 4 characters), so colleagues know why.`)} error={error} hint={reason.hint} autoFocus />}
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn danger" type="submit" disabled={busy}>
          {busy ? 'Saving…' : confirm}
        </button>
        <button className="btn" type="button" onClick={onClose}>
          Back
        </button>
      </div>
    </form>
  );
};

const DAY = 86_400_000;
/** The appointment search allows 92 days at once. */
const WINDOW = 92 * DAY;

/**
 * The visits booked against each referral. A referral stays open until closed, so "waiting to
 * be booked" means: no visit (other than a cancelled one) names it. The patient's visits are read
 * from the day the referral was recorded, in 92-day windows, up to two months ahead.
 */
export const loadReferralVisits = async (referrals: readonly Referral[], signal?: AbortSignal, now = Date.now()): Promise<Map<string, PatientVisit[]>> => {
  const byPatient = new Map<string, Referral[]>();
  for (const r of referrals) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const out = new Map<string, PatientVisit[]>(referrals.map((r) => [r.id, []]));
  const todo = [...byPatient.entries()];
  const next = async (): Promise<void> => {
    while (todo.length && !signal?.aborted) {
      const [patientId, rs] = todo.shift()!;
      const ids = new Set(rs.map((r) => r.id));
      let from = Math.min(...rs.map((r) => Date.parse(r.createdAt))) - DAY / 2;
      const until = now + 60 * DAY;
      for (let n = 0; from < until && n < 4; n++, from += WINDOW) {
        const visits = await searchPatientVisits({ patientId, from: new Date(from).toISOString(), to: new Date(from + WINDOW).toISOString() }, signal);
        for (const a of visits) {
          const list = a.referralId && ids.has(a.referralId) && a.status !== 'cancelled' ? out.get(a.referralId) : undefined;
          if (list && !list.some((x) => x.id === a.id)) list.push(a);
        }
      }
    }
  };
  await Promise.all([next(), next(), next()]);
  for (const list of out.values()) list.sort((a, b) => (a.start < b.start ? -1 : 1));
  return out;
};
