import { useState, type FormEvent } from 'react';
import { VisitBenefits } from '../eligibility/VisitBenefits.tsx';
import { VisitEstimate } from '../eligibility/VisitEstimate.tsx';
import { ageLabel, formatDate } from '../shell/format.ts';
import { Link } from '../shell/router.tsx';
import { useSession } from '../shell/session.tsx';
import { Dialog, Notice, SelectField, TextArea, TextField, errorText } from '../shell/ui.tsx';
import { cancelAppointment, OVERRIDE_LABELS, setAppointmentStatus, STATUS_LABELS, type Appointment, type CalendarAppointment, type Override, type StatusAction, type Verdict } from './api.ts';
import type { Catalog } from './BookDialog.tsx';
import { moveAppointment } from './move.ts';
import { hhmm, localToIso, parseHhmm, toLocal, visitWhen } from './time.ts';
import { OverrideForm, VerdictList } from './Verdicts.tsx';

/**
 * A visit's details on click: patient, type, time, its insurance and estimate, and the status
 * actions. `onEligibilityChecked` hears of a "Check insurance now" (the calendar's marks reload).
 */
export const AppointmentDialog = ({ appt, catalog, onClose, onChanged, onEligibilityChecked }: { appt: CalendarAppointment | null; catalog: Catalog; onClose: () => void; onChanged: (text: string, updated: Appointment | null) => void; onEligibilityChecked?: () => void }) => (
  <Dialog open={!!appt} title="Appointment" onClose={onClose}>
    {appt && <Details key={`${appt.id}:${appt.version}`} appt={appt} catalog={catalog} onClose={onClose} onChanged={onChanged} onEligibilityChecked={onEligibilityChecked} />}
  </Dialog>
);

const STATUS_ACTIONS: { action: StatusAction; label: string; done: string; from: Appointment['status'][] }[] = [
  { action: 'check-in', label: 'Check in', done: 'is checked in', from: ['booked'] },
  { action: 'complete', label: 'Complete', done: 'is marked completed', from: ['booked', 'checked_in'] },
  { action: 'no-show', label: 'Mark no-show', done: 'is marked a no-show', from: ['booked'] },
];

