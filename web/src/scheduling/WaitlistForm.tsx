import { useEffect, useState, type FormEvent } from 'react';
import { formatDate } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, ErrorSummary, Notice, SelectField, TextArea, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { addToWaitlist, searchPatientVisits, type PatientVisit, type WaitlistEntry } from './api.ts';
import { PatientPicker, type PickedPatient } from './PatientPicker.tsx';
import { loadQueueCatalog, locationsFor, practiceToday, providerLabel, providersAt, typeLabel, type QueueCatalog } from './QueueCatalog.ts';
import { isDate, useQueueForm } from './QueueFormKit.tsx';
import { addDays, toLocal, visitWhen } from './time.ts';

/** "Earlier if possible": the patient waits for a time within a window, and is offered one as it frees up. */
export const WaitlistFormDialog = ({ open, patient, heldId, onClose, onSaved }: { open: boolean; patient: PickedPatient | null; heldId?: string | null; onClose: () => void; onSaved: (w: WaitlistEntry, text: string) => void }) => (
  <Dialog open={open} title="Add to the waitlist" onClose={onClose}>
    {open && <WaitlistFormLoader patient={patient} heldId={heldId ?? null} onClose={onClose} onSaved={onSaved} />}
  </Dialog>
);

const WaitlistFormLoader = ({ patient, heldId, onClose, onSaved }: { patient: PickedPatient | null; heldId: string | null; onClose: () => void; onSaved: (w: WaitlistEntry, text: string) => void }) => {
  const { can } = useSession();
  const catalog = useAsync(() => loadQueueCatalog(can('reference.read')), []);
  return (
    <AsyncView value={catalog} loading="Loading the form…" errorTitle="The form could not be loaded">
      {(c) => <WaitlistForm catalog={c} patient={patient} heldId={heldId} onClose={onClose} onSaved={onSaved} />}
    </AsyncView>
  );
};

type Key = 'typeId' | 'locationId' | 'providerId' | 'earliestOn' | 'latestOn' | 'currentAppointmentId' | 'note';
const KEYS: readonly Key[] = ['typeId', 'locationId', 'providerId', 'earliestOn', 'latestOn', 'currentAppointmentId', 'note'];

