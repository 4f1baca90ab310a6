import { useState, type FormEvent } from 'react';
import { todayLocal } from '../shell/format.ts';
import { Dialog, Notice, TextArea, TextField, errorText } from '../shell/ui.tsx';
import { completeItem, snoozeItem, type WorkItem } from './api.ts';

const tomorrow = (): string => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return todayLocal(d);
};

/** Snooze with a reason: the item leaves "My day" until the morning of the chosen date. */
export const SnoozeDialog = ({ item, onClose, onDone }: { item: WorkItem | null; onClose: () => void; onDone: (text: string) => void }) => {
  const [until, setUntil] = useState(tomorrow());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!item) return;
    const errs: Record<string, string> = {};
    if (!until || until <= todayLocal()) errs.until = 'Choose a date after today.';
    if (reason.trim().length < 3) errs.reason = 'Say why this can wait (at least 3 characters), so colleagues know.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setFailure('');
    try {
      // 8:00 in the user's own zone on the chosen day.
      await snoozeItem(item.id, new Date(`${until}T08:00:00`).toISOString(), reason.trim());
      setReason('');
      onDone('The item is snoozed. It comes back on the chosen day.');
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={!!item} title="Snooze this item" onClose={onClose}>
      {item && (
        <form onSubmit={submit} noValidate>
          <p className="muted">{item.title}</p>
          <TextField label="Snooze until" type="date" min={tomorrow()} value={until} onChange={(e) => setUntil(e.target.value)} error={errors.until} required />
          <TextArea label="Reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} required hint="For example: patient calls back Thursday" />
          {failure && <Notice kind="error">{failure}</Notice>}
          <div className="actions">
            <button className="btn primary" type="submit" disabled={busy}>
              {busy ? 'Snoozing…' : 'Snooze'}
            </button>
            <button className="btn" type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
};

/** Mark done, with an optional note for the record. */
export const CompleteDialog = ({ item, onClose, onDone }: { item: WorkItem | null; onClose: () => void; onDone: (text: string) => void }) => {
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!item) return;
    setBusy(true);
    setFailure('');
    try {
      await completeItem(item.id, note.trim() || null);
      setNote('');
      onDone('Done. The item is off your list.');
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={!!item} title="Mark as done" onClose={onClose}>
      {item && (
        <form onSubmit={submit} noValidate>
          <p className="muted">{item.title}</p>
          <TextArea label="Note (optional)" rows={2} value={note} onChange={(e) => setNote(e.target.value)} hint="What was done, for colleagues" />
          {failure && <Notice kind="error">{failure}</Notice>}
          <div className="actions">
            <button className="btn primary" type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Mark as done'}
            </button>
            <button className="btn" type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
};