const Details = ({ appt, catalog, onClose, onChanged, onEligibilityChecked }: { appt: CalendarAppointment; catalog: Catalog; onClose: () => void; onChanged: (text: string, updated: Appointment | null) => void; onEligibilityChecked?: () => void }) => {
  const { can } = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const [mode, setMode] = useState<'view' | 'cancel' | 'move'>('view');
  // The newest "Check insurance now" made here: the estimate is worked out again from it.
  const [checkId, setCheckId] = useState<string | null>(null);
  const type = catalog.types.find((t) => t.id === appt.typeId);
  const provider = catalog.providers.find((p) => p.id === appt.providerId);
  const location = catalog.locations.find((l) => l.id === appt.locationId);
  const room = catalog.rooms.find((r) => r.id === appt.roomId);
  const name = appt.patient.name;

  const run = async (what: () => Promise<Appointment>, done: string): Promise<void> => {
    setBusy(true);
    setFailure('');
    try {
      const a = await what();
      onChanged(done, a);
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const active = appt.status === 'booked' || appt.status === 'checked_in';
  return (
    <div className="appt-details">
      <p className="appt-details-name">
        <Link to={`/patients/${encodeURIComponent(appt.patientId)}`}>{name}</Link>
        {appt.patient.dateOfBirth && (
          <span className="muted">
            {' '}
            born {formatDate(appt.patient.dateOfBirth)} ({ageLabel(appt.patient.dateOfBirth)})
          </span>
        )}
      </p>
      <dl className="facts compact">
        <dt>Type</dt>
        <dd>
          <span className="swatch" style={{ background: type?.colour ?? '#64748b' }} aria-hidden="true" /> {type?.name ?? 'Visit'}
        </dd>
        <dt>When</dt>
        <dd>{visitWhen(appt.start, appt.end, appt.timeZone)}</dd>
        <dt>Provider</dt>
        <dd>{provider?.name ?? 'Another provider'}</dd>
        <dt>Location</dt>
        <dd>
          {location?.name ?? 'Another location'}
          {room ? ` · ${room.name}` : ''}
        </dd>
        <dt>Status</dt>
        <dd>
          <span className={`chip st-${appt.status}`}>{STATUS_LABELS[appt.status]}</span>
          {appt.cancelReason && <span className="muted"> {appt.cancelReason}</span>}
        </dd>
        {appt.override && (
          <>
            <dt>Override</dt>
            <dd>
              {OVERRIDE_LABELS[appt.override.kind]}: {appt.override.reason}
            </dd>
          </>
        )}
        {type?.instructions && (
          <>
            <dt>Instructions</dt>
            <dd>{type.instructions}</dd>
          </>
        )}
      </dl>
      {can('eligibility.read') && (
        <VisitBenefits
          visit={appt}
          onChecked={(c) => {
            setCheckId(c.id);
            onEligibilityChecked?.();
          }}
        />
      )}
      {can('eligibility.read') && appt.status !== 'cancelled' && <VisitEstimate appointmentId={appt.id} checkId={checkId} />}
      {failure && <Notice kind="error">{failure}</Notice>}
      {mode === 'view' && (
        <div className="actions">
          {can('schedule.book') &&
            STATUS_ACTIONS.filter((s) => s.from.includes(appt.status)).map((s) => (
              <button key={s.action} type="button" className={`btn ${s.action === 'check-in' ? 'primary' : ''}`} disabled={busy} onClick={() => void run(() => setAppointmentStatus(appt.id, s.action), `${name} ${s.done}.`)}>
                {s.label}
              </button>
            ))}
          {can('schedule.book') && appt.status === 'booked' && (
            <button type="button" className="btn" disabled={busy} onClick={() => setMode('move')}>
              Change time
            </button>
          )}
          {can('schedule.book') && active && (
            <button type="button" className="btn danger-outline" disabled={busy} onClick={() => setMode('cancel')}>
              Cancel visit
            </button>
          )}
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      )}
      {mode === 'cancel' && <CancelForm busy={busy} onBack={() => setMode('view')} onCancel={(reason) => void run(() => cancelAppointment(appt.id, reason), `The visit of ${name} is cancelled; its time is free again.`)} />}
      {mode === 'move' && <MoveForm appt={appt} catalog={catalog} onBack={() => setMode('view')} onMoved={onChanged} />}
    </div>
  );
};

const CancelForm = ({ busy, onBack, onCancel }: { busy: boolean; onBack: () => void; onCancel: (reason: string) => void }) => {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (reason.trim().length < 4) return setError('Say why the visit is cancelled (at least 4 characters), for example "Patient called, feeling better".');
    setError('');
    onCancel(reason.trim());
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Cancel the visit">
      <TextArea label="Reason for cancelling" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={error} required autoFocus />
      <div className="actions">
        <button className="btn danger" type="submit" disabled={busy}>
          {busy ? 'Cancelling…' : 'Cancel the visit'}
        </button>
        <button className="btn" type="button" onClick={onBack}>
          Keep the visit
        </button>
      </div>
    </form>
  );
};

/** The keyboard way to reschedule: a date, a time and a provider, checked like a drag. */
const MoveForm = ({ appt, catalog, onBack, onMoved }: { appt: CalendarAppointment; catalog: Catalog; onBack: () => void; onMoved: (text: string, updated: Appointment | null) => void }) => {
  const local = toLocal(appt.start, appt.timeZone);
  const [date, setDate] = useState(local.date);
  const [time, setTime] = useState(hhmm(local.minutes));
  const [providerId, setProviderId] = useState(appt.providerId);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ message: string; verdicts: Verdict[] } | null>(null);
  const [error, setError] = useState('');
  const providers = catalog.providers.filter((p) => p.locationIds.includes(appt.locationId));

  const go = async (override?: Override): Promise<void> => {
    const minutes = parseHhmm(time);
    if (minutes === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return setError('Enter the new date and start time.');
    setError('');
    setBusy(true);
    setRefused(null);
    const start = localToIso(date, minutes, appt.timeZone);
    const end = new Date(Date.parse(start) + Date.parse(appt.end) - Date.parse(appt.start)).toISOString();
    try {
      const r = await moveAppointment(appt, { providerId, start, end }, override);
      if (r.kind === 'moved') onMoved(`The visit of ${appt.patient.name} is moved to ${visitWhen(r.appointment.start, r.appointment.end, r.appointment.timeZone)}.`, r.appointment);
      else if (r.kind === 'stale') onMoved(r.message, null);
      else setRefused(r);
    } catch (e) {
      setRefused({ message: errorText(e), verdicts: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
        noValidate
        aria-label="Change the time"
      >
        <div className="grid two">
          <TextField label="New date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required error={error} />
          <TextField label="New start time" type="time" step={300} value={time} onChange={(e) => setTime(e.target.value)} required />
        </div>
        <SelectField label="Provider" value={providerId} onChange={(e) => setProviderId(e.target.value)} options={(providers.length ? providers : catalog.providers).map((p) => ({ value: p.id, label: p.name }))} />
        {refused && (
          <div className="notice error" role="alert">
            <p>{refused.verdicts.length ? 'The visit was not moved:' : refused.message}</p>
            {refused.verdicts.length > 0 && <VerdictList verdicts={refused.verdicts} />}
          </div>
        )}
        <div className="actions">
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Move the visit'}
          </button>
          <button className="btn" type="button" onClick={onBack}>
            Back
          </button>
        </div>
      </form>
      {refused && refused.verdicts.length > 0 && <OverrideForm verdicts={refused.verdicts} action="Move anyway" busy={busy} onOverride={(o) => void go(o)} />}
    </>
  );
};
