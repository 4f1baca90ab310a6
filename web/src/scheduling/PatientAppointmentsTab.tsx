import { useState, type ReactNode } from 'react';
import type { Patient } from '../patients/api.ts';
import { formatDate } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, useAsync } from '../shell/ui.tsx';
import { listRecalls, listReferrals, listWaitlist, OVERRIDE_LABELS, searchPatientVisits, STATUS_LABELS, type PatientVisit } from './api.ts';
import { daysBetween, loadQueueCatalog, locationLabel, practiceToday, providerLabel, relativeDays, typeLabel, type QueueCatalog } from './QueueCatalog.ts';
import { pickedOf } from './QueueFormKit.tsx';
import { QueueSlotPickerDialog, type QueueTarget } from './QueueSlotPicker.tsx';
import { RecallFormDialog } from './RecallForm.tsx';
import { visitWhen } from './time.ts';
import { WaitlistFormDialog } from './WaitlistForm.tsx';

const DAY = 86_400_000;
/** The appointment search reads at most 92 days at once. */
const WINDOW = 92 * DAY;

type Adding = { kind: 'recall' } | { kind: 'waitlist'; heldId: string | null };

/** A patient's visits (upcoming and past, in each location's zone) and what they wait for: referrals, recalls, the waitlist. */
export const PatientAppointmentsTab = ({ patient }: { patient: Patient }) => {
  const { can } = useSession();
  const canBook = can('schedule.book') && patient.status === 'active';
  const [message, setMessage] = useState<string | null>(null);
  const [adding, setAdding] = useState<Adding | null>(null);
  const [picking, setPicking] = useState<QueueTarget | null>(null);
  const [pastWindows, setPastWindows] = useState(1);
  const [tick, setTick] = useState(0);
  const [now] = useState(() => Date.now());
  const name = `${patient.givenName} ${patient.familyName}`;

  const catalog = useAsync(() => loadQueueCatalog(can('reference.read')), []);
  const upcoming = useAsync(
    (signal) => searchPatientVisits({ patientId: patient.id, from: new Date(now).toISOString(), to: new Date(now + WINDOW).toISOString(), includeCancelled: true }, signal).then((l) => [...l].sort((a, b) => (a.start < b.start ? -1 : 1))),
    [patient.id, tick],
  );
  const past = useAsync(
    async (signal) => {
      const out: PatientVisit[] = [];
      for (let i = 0; i < pastWindows; i++) {
        const to = now - i * WINDOW;
        const found = await searchPatientVisits({ patientId: patient.id, from: new Date(to - WINDOW).toISOString(), to: new Date(to).toISOString(), includeCancelled: true }, signal);
        for (const a of found) if (a.start < new Date(now).toISOString() && !out.some((x) => x.id === a.id)) out.push(a);
      }
      return out.sort((a, b) => (a.start < b.start ? 1 : -1));
    },
    [patient.id, pastWindows, tick],
  );
  const waiting = useAsync(
    async (signal) => {
      const [referrals, recalls, waitlist] = await Promise.all([
        listReferrals({ status: 'open', patientId: patient.id }, signal),
        listRecalls({ status: 'pending', patientId: patient.id }, signal),
        listWaitlist({ status: 'waiting', patientId: patient.id }, signal),
      ]);
      return { referrals, recalls, waitlist };
    },
    [patient.id, tick],
  );

  const done = (text: string): void => {
    setAdding(null);
    setPicking(null);
    setMessage(text);
    setTick((t) => t + 1);
  };

  return (
    <AsyncView value={catalog} loading="Loading the appointments…" errorTitle="The appointments could not be loaded">
      {(c) => (
        <div className="patient-appointments">
          <div className="section-head">
            <h2>Appointments</h2>
            {canBook && (
              <div className="actions tight">
                <button type="button" className="btn" onClick={() => setAdding({ kind: 'recall' })}>
                  Add recall
                </button>
                <button type="button" className="btn" onClick={() => setAdding({ kind: 'waitlist', heldId: null })}>
                  Add to waitlist
                </button>
              </div>
            )}
          </div>
          {message && <Notice kind="ok">{message}</Notice>}

          <section className="subsection" aria-labelledby="pa-waiting">
            <h3 id="pa-waiting">Waiting to be scheduled</h3>
            <AsyncView value={waiting} loading="Loading referrals, recalls and the waitlist…" errorTitle="The scheduling queues could not be loaded">
              {(w) =>
                w.referrals.length + w.recalls.length + w.waitlist.length === 0 ? (
                  <p className="muted">No open referral, pending recall or waitlist entry.</p>
                ) : (
                  <ul className="queue-rows">
                    {w.referrals.map((r) => (
                      <QueueRow key={r.id} kind="Referral" onFind={canBook ? () => setPicking({ kind: 'referral', record: r }) : null} label={`Find a time for the referral from ${r.referringName}`}>
                        From <strong>{r.referringName}</strong>: {r.reason}
                        {r.authorizationNumber && <span className="muted"> · Authorisation {r.authorizationNumber}</span>}
                        {r.expiresOn && <span className={r.expiresOn < practiceToday(c) ? 'danger-text' : 'muted'}> · Expires {formatDate(r.expiresOn)}</span>}
                      </QueueRow>
                    ))}
                    {w.recalls.map((r) => {
                      const n = daysBetween(practiceToday(c, r.locationId), r.dueOn);
                      return (
                        <QueueRow key={r.id} kind="Recall" onFind={canBook ? () => setPicking({ kind: 'recall', record: r }) : null} label={`Find a time for the recall: ${r.reason}`}>
                          <strong>{r.reason}</strong> · {typeLabel(c, r.typeId)} · <span className={n < 0 ? 'danger-text' : ''}>due {formatDate(r.dueOn)} ({relativeDays(n)})</span>
                        </QueueRow>
                      );
                    })}
                    {w.waitlist.map((e) => (
                      <QueueRow key={e.id} kind="Waitlist" onFind={canBook ? () => setPicking({ kind: 'waitlist', record: e }) : null} label={`Find an earlier time: ${typeLabel(c, e.typeId)}`}>
                        <strong>{typeLabel(c, e.typeId)}</strong> with {providerLabel(c, e.providerId)} · between {formatDate(e.earliestOn)} and {formatDate(e.latestOn)}
                      </QueueRow>
                    ))}
                  </ul>
                )
              }
            </AsyncView>
          </section>

          <section className="subsection" aria-labelledby="pa-upcoming">
            <h3 id="pa-upcoming">Upcoming visits</h3>
            <AsyncView value={upcoming} loading="Loading upcoming visits…" errorTitle="The upcoming visits could not be loaded">
              {(list) =>
                list.length ? (
                  <VisitTable caption="Upcoming visits, the next three months" visits={list} catalog={c} onEarlier={canBook ? (a) => setAdding({ kind: 'waitlist', heldId: a.id }) : null} />
                ) : (
                  <Empty>No visit booked in the next three months.</Empty>
                )
              }
            </AsyncView>
          </section>

          <section className="subsection" aria-labelledby="pa-past">
            <h3 id="pa-past">Past visits</h3>
            <AsyncView value={past} loading="Loading past visits…" errorTitle="The past visits could not be loaded">
              {(list) => (
                <>
                  {list.length ? <VisitTable caption={`Past visits, the last ${pastWindows * 3} months`} visits={list} catalog={c} onEarlier={null} /> : <Empty>No visit in the last {pastWindows * 3} months.</Empty>}
                  {pastWindows < 8 && (
                    <button type="button" className="btn link" onClick={() => setPastWindows((n) => n + 1)}>
                      Show three months earlier
                    </button>
                  )}
                </>
              )}
            </AsyncView>
          </section>

          <RecallFormDialog open={adding?.kind === 'recall'} patient={pickedOf(patient)} onClose={() => setAdding(null)} onSaved={(_r, text) => done(text)} />
          <WaitlistFormDialog open={adding?.kind === 'waitlist'} patient={pickedOf(patient)} heldId={adding?.kind === 'waitlist' ? adding.heldId : null} onClose={() => setAdding(null)} onSaved={(_w, text) => done(text)} />
          <QueueSlotPickerDialog target={picking} patientName={name} onClose={() => setPicking(null)} onBooked={(_a, text) => done(text)} />
        </div>
      )}
    </AsyncView>
  );
};

