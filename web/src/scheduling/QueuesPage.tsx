import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatDate } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, PageTitle, useAsync } from '../shell/ui.tsx';
import { usePatientNames, type PatientLabel } from '../worklist/usePatientNames.ts';
import { cancelRecall, closeReferral, getAppointment, listRecalls, listReferrals, listWaitlist, removeFromWaitlist, STATUS_LABELS, type PatientVisit, type Recall, type Referral, type WaitlistEntry } from './api.ts';
import { daysBetween, loadQueueCatalog, locationLabel, practiceToday, providerLabel, relativeDays, typeLabel, type QueueCatalog } from './QueueCatalog.ts';
import { loadReferralVisits, QueueConfirmDialog, QueuePatient } from './QueueParts.tsx';
import { QueueSlotPickerDialog, type QueueTarget } from './QueueSlotPicker.tsx';
import { RecallFormDialog } from './RecallForm.tsx';
import { ReferralFormDialog } from './ReferralForm.tsx';
import { visitWhen } from './time.ts';
import { WaitlistFormDialog } from './WaitlistForm.tsx';

type Tab = 'referrals' | 'recalls' | 'waitlist';
const TABS: { id: Tab; label: string }[] = [
  { id: 'referrals', label: 'Referrals' },
  { id: 'recalls', label: 'Recalls' },
  { id: 'waitlist', label: 'Waitlist' },
];

/** Referrals this close to expiry, and recalls this close to due, are flagged. */
const SOON_DAYS = 14;

interface Queues {
  catalog: QueueCatalog;
  referrals: Referral[];
  recalls: Recall[];
  waitlist: WaitlistEntry[];
}

type Confirming = { kind: 'close'; referral: Referral } | { kind: 'cancel'; recall: Recall } | { kind: 'remove'; entry: WaitlistEntry };

