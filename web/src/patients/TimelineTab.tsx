import { useState, type FormEvent } from 'react';
import { fieldLabel } from '../shell/errors.ts';
import { formatDate, formatDateTime, todayLocal } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, TextArea, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { patientDisclosures, patientHistory, recordDisclosure, type Disclosure, type HistoryEntry, type Patient } from './api.ts';

interface Event {
  at: string;
  kind: 'change' | 'disclosure';
  title: string;
  detail: string;
}

/** "updated familyName, phones" as "Changed: family name, phones". */
const changeText = (change: string): string => {
  if (change === 'created') return 'Record created';
  const m = /^updated (.*)$/.exec(change);
  if (m) return `Changed ${m[1]!.split(',').map((f) => fieldLabel(f.trim()).toLowerCase()).join(', ')}`;
  if (/merge/i.test(change)) return 'Merged with another record';
  return change.charAt(0).toUpperCase() + change.slice(1);
};

const eventsOf = (history: HistoryEntry[], disclosures: Disclosure[]): Event[] =>
  [
    ...history.map((h): Event => ({ at: h.changedAt, kind: 'change', title: changeText(h.change), detail: `Version ${h.version}` })),
    ...disclosures.map((d): Event => ({ at: d.recordedAt, kind: 'disclosure', title: `Disclosed to ${d.recipient}`, detail: `${formatDate(d.disclosedOn)} · ${d.purpose}: ${d.description}` })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));

/** The record's history and its disclosures, newest first. */
export const TimelineTab = ({ patient }: { patient: Patient }) => {
  const { can } = useSession();
  const [tick, setTick] = useState(0);
  const data = useAsync(
    async (signal) => {
      const [history, disclosures] = await Promise.all([patientHistory(patient.id, signal), can('disclosure.read') ? patientDisclosures(patient.id, signal) : Promise.resolve([])]);
      return eventsOf(history, disclosures);
    },
    [patient.id, patient.version, tick],
  );
  return (
    <div>
      <h2>Timeline</h2>
      <AsyncView value={data} loading="Loading the timeline…" errorTitle="The timeline could not be loaded">
        {(events) =>
          events.length === 0 ? (
            <Empty>Nothing has happened to this record yet.</Empty>
          ) : (
            <ol className="timeline">
              {events.map((e, i) => (
                <li key={i} className={`event ${e.kind}`}>
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  <p className="event-title">{e.title}</p>
                  <p className="muted">{e.detail}</p>
                </li>
              ))}
            </ol>
          )
        }
      </AsyncView>
      {can('disclosure.record') && <RecordDisclosure patientId={patient.id} onRecorded={() => setTick((t) => t + 1)} />}
    </div>
  );
};

/** Records a disclosure of this patient's information to an outside party (for the accounting). */
const RecordDisclosure = ({ patientId, onRecorded }: { patientId: string; onRecorded: () => void }) => {
  const empty = { disclosedOn: todayLocal(), recipient: '', purpose: '', description: '' };
  const [form, setForm] = useState(empty);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (form.recipient.trim().length < 2) errs.recipient = 'Enter who received the information.';
    if (form.purpose.trim().length < 2) errs.purpose = 'Enter why it was disclosed.';
    if (form.description.trim().length < 2) errs.description = 'Describe what was disclosed.';
    if (!form.disclosedOn) errs.disclosedOn = 'Enter the date of the disclosure.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await recordDisclosure({ patientId, ...form });
      setForm(empty);
      setOpen(false);
      setMessage({ kind: 'ok', text: 'The disclosure is recorded.' });
      onRecorded();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };
  const bind = (k: keyof typeof form) => ({ value: form[k], error: errors[k], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })) });
  return (
    <div className="subsection">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {!open ? (
        <button className="btn" type="button" onClick={() => (setOpen(true), setMessage(null))}>
          Record a disclosure
        </button>
      ) : (
        <form className="form card editor" onSubmit={submit} noValidate aria-label="Record a disclosure">
          <h3>Record a disclosure</h3>
          <div className="grid">
            <TextField label="Date disclosed" type="date" required {...bind('disclosedOn')} />
            <TextField label="Recipient" required hint="Person or organization" {...bind('recipient')} />
            <TextField label="Purpose" required hint="For example: court order, public health report" {...bind('purpose')} />
          </div>
          <TextArea label="What was disclosed" required rows={2} {...bind('description')} />
          <div className="actions">
            <button className="btn primary" type="submit">
              Record disclosure
            </button>
            <button className="btn" type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
};