const QueueRow = ({ kind, children, onFind, label }: { kind: string; children: ReactNode; onFind: (() => void) | null; label: string }) => (
  <li>
    <span className="chip muted">{kind}</span>
    <span className="queue-row-text">{children}</span>
    {onFind && (
      <button type="button" className="btn small primary" onClick={onFind} aria-label={label}>
        Find a time
      </button>
    )}
  </li>
);

const VisitTable = ({ caption, visits, catalog, onEarlier }: { caption: string; visits: PatientVisit[]; catalog: QueueCatalog; onEarlier: ((a: PatientVisit) => void) | null }) => (
  <div className="table-wrap">
    <table className="table visits">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Type</th>
          <th scope="col">Provider</th>
          <th scope="col">Location</th>
          <th scope="col">Status</th>
          <th scope="col">Notes</th>
          {onEarlier && <th scope="col"><span className="visually-hidden">Actions</span></th>}
        </tr>
      </thead>
      <tbody>
        {visits.map((a) => (
          <tr key={a.id} className={a.status === 'cancelled' ? 'inactive' : ''} data-appointment={a.id}>
            <td className="nowrap">{visitWhen(a.start, a.end, a.timeZone)}</td>
            <td>{typeLabel(catalog, a.typeId)}</td>
            <td>{providerLabel(catalog, a.providerId)}</td>
            <td>{locationLabel(catalog, a.locationId)}</td>
            <td>
              <span className={`chip st-${a.status}`}>{STATUS_LABELS[a.status]}</span>
            </td>
            <td>
              {[a.cancelReason, a.override ? `${OVERRIDE_LABELS[a.override.kind]}: ${a.override.reason}` : null, a.referralId ? 'Booked for a referral' : null, a.recallId ? 'Answers a recall' : null, a.rebookedFromId ? 'Rebooked after a missed visit' : null]
                .filter(Boolean)
                .join(' · ')}
            </td>
            {onEarlier && (
              <td className="visit-actions">
                {a.status === 'booked' && (
                  <button type="button" className="btn small" onClick={() => onEarlier(a)} aria-label={`Earlier if possible: ${visitWhen(a.start, a.end, a.timeZone)}`}>
                    Earlier if possible
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
