import { useState, type FormEvent } from 'react';
import type { Provider } from '../../../src/core/reference/reference.ts';
import { api } from '../shell/api.ts';
import { formatDateTime } from '../shell/format.ts';
import { cached, useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, Notice, SelectField, TextArea, errorText, useAsync } from '../shell/ui.tsx';
import {
  CHANNEL_LABELS,
  loadAppointmentTypes,
  loadRebooking,
  logOutreach,
  OUTCOME_LABELS,
  OutreachChannels,
  OutreachOutcomes,
  rebook,
  refusalVerdicts,
  type AppointmentType,
  type OutreachChannel,
  type OutreachOutcome,
  type Slot,
} from './api.ts';
import { visitWhen } from './time.ts';
import { VerdictList } from './Verdicts.tsx';

/** The work item of a no-show: which visit was missed. */
export interface NoShowItem {
  id: string;
  title: string;
  link: { kind: string; id: string };
}

const providerName = (p: Provider | undefined): string => (p ? `${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''}` : 'another provider');

interface Names {
  providers: Map<string, Provider>;
  types: Map<string, AppointmentType>;
}

/** Names of providers and types (reference data, cached for the session); without access, none. */
const loadNames = async (canReadReference: boolean): Promise<Names> => {
  const [providers, types] = await Promise.all([
    canReadReference ? cached('providers', () => api<{ providers: Provider[] }>('GET', '/api/providers').then((r) => r.providers)).catch(() => []) : Promise.resolve([] as Provider[]),
    cached('appointment-types', () => loadAppointmentTypes()).catch(() => [] as AppointmentType[]),
  ]);
  return { providers: new Map(providers.map((p) => [p.id, p])), types: new Map(types.map((t) => [t.id, t])) };
};

/** Reschedule a no-show from the worklist: three suggested times, the outreach so far, and a form to log a call. */
export const RebookDialog = ({ item, onClose, onDone }: { item: NoShowItem | null; onClose: () => void; onDone: (text: string) => void }) => (
  <Dialog open={!!item} title="Reschedule the missed visit" onClose={onClose}>
    {item && <RebookBody key={item.id} itemId={item.id} appointmentId={item.link.id} onClose={onClose} onDone={onDone} />}
  </Dialog>
);

/**
 * After the rebooking, the work item is done: the server closes it; if it is still open (the
 * server closes it on its next run), mark it done here with what was booked.
 */
const finishItem = async (itemId: string, note: string): Promise<void> => {
  const item = await api<{ status: string }>('GET', `/api/worklist/${encodeURIComponent(itemId)}`);
  if (item.status === 'open' || item.status === 'snoozed') await api('POST', `/api/worklist/${encodeURIComponent(itemId)}/complete`, { note });
};