/** The scheduling queues: referrals to book, recalls coming due, the waitlist. */
export const QueuesPage = () => {
  const { can } = useSession();
  const canBook = can('schedule.book');
  const [tab, setTab] = useState<Tab>('referrals');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [picking, setPicking] = useState<QueueTarget | null>(null);
  const [adding, setAdding] = useState<Tab | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const baseId = useId();

  const data = useAsync<Queues>(async (signal) => {
    const [catalog, referrals, recalls, waitlist] = await Promise.all([
      loadQueueCatalog(can('reference.read')),
      listReferrals({ status: 'open' }, signal),
      listRecalls({ status: 'pending' }, signal),
      listWaitlist({ status: 'waiting' }, signal),
    ]);
    return { catalog, referrals, recalls: [...recalls].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0)), waitlist };
  }, []);
  const loaded = data.status === 'ok' ? data.data : null;

  // The visits booked against each open referral, and the visits the waitlisted patients hold.
  const referralVisits = useAsync((signal) => (loaded ? loadReferralVisits(loaded.referrals, signal) : Promise.resolve(new Map<string, PatientVisit[]>())), [loaded]);
  const held = useAsync(
    async (signal) => {
      const ids = (loaded?.waitlist ?? []).map((w) => w.currentAppointmentId).filter((x): x is string => !!x);
      const found = await Promise.all(ids.map((id) => getAppointment(id, signal).catch(() => null)));
      return new Map(found.filter((a): a is PatientVisit => !!a).map((a) => [a.id, a]));
    },
    [loaded],
  );

  const patientIds = loaded ? [...loaded.referrals, ...loaded.recalls, ...loaded.waitlist].map((x) => x.patientId) : [];
  const names = usePatientNames(patientIds, can('patient.read'));
  const labelOf = (id: string): PatientLabel | 'unavailable' | undefined | null => (can('patient.read') ? names[id] : null);
  const nameFor = (id: string): string => {
    const l = names[id];
    return l && l !== 'unavailable' ? l.name : 'The patient';
  };

  const done = (text: string): void => {
    setPicking(null);
    setAdding(null);
    setConfirming(null);
    setMessage({ kind: 'ok', text });
    data.reload();
  };

  const visitsOf = referralVisits.status === 'ok' ? referralVisits.data : null;
  const counts: Record<Tab, number | null> = loaded ? { referrals: loaded.referrals.length, recalls: loaded.recalls.length, waitlist: loaded.waitlist.length } : { referrals: null, recalls: null, waitlist: null };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    setTab(TABS[to]!.id);
    document.getElementById(`${baseId}-tab-${TABS[to]!.id}`)?.focus();
  };

  return (
    <section className="queues">
      <PageTitle
        actions={
          canBook && (
            <>
              <button type="button" className="btn" onClick={() => setAdding('referrals')}>
                Add referral
              </button>
              <button type="button" className="btn" onClick={() => setAdding('recalls')}>
                Add recall
              </button>
              <button type="button" className="btn" onClick={() => setAdding('waitlist')}>
                Add to waitlist
              </button>
            </>
          )
        }
      >
        Scheduling queues
      </PageTitle>
      <p className="lead">Patients waiting for a visit: referrals to book, recalls coming due and patients who want an earlier time. Find a time books it and links it to the entry.</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="queue-tabs" role="tablist" aria-label="Queues">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`${baseId}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'on' : ''}
            onClick={() => setTab(t.id)}
            onKeyDown={onTabKey}
          >
            {t.label}
            {counts[t.id] !== null && <span className="count">{counts[t.id]}</span>}
          </button>
        ))}
      </div>
      <div className="queue-panel" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`}>
        <AsyncView value={data} loading="Loading the queues…" errorTitle="The queues could not be loaded">
          {(q) => (
            <>
              {tab === 'referrals' && (
                <ReferralsPanel q={q} visits={visitsOf} visitsFailed={referralVisits.status === 'error'} labelOf={labelOf} canBook={canBook} onFind={(r) => setPicking({ kind: 'referral', record: r })} onClose={(r) => setConfirming({ kind: 'close', referral: r })} />
              )}
              {tab === 'recalls' && <RecallsPanel q={q} labelOf={labelOf} canBook={canBook} onFind={(r) => setPicking({ kind: 'recall', record: r })} onCancel={(r) => setConfirming({ kind: 'cancel', recall: r })} />}
              {tab === 'waitlist' && (
                <WaitlistPanel q={q} held={held.status === 'ok' ? held.data : null} labelOf={labelOf} canBook={canBook} onFind={(w) => setPicking({ kind: 'waitlist', record: w })} onRemove={(w) => setConfirming({ kind: 'remove', entry: w })} />
              )}
            </>
          )}
        </AsyncView>
      </div>
      <QueueSlotPickerDialog target={picking} patientName={picking ? nameFor(picking.record.patientId) : ''} onClose={() => setPicking(null)} onBooked={(_a, text) => done(text)} />
      <ReferralFormDialog
        open={adding === 'referrals'}
        patient={null}
        onClose={() => setAdding(null)}
        onSaved={(_r, text) => {
          setTab('referrals');
          done(text);
        }}
      />
      <RecallFormDialog
        open={adding === 'recalls'}
        patient={null}
        onClose={() => setAdding(null)}
        onSaved={(_r, text) => {
          setTab('recalls');
          done(text);
        }}
      />
      <WaitlistFormDialog
        open={adding === 'waitlist'}
        patient={null}
        onClose={() => setAdding(null)}
        onSaved={(_w, text) => {
          setTab('waitlist');
          done(text);
        }}
      />
      <QueueConfirmDialog
        open={confirming?.kind === 'close'}
        title="Close the referral"
        confirm="Close referral"
        reason={{ label: 'Reason for closing', hint: 'For example: patient declined, seen elsewhere, all visits done' }}
        onClose={() => setConfirming(null)}
        onConfirm={async (reason) => {
          if (confirming?.kind !== 'close') return;
          await closeReferral(confirming.referral.id, reason);
          done(`The referral from ${confirming.referral.referringName} is closed.`);
        }}
      >
        {confirming?.kind === 'close' && (
          <p>
            {nameFor(confirming.referral.patientId)}: referred by {confirming.referral.referringName} for {confirming.referral.reason}. A closed referral leaves the queue and no more visits can be booked against it.
          </p>
        )}
      </QueueConfirmDialog>
      <QueueConfirmDialog
        open={confirming?.kind === 'cancel'}
        title="Cancel the recall"
        confirm="Cancel recall"
        onClose={() => setConfirming(null)}
        onConfirm={async () => {
          if (confirming?.kind !== 'cancel') return;
          await cancelRecall(confirming.recall.id);
          done(`The recall "${confirming.recall.reason}" is cancelled.`);
        }}
      >
        {confirming?.kind === 'cancel' && (
          <p>
            {nameFor(confirming.recall.patientId)}: {confirming.recall.reason}, due {formatDate(confirming.recall.dueOn)}. The recall leaves the queue and the worklist.
          </p>
        )}
      </QueueConfirmDialog>
      <QueueConfirmDialog
        open={confirming?.kind === 'remove'}
        title="Remove from the waitlist"
        confirm="Remove from waitlist"
        onClose={() => setConfirming(null)}
        onConfirm={async () => {
          if (confirming?.kind !== 'remove') return;
          await removeFromWaitlist(confirming.entry.id);
          done(`${nameFor(confirming.entry.patientId)} is off the waitlist. The visit they hold is kept.`);
        }}
      >
        {confirming?.kind === 'remove' && <p>{nameFor(confirming.entry.patientId)} will no longer be offered earlier times. The visit they hold now is kept.</p>}
      </QueueConfirmDialog>
    </section>
  );
};

