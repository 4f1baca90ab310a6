import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { newIdempotencyKey } from '../shell/api.ts';
import { Dialog, SelectField, TextField, errorText } from '../shell/ui.tsx';
import { bookAppointment, checkTime, refusalVerdicts, type Appointment, type CalendarData, type CheckResult, type Override, type Verdict } from './api.ts';
import { PatientPicker, type PickedPatient } from './PatientPicker.tsx';
import { hhmm, localToIso, parseHhmm, visitWhen } from './time.ts';
import { OverrideForm, VerdictList } from './Verdicts.tsx';

export interface BookingPrefill {
  providerId: string;
  locationId: string;
  date: string;
  minutes: number;
}

export type Catalog = Pick<CalendarData, 'providers' | 'locations' | 'types' | 'rooms'>;

type Live = { status: 'idle' } | { status: 'checking' } | { status: 'ok'; result: CheckResult } | { status: 'error'; message: string };

/** Book a visit in an empty slot: patient, type, provider and time, with the guideline checks live. */
export const BookDialog = ({ prefill, catalog, onClose, onBooked }: { prefill: BookingPrefill | null; catalog: Catalog; onClose: () => void; onBooked: (a: Appointment, text: string) => void }) => (
  <Dialog open={!!prefill} title="Book an appointment" onClose={onClose}>
    {prefill && <BookForm key={`${prefill.providerId}|${prefill.date}|${prefill.minutes}`} prefill={prefill} catalog={catalog} onClose={onClose} onBooked={onBooked} />}
  </Dialog>
);

const BookForm = ({ prefill, catalog, onClose, onBooked }: { prefill: BookingPrefill; catalog: Catalog; onClose: () => void; onBooked: (a: Appointment, text: string) => void }) => {
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [typeId, setTypeId] = useState('');
  const [providerId, setProviderId] = useState(prefill.providerId);
  const [locationId, setLocationId] = useState(prefill.locationId);
  const [date, setDate] = useState(prefill.date);
  const [time, setTime] = useState(hhmm(prefill.minutes));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [live, setLive] = useState<Live>({ status: 'idle' });
  const [refused, setRefused] = useState<{ message: string; verdicts: Verdict[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);

  const provider = catalog.providers.find((p) => p.id === providerId);
  const locations = catalog.locations.filter((l) => !provider || provider.locationIds.includes(l.id));
  const location = catalog.locations.find((l) => l.id === locationId);
  const type = catalog.types.find((t) => t.id === typeId);
  const minutes = parseHhmm(time);
  const start = useMemo(() => (location && minutes !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? localToIso(date, minutes, location.timeZone) : null), [location, minutes, date]);

  // A provider who does not work at the chosen location: take the provider's first one.
  useEffect(() => {
    if (provider && !provider.locationIds.includes(locationId) && provider.locationIds[0]) setLocationId(provider.locationIds[0]);
  }, [provider, locationId]);

  // The checks, live: every change of patient, type, provider or time asks the server again.
  useEffect(() => {
    setRefused(null);
    if (!typeId || !start || !locationId) {
      setLive({ status: 'idle' });
      return;
    }
    const ctl = new AbortController();
    setLive({ status: 'checking' });
    const t = window.setTimeout(() => {
      checkTime({ providerId, locationId, typeId, start, ...(patient ? { patientId: patient.id } : {}) }, ctl.signal).then(
        (result) => setLive({ status: 'ok', result }),
        (e: unknown) => !ctl.signal.aborted && setLive({ status: 'error', message: errorText(e) }),
      );
    }, 200);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [providerId, locationId, typeId, start, patient?.id]);

  const book = async (override?: Override): Promise<void> => {
    const errs: Record<string, string> = {};
    if (!patient) errs.patient = 'Choose the patient: search by name, date of birth, phone or MRN.';
    if (!typeId) errs.type = 'Choose the appointment type.';
    if (!start) errs.time = 'Enter the date and the start time.';
    setErrors(errs);
    if (Object.keys(errs).length || !patient || !start) return;
    setBusy(true);
    setRefused(null);
    try {
      const a = await bookAppointment({ patientId: patient.id, providerId, locationId, typeId, start, ...(override ? { override } : {}) }, key);
      onBooked(a, `${patient.name} is booked: ${type?.name ?? 'visit'} with ${provider?.name ?? 'the provider'}, ${visitWhen(a.start, a.end, a.timeZone)}.`);
    } catch (e) {
      setRefused({ message: errorText(e), verdicts: refusalVerdicts(e) ?? [] });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void book();
  };

  const verdicts = refused?.verdicts.length ? refused.verdicts : live.status === 'ok' ? live.result.verdicts : [];
  const blocked = refused ? true : live.status === 'ok' && !live.result.bookable;

  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Book an appointment" className="book-form">
        <PatientPicker value={patient} onChange={setPatient} error={errors.patient} />
        <SelectField label="Appointment type" required value={typeId} onChange={(e) => setTypeId(e.target.value)} error={errors.type} options={[{ value: '', label: 'Choose a type' }, ...catalog.types.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` }))]} hint={type?.instructions ?? undefined} />
        <div className="grid two">
          <SelectField label="Provider" value={providerId} onChange={(e) => setProviderId(e.target.value)} options={catalog.providers.map((p) => ({ value: p.id, label: p.name }))} />
          <SelectField label="Location" value={locationId} onChange={(e) => setLocationId(e.target.value)} options={locations.map((l) => ({ value: l.id, label: l.name }))} />
          <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required error={errors.time} />
          <TextField label="Start time" type="time" step={300} value={time} onChange={(e) => setTime(e.target.value)} required hint={location ? `${location.name} local time` : undefined} />
        </div>
        <div className="live-check" aria-live="polite">
          {live.status === 'checking' && <p className="muted">Checking this time…</p>}
          {live.status === 'error' && <p className="danger-text">{live.message}</p>}
          {live.status === 'ok' && !refused && live.result.bookable && !live.result.verdicts.length && <p className="ok-text">This time is free and within the guidelines.</p>}
          {live.status === 'ok' && !refused && live.result.verdicts.length > 0 && (
            <>
              <p className={live.result.bookable ? 'ok-text' : 'danger-text'}>{live.result.bookable ? 'This time can be booked. Note:' : 'This time cannot be booked:'}</p>
              <VerdictList verdicts={live.result.verdicts} />
            </>
          )}
        </div>
        {refused && (
          <div className="notice error" role="alert">
            <p>{refused.verdicts.length ? 'The booking was refused:' : refused.message}</p>
            {refused.verdicts.length > 0 && <VerdictList verdicts={refused.verdicts} />}
          </div>
        )}
        <div className="actions">
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? 'Booking…' : 'Book'}
          </button>
          <button className="btn" type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
      {blocked && patient && verdicts.length > 0 && <OverrideForm verdicts={verdicts} action="Book anyway" busy={busy} onOverride={(o) => void book(o)} />}
    </>
  );
};