const RebookBody = ({ itemId, appointmentId, onClose, onDone }: { itemId: string; appointmentId: string; onClose: () => void; onDone: (text: string) => void }) => {
  const { can } = useSession();
  const data = useAsync(async (signal) => {
    const [r, names] = await Promise.all([loadRebooking(appointmentId, signal), loadNames(can('reference.read'))]);
    return { r, names };
  }, [appointmentId]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; verdicts: string[] } | null>(null);
  const [logged, setLogged] = useState('');

  const book = async (s: Slot, names: Names): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const a = await rebook(appointmentId, { start: s.start, providerId: s.providerId, locationId: s.locationId });
      const what = `${names.types.get(a.typeId)?.name ?? 'visit'} with ${providerName(names.providers.get(a.providerId))}, ${visitWhen(a.start, a.end, a.timeZone)}`;
      try {
        if (can('worklist.manage')) await finishItem(itemId, `Rebooked: ${what}.`);
      } catch {
        // The visit is booked; the item closes on the server's next run.
      }
      onDone(`The missed visit is rebooked: ${what}. The item is done.`);
    } catch (e) {
      setFailure({ message: errorText(e), verdicts: (refusalVerdicts(e) ?? []).map((v) => v.sentence) });
      data.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <AsyncView value={data} loading="Loading suggested times…" errorTitle="The suggestions could not be loaded">
      {({ r, names }) => {
        const missed = r.appointment;
        return (
          <div className="rebook" data-appointment={appointmentId}>
            <p>
              Missed: <strong>{names.types.get(missed.typeId)?.name ?? 'Visit'}</strong> with {providerName(names.providers.get(missed.providerId))}, {visitWhen(missed.start, missed.end, missed.timeZone)}.
            </p>
            <h3>Suggested times</h3>
            {r.suggestions.length === 0 ? (
              <p className="muted">No suitable time was found in the coming weeks. Book from the calendar, or log the outreach and try again later.</p>
            ) : (
              <ul className="suggestions">
                {r.suggestions.map((s) => (
                  <li key={s.id}>
                    <span>
                      <strong>{visitWhen(s.start, s.end, s.timeZone)}</strong>
                      <span className="muted"> with {providerName(names.providers.get(s.providerId))}</span>
                    </span>
                    {can('schedule.book') && (
                      <button type="button" className="btn small primary" disabled={busy} onClick={() => void book(s, names)} aria-label={`Book ${visitWhen(s.start, s.end, s.timeZone)}`}>
                        Book this time
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {failure && (
              <div className="notice error" role="alert">
                <p>{failure.verdicts.length ? 'That time could not be booked:' : failure.message}</p>
                {failure.verdicts.length > 0 && <VerdictList verdicts={failure.verdicts.map((sentence) => ({ code: 'refused', sentence, blocking: true, overridable: false, overrideKind: null }))} />}
                <p>The suggestions are updated; choose another time.</p>
              </div>
            )}
            <h3>Outreach</h3>
            {r.attempts.length === 0 ? (
              <p className="muted">No attempt to reach the patient is logged yet.</p>
            ) : (
              <ol className="attempts">
                {r.attempts.map((a) => (
                  <li key={a.id}>
                    <span className="nowrap">{formatDateTime(a.at)}</span> · {CHANNEL_LABELS[a.channel] ?? a.channel}: <strong>{OUTCOME_LABELS[a.outcome] ?? a.outcome}</strong>
                    {a.note && <span className="muted"> — {a.note}</span>}
                  </li>
                ))}
              </ol>
            )}
            {logged && <Notice kind="ok">{logged}</Notice>}
            {can('schedule.book') && (
              <OutreachForm
                appointmentId={appointmentId}
                onLogged={(text) => {
                  setLogged(text);
                  data.reload();
                }}
              />
            )}
            <div className="actions">
              <button type="button" className="btn" onClick={onClose}>
                Close
              </button>
            </div>
          </div>
        );
      }}
    </AsyncView>
  );
};

const OutreachForm = ({ appointmentId, onLogged }: { appointmentId: string; onLogged: (text: string) => void }) => {
  const [channel, setChannel] = useState<OutreachChannel>('phone');
  const [outcome, setOutcome] = useState<OutreachOutcome>('no_answer');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setFailure('');
    try {
      await logOutreach(appointmentId, { channel, outcome, ...(note.trim() ? { note: note.trim() } : {}) });
      setNote('');
      onLogged(`Logged: ${CHANNEL_LABELS[channel].toLowerCase()}, ${OUTCOME_LABELS[outcome].toLowerCase()}.`);
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="outreach-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Log an outreach attempt">
      <div className="grid two">
        <SelectField label="How" value={channel} onChange={(e) => setChannel(e.target.value as OutreachChannel)} options={OutreachChannels.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
        <SelectField label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as OutreachOutcome)} options={OutreachOutcomes.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
      </div>
      <TextArea label="Note (optional)" rows={2} value={note} onChange={(e) => setNote(e.target.value)} hint="For example: will call back after 3 PM" />
      {failure && <Notice kind="error">{failure}</Notice>}
      <button className="btn" type="submit" disabled={busy}>
        {busy ? 'Logging…' : 'Log attempt'}
      </button>
    </form>
  );
};