type LabelOf = (id: string) => PatientLabel | 'unavailable' | undefined | null;

const QueueCard = ({ patientId, labelOf, chips, children, actions, kind, id }: { patientId: string; labelOf: LabelOf; chips?: ReactNode; children: ReactNode; actions: ReactNode; kind: string; id: string }) => (
  <li className="queue-item" data-kind={kind} data-id={id}>
    <div className="queue-item-head">
      <QueuePatient id={patientId} label={labelOf(patientId)} />
      {chips && <span className="queue-chips">{chips}</span>}
    </div>
    <dl className="facts compact">{children}</dl>
    <div className="actions">{actions}</div>
  </li>
);

const expiryChip = (expiresOn: string | null, today: string): ReactNode => {
  if (!expiresOn) return null;
  const n = daysBetween(today, expiresOn);
  if (n < 0) return <span className="chip danger">Expired {relativeDays(n)}</span>;
  if (n <= SOON_DAYS) return <span className="chip warn">Expires {relativeDays(n)}</span>;
  return null;
};

const ReferralsPanel = ({
  q,
  visits,
  visitsFailed,
  labelOf,
  canBook,
  onFind,
  onClose,
}: {
  q: Queues;
  visits: Map<string, PatientVisit[]> | null;
  visitsFailed: boolean;
  labelOf: LabelOf;
  canBook: boolean;
  onFind: (r: Referral) => void;
  onClose: (r: Referral) => void;
}) => {
  const today = practiceToday(q.catalog);
  if (!q.referrals.length) return <Empty>No open referrals. Add one when a referral comes in; it waits here until a visit is booked.</Empty>;
  if (!visits && !visitsFailed) return <p className="state loading" role="status"><span className="spinner" aria-hidden="true" />Checking which referrals have a visit booked…</p>;
  // Expired or expiring first, then the oldest received.
  const order = (a: Referral, b: Referral): number => (a.expiresOn ?? '9999') .localeCompare(b.expiresOn ?? '9999') || a.receivedOn.localeCompare(b.receivedOn);
  const waiting = q.referrals.filter((r) => !visits || !visits.get(r.id)?.length).sort(order);
  const booked = q.referrals.filter((r) => visits && visits.get(r.id)?.length).sort(order);
  const card = (r: Referral) => {
    const own = visits?.get(r.id) ?? [];
    const expired = r.expiresOn !== null && r.expiresOn < today;
    const full = r.visitLimit !== null && own.length >= r.visitLimit;
    return (
      <QueueCard
        key={r.id}
        kind="referral"
        id={r.id}
        patientId={r.patientId}
        labelOf={labelOf}
        chips={expiryChip(r.expiresOn, today)}
        actions={
          <>
            {canBook && !expired && !full && (
              <button type="button" className="btn small primary" onClick={() => onFind(r)} aria-label={`Find a time for the referral from ${r.referringName}`}>
                Find a time
              </button>
            )}
            {canBook && (
              <button type="button" className="btn small" onClick={() => onClose(r)} aria-label={`Close the referral from ${r.referringName}`}>
                Close referral
              </button>
            )}
          </>
        }
      >
        <dt>Referred by</dt>
        <dd>
          <strong>{r.referringName}</strong>
          {r.referringNpi && <span className="muted"> · NPI {r.referringNpi}</span>}
        </dd>
        <dt>Reason</dt>
        <dd>{r.reason}</dd>
        <dt>Received</dt>
        <dd>
          {formatDate(r.receivedOn)} <span className="muted">({relativeDays(daysBetween(today, r.receivedOn))})</span>
        </dd>
        <dt>Authorisation</dt>
        <dd>{r.authorizationNumber ?? <span className="muted">None recorded</span>}</dd>
        <dt>Visits allowed</dt>
        <dd>
          {r.visitLimit ?? 'No limit'}
          {own.length > 0 && <span className="muted"> · {own.length} booked</span>}
          {full && <span className="chip muted">All booked</span>}
        </dd>
        <dt>Expires</dt>
        <dd className={expired ? 'danger-text' : ''}>{r.expiresOn ? formatDate(r.expiresOn) : <span className="muted">No expiry</span>}</dd>
        <dt>To book</dt>
        <dd>
          {r.typeId ? typeLabel(q.catalog, r.typeId) : 'Type not given'} with {providerLabel(q.catalog, r.providerId)}
        </dd>
        {own.length > 0 && (
          <>
            <dt>Booked</dt>
            <dd>
              <ul className="plain-list">
                {own.map((a) => (
                  <li key={a.id}>
                    {visitWhen(a.start, a.end, a.timeZone)} · {typeLabel(q.catalog, a.typeId)} with {providerLabel(q.catalog, a.providerId)} <span className={`chip st-${a.status}`}>{STATUS_LABELS[a.status]}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </QueueCard>
    );
  };
  return (
    <>
      {visitsFailed && <Notice kind="error">The visits booked against the referrals could not be read, so every open referral is listed as waiting.</Notice>}
      <section className="queue-section" aria-labelledby="referrals-waiting">
        <h2 id="referrals-waiting">
          Waiting to be booked <span className="count">{waiting.length}</span>
        </h2>
        {waiting.length ? <ul className="queue-items">{waiting.map(card)}</ul> : <Empty>Every open referral has a visit booked.</Empty>}
      </section>
      {booked.length > 0 && (
        <section className="queue-section" aria-labelledby="referrals-booked">
          <h2 id="referrals-booked">
            Booked, still open <span className="count">{booked.length}</span>
          </h2>
          <p className="hint">These referrals have a visit booked. Book follow-up visits the authorisation allows, or close the referral when it is used up.</p>
          <ul className="queue-items">{booked.map(card)}</ul>
        </section>
      )}
    </>
  );
};

const RecallsPanel = ({ q, labelOf, canBook, onFind, onCancel }: { q: Queues; labelOf: LabelOf; canBook: boolean; onFind: (r: Recall) => void; onCancel: (r: Recall) => void }) => {
  if (!q.recalls.length) return <Empty>No pending recalls. Add one from here or from a patient’s Appointments tab.</Empty>;
  return (
    <section className="queue-section" aria-labelledby="recalls-pending">
      <h2 id="recalls-pending">
        Pending recalls <span className="count">{q.recalls.length}</span>
      </h2>
      <ul className="queue-items">
        {q.recalls.map((r) => {
          const today = practiceToday(q.catalog, r.locationId);
          const n = daysBetween(today, r.dueOn);
          const chip = n < 0 ? <span className="chip danger">Overdue by {-n} day{n === -1 ? '' : 's'}</span> : n <= SOON_DAYS ? <span className="chip warn">Due {relativeDays(n)}</span> : null;
          return (
            <QueueCard
              key={r.id}
              kind="recall"
              id={r.id}
              patientId={r.patientId}
              labelOf={labelOf}
              chips={chip}
              actions={
                canBook && (
                  <>
                    <button type="button" className="btn small primary" onClick={() => onFind(r)} aria-label={`Find a time for the recall: ${r.reason}`}>
                      Find a time
                    </button>
                    <button type="button" className="btn small" onClick={() => onCancel(r)} aria-label={`Cancel the recall: ${r.reason}`}>
                      Cancel recall
                    </button>
                  </>
                )
              }
            >
              <dt>Reason</dt>
              <dd>
                <strong>{r.reason}</strong>
              </dd>
              <dt>Due</dt>
              <dd className={n < 0 ? 'danger-text' : ''}>
                {formatDate(r.dueOn)} <span className="muted">({relativeDays(n)})</span>
              </dd>
              <dt>To book</dt>
              <dd>
                {typeLabel(q.catalog, r.typeId)} with {providerLabel(q.catalog, r.providerId)} · {locationLabel(q.catalog, r.locationId)}
              </dd>
            </QueueCard>
          );
        })}
      </ul>
    </section>
  );
};

const WaitlistPanel = ({ q, held, labelOf, canBook, onFind, onRemove }: { q: Queues; held: Map<string, PatientVisit> | null; labelOf: LabelOf; canBook: boolean; onFind: (w: WaitlistEntry) => void; onRemove: (w: WaitlistEntry) => void }) => {
  if (!q.waitlist.length) return <Empty>Nobody is on the waitlist. Add a patient who would like an earlier visit.</Empty>;
  const sorted = [...q.waitlist].sort((a, b) => a.latestOn.localeCompare(b.latestOn) || a.createdAt.localeCompare(b.createdAt));
  return (
    <section className="queue-section" aria-labelledby="waitlist-waiting">
      <h2 id="waitlist-waiting">
        Waiting for an earlier time <span className="count">{q.waitlist.length}</span>
      </h2>
      <ul className="queue-items">
        {sorted.map((w) => {
          const visit = w.currentAppointmentId ? held?.get(w.currentAppointmentId) : undefined;
          const today = practiceToday(q.catalog, w.locationId);
          const closing = daysBetween(today, w.latestOn);
          return (
            <QueueCard
              key={w.id}
              kind="waitlist"
              id={w.id}
              patientId={w.patientId}
              labelOf={labelOf}
              chips={closing < 0 ? <span className="chip muted">Window passed</span> : closing <= 3 ? <span className="chip warn">Window ends {relativeDays(closing)}</span> : null}
              actions={
                canBook && (
                  <>
                    <button type="button" className="btn small primary" onClick={() => onFind(w)} aria-label={`Find an earlier time: ${typeLabel(q.catalog, w.typeId)}`}>
                      Find a time
                    </button>
                    <button type="button" className="btn small" onClick={() => onRemove(w)}>
                      Remove from waitlist
                    </button>
                  </>
                )
              }
            >
              <dt>Wants</dt>
              <dd>
                <strong>{typeLabel(q.catalog, w.typeId)}</strong> with {providerLabel(q.catalog, w.providerId)} · {locationLabel(q.catalog, w.locationId)}
              </dd>
              <dt>Window</dt>
              <dd>
                {formatDate(w.earliestOn)} to {formatDate(w.latestOn)}
              </dd>
              <dt>Holds</dt>
              <dd>
                {!w.currentAppointmentId ? (
                  <span className="muted">No visit</span>
                ) : visit ? (
                  <>
                    {visitWhen(visit.start, visit.end, visit.timeZone)} <span className={`chip st-${visit.status}`}>{STATUS_LABELS[visit.status]}</span>
                  </>
                ) : held ? (
                  <span className="muted">A visit you cannot open</span>
                ) : (
                  <span className="muted">Loading…</span>
                )}
              </dd>
              {w.note && (
                <>
                  <dt>Note</dt>
                  <dd>{w.note}</dd>
                </>
              )}
            </QueueCard>
          );
        })}
      </ul>
    </section>
  );
};
