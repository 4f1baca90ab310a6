import { useState, type FormEvent } from 'react';
import { formatDate } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, ErrorSummary, Notice, SelectField, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { createRecall, type Recall } from './api.ts';
import { PatientPicker, type PickedPatient } from './PatientPicker.tsx';
import { loadQueueCatalog, locationsFor, practiceToday, providerLabel, providersAt, type QueueCatalog } from './QueueCatalog.ts';
import { isDate, useQueueForm } from './QueueFormKit.tsx';
import { addDays } from './time.ts';

/** Add a recall ("return in 3 months for a diabetes check"): it comes due on the worklist two weeks ahead. */
export const RecallFormDialog = ({ open, patient, onClose, onSaved }: { open: boolean; patient: PickedPatient | null; onClose: () => void; onSaved: (r: Recall, text: string) => void }) => (
  <Dialog open={open} title="Add a recall" onClose={onClose}>
    {open && <RecallFormLoader patient={patient} onClose={onClose} onSaved={onSaved} />}
  </Dialog>
);

const RecallFormLoader = ({ patient, onClose, onSaved }: { patient: PickedPatient | null; onClose: () => void; onSaved: (r: Recall, text: string) => void }) => {
  const { can } = useSession();
  const catalog = useAsync(() => loadQueueCatalog(can('reference.read')), []);
  return (
    <AsyncView value={catalog} loading="Loading the form…" errorTitle="The form could not be loaded">
      {(c) => <RecallForm catalog={c} patient={patient} onClose={onClose} onSaved={onSaved} />}
    </AsyncView>
  );
};

type Key = 'typeId' | 'reason' | 'dueOn' | 'providerId' | 'locationId';
const KEYS: readonly Key[] = ['typeId', 'reason', 'dueOn', 'providerId', 'locationId'];

/** Months from a date, clamped to the month's last day (Jan 31 + 1 month = Feb 28). */
const addMonths = (date: string, n: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
};

const RecallForm = ({ catalog, patient: initialPatient, onClose, onSaved }: { catalog: QueueCatalog; patient: PickedPatient | null; onClose: () => void; onSaved: (r: Recall, text: string) => void }) => {
  const today = practiceToday(catalog);
  const [patient, setPatient] = useState<PickedPatient | null>(initialPatient);
  const [patientError, setPatientError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const form = useQueueForm<Key>({ typeId: '', reason: '', dueOn: '', providerId: '', locationId: '' }, (v) => {
    const e: Partial<Record<Key, string>> = {};
    const reason = v.reason.trim();
    if (reason.length < 2) e.reason = 'Enter the reason for the recall, for example "Diabetes check (A1c)".';
    else if (reason.length > 300) e.reason = 'The reason is too long. Shorten it to 300 characters.';
    if (!v.typeId) e.typeId = 'Choose the appointment type to book when the recall is due.';
    if (!isDate(v.dueOn)) e.dueOn = 'Enter the date the patient should come back.';
    else if (v.dueOn < today) e.dueOn = 'The due date cannot be in the past. For a visit needed now, book it from the calendar.';
    return e;
  });
  const v = form.values;
  const locations = locationsFor(catalog, v.providerId || null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const ok = form.submit();
    setPatientError(!patient);
    if (!ok || !patient) return;
    setBusy(true);
    setFailure('');
    try {
      const r = await createRecall({ patientId: patient.id, typeId: v.typeId, reason: v.reason.trim(), dueOn: v.dueOn, providerId: v.providerId || null, locationId: v.locationId || null });
      onSaved(r, `Recall added for ${patient.name}: ${r.reason}, due ${formatDate(r.dueOn)}.`);
    } catch (err) {
      form.serverIssues(err, (p) => ((KEYS as readonly string[]).includes(p) ? (p as Key) : null));
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const summary = { ...(form.submitted && !patient ? { patient: 'Choose the patient.' } : {}), ...form.summary };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a recall" className="queue-form">
      <ErrorSummary errors={summary} focusKey={form.submitted} />
      <PatientPicker value={patient} onChange={(p) => (setPatient(p), setPatientError(false))} error={patientError ? 'Choose the patient: search by name, date of birth, phone or MRN.' : undefined} />
      <TextField label="Reason" required autoComplete="off" {...form.field('reason')} hint="For example: Diabetes check (A1c) in 3 months" />
      <div className="grid two">
        <SelectField label="Appointment type" required {...form.field('typeId')} options={[{ value: '', label: 'Choose a type' }, ...catalog.types.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` }))]} />
        <div className="field-with-shortcuts">
          <TextField label="Due on" type="date" required min={today} {...form.field('dueOn')} />
          <div className="shortcuts" role="group" aria-label="Due in">
            {[1, 3, 6, 12].map((n) => (
              <button
                key={n}
                type="button"
                className="btn small"
                onClick={() => {
                  form.set('dueOn', addMonths(today, n));
                  form.blur('dueOn');
                }}
              >
                In {n === 12 ? '1 year' : `${n} month${n === 1 ? '' : 's'}`}
              </button>
            ))}
          </div>
        </div>
        <SelectField
          label="Provider"
          {...form.field('providerId')}
          options={[{ value: '', label: 'Any provider' }, ...providersAt(catalog, null).map((p) => ({ value: p.id, label: providerLabel(catalog, p.id) }))]}
        />
        <SelectField label="Location" {...form.field('locationId')} options={[{ value: '', label: 'Any location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))]} />
      </div>
      <p className="hint">
        The recall appears on the front desk’s worklist two weeks before it is due{v.dueOn && isDate(v.dueOn) ? ` (from ${formatDate(addDays(v.dueOn, -14))})` : ''}, and leaves it once a visit is booked for it.
      </p>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Add recall'}
        </button>
        <button className="btn" type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
};