const WaitlistForm = ({ catalog, patient: initialPatient, heldId, onClose, onSaved }: { catalog: QueueCatalog; patient: PickedPatient | null; heldId: string | null; onClose: () => void; onSaved: (w: WaitlistEntry, text: string) => void }) => {
  const today = practiceToday(catalog);
  const [patient, setPatient] = useState<PickedPatient | null>(initialPatient);
  const [patientError, setPatientError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const form = useQueueForm<Key>(
    { typeId: '', locationId: catalog.locations.length === 1 ? catalog.locations[0]!.id : '', providerId: '', earliestOn: today, latestOn: '', currentAppointmentId: '', note: '' },
    (v) => {
      const e: Partial<Record<Key, string>> = {};
      if (!v.typeId) e.typeId = 'Choose the appointment type the patient is waiting for.';
      if (!v.locationId) e.locationId = 'Choose the location.';
      if (!isDate(v.earliestOn)) e.earliestOn = 'Enter the earliest date the patient can come.';
      else if (v.earliestOn < today) e.earliestOn = 'The earliest date cannot be in the past.';
      if (!isDate(v.latestOn)) e.latestOn = 'Enter the latest date the patient would come.';
      else if (isDate(v.earliestOn) && v.latestOn < v.earliestOn) e.latestOn = 'The latest date cannot be before the earliest date.';
      else if (isDate(v.earliestOn) && v.latestOn > addDays(v.earliestOn, 92)) e.latestOn = 'Keep the window to at most 92 days.';
      if (v.note.trim().length > 300) e.note = 'The note is too long. Shorten it to 300 characters.';
      return e;
    },
  );
  const v = form.values;

  // The patient's upcoming booked visits: one of them may be the visit to give up for an earlier one.
  const visits = useAsync<PatientVisit[]>(
    (signal) => {
      if (!patient) return Promise.resolve([]);
      const now = Date.now();
      return searchPatientVisits({ patientId: patient.id, from: new Date(now).toISOString(), to: new Date(now + 91 * 86_400_000).toISOString() }, signal).then((list) =>
        list.filter((a) => a.status === 'booked').sort((a, b) => (a.start < b.start ? -1 : 1)),
      );
    },
    [patient?.id],
  );
  const upcoming = visits.status === 'ok' ? visits.data : [];

  /** Choosing the visit held fills in what the patient is waiting for: its type, provider, location, and a window up to it. */
  const hold = (id: string): void => {
    form.set('currentAppointmentId', id);
    const a = upcoming.find((x) => x.id === id);
    if (!a) return;
    form.set('typeId', a.typeId);
    form.set('providerId', a.providerId);
    form.set('locationId', a.locationId);
    const day = toLocal(a.start, a.timeZone).date;
    form.set('latestOn', day < today ? today : day);
  };
  // A visit named by the screen that opened the form (a visit on the patient's Appointments tab).
  useEffect(() => {
    if (heldId && upcoming.some((a) => a.id === heldId) && !v.currentAppointmentId) hold(heldId);
  }, [heldId, upcoming.length]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const ok = form.submit();
    setPatientError(!patient);
    if (!ok || !patient) return;
    setBusy(true);
    setFailure('');
    try {
      const w = await addToWaitlist({
        patientId: patient.id,
        typeId: v.typeId,
        locationId: v.locationId,
        providerId: v.providerId || null,
        earliestOn: v.earliestOn,
        latestOn: v.latestOn,
        currentAppointmentId: v.currentAppointmentId || null,
        note: v.note.trim() || null,
      });
      onSaved(w, `${patient.name} is on the waitlist for a ${typeLabel(catalog, w.typeId)} between ${formatDate(w.earliestOn)} and ${formatDate(w.latestOn)}.`);
    } catch (err) {
      form.serverIssues(err, (p) => ((KEYS as readonly string[]).includes(p) ? (p as Key) : null));
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const locations = locationsFor(catalog, v.providerId || null);
  const summary = { ...(form.submitted && !patient ? { patient: 'Choose the patient.' } : {}), ...form.summary };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add to the waitlist" className="queue-form">
      <ErrorSummary errors={summary} focusKey={form.submitted} />
      <PatientPicker
        value={patient}
        onChange={(p) => {
          setPatient(p);
          setPatientError(false);
          form.set('currentAppointmentId', '');
        }}
        error={patientError ? 'Choose the patient: search by name, date of birth, phone or MRN.' : undefined}
      />
      {patient && (
        <SelectField
          label="Visit the patient holds now"
          value={v.currentAppointmentId}
          onChange={(e) => hold(e.target.value)}
          disabled={visits.status !== 'ok'}
          hint={visits.status === 'loading' ? 'Loading the patient’s visits…' : visits.status === 'error' ? errorText(visits.error) : 'Optional. Booked from the waitlist, the earlier visit replaces it and this one is cancelled.'}
          options={[
            { value: '', label: upcoming.length ? 'None: the patient has no visit to give up' : 'No upcoming visit' },
            ...upcoming.map((a) => ({ value: a.id, label: `${visitWhen(a.start, a.end, a.timeZone)} · ${typeLabel(catalog, a.typeId)} with ${providerLabel(catalog, a.providerId)}` })),
          ]}
        />
      )}
      <div className="grid two">
        <SelectField label="Appointment type" required {...form.field('typeId')} options={[{ value: '', label: 'Choose a type' }, ...catalog.types.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` }))]} />
        <SelectField label="Location" required {...form.field('locationId')} options={[{ value: '', label: 'Choose a location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))]} />
        <SelectField
          label="Provider"
          {...form.field('providerId')}
          options={[{ value: '', label: 'Any provider at the location' }, ...providersAt(catalog, v.locationId || null).map((p) => ({ value: p.id, label: providerLabel(catalog, p.id) }))]}
        />
        <span />
        <TextField
          label="Earliest date"
          type="date"
          required
          min={today}
          {...form.field('earliestOn')}
          onBlur={() => {
            // The window's two ends are checked together once either is left.
            form.blur('earliestOn');
            form.blur('latestOn');
          }}
        />
        <TextField label="Latest date" type="date" required min={v.earliestOn || today} {...form.field('latestOn')} hint={v.currentAppointmentId ? 'Up to the visit held' : undefined} />
      </div>
      <TextArea label="Note" rows={2} {...form.field('note')} hint="Optional, for example: mornings only, call the mobile" />
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Add to waitlist'}
        </button>
        <button className="btn" type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
};
