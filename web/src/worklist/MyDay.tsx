import { useState } from 'react';
import { QueueItemBookDialog, QueueVisitDialog } from '../scheduling/QueueWorkDialogs.tsx';
import { RebookDialog } from '../scheduling/RebookDialog.tsx';
import { takeFlash, useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, PageTitle, SelectField, errorText, useAsync } from '../shell/ui.tsx';
import { assignItem, loadMyDay, refreshWorklist, reopenItem, type MyDayFilters, type WorkItem } from './api.ts';
import { CompleteDialog, SnoozeDialog } from './ItemDialogs.tsx';
import { usePatientNames } from './usePatientNames.ts';
import { WorkItemCard, type ItemActions } from './WorkItemCard.tsx';

const STATUS_OPTIONS = [
  { value: 'open', label: 'To do' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'done', label: 'Done' },
];
const PAGE = 10;

/** "My day": my items and my team's unassigned ones, grouped by kind, in working order. */
export const MyDay = () => {
  const { me, can } = useSession();
  const [filters, setFilters] = useState<MyDayFilters>({ kind: '', status: 'open', mine: false });
  const [kinds, setKinds] = useState<Record<string, string>>({});
  // A confirmation from the screen that sent the user here (a merge, a dismissed match).
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(() => {
    const flash = takeFlash();
    return flash ? { kind: 'ok', text: flash } : null;
  });
  const [busy, setBusy] = useState(false);
  const [snoozing, setSnoozing] = useState<WorkItem | null>(null);
  const [completing, setCompleting] = useState<WorkItem | null>(null);
  const [rebooking, setRebooking] = useState<WorkItem | null>(null);
  const [booking, setBooking] = useState<WorkItem | null>(null);
  const [visiting, setVisiting] = useState<WorkItem | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  const data = useAsync(
    async (signal) => {
      const r = await loadMyDay(filters, signal);
      setKinds((k) => ({ ...k, ...Object.fromEntries(r.groups.map((g) => [g.kind, g.label])) }));
      return r;
    },
    [filters.kind, filters.status, filters.mine],
  );

  const shown = data.status === 'ok' ? data.data.groups.flatMap((g) => (expanded.has(g.kind) ? g.items : g.items.slice(0, PAGE))) : [];
  const names = usePatientNames(shown.map((i) => i.patientId).filter((x): x is string => !!x), can('patient.read'));

  const act = async (what: () => Promise<unknown>, done: string): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      await what();
      setMessage({ kind: 'ok', text: done });
      data.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const actions: ItemActions = {
    assignToMe: (i) => void act(() => assignItem(i.id, me.user.id), 'The item is assigned to you.'),
    giveBack: (i) => void act(() => assignItem(i.id, null), 'The item is back with the team.'),
    snooze: (i) => setSnoozing(i),
    complete: (i) => setCompleting(i),
    reopen: (i) => void act(() => reopenItem(i.id), 'The item is back on the list.'),
    reschedule: (i) => setRebooking(i),
    book: (i) => setBooking(i),
    openVisit: (i) => setVisiting(i),
  };
  const finished = (text: string): void => {
    setSnoozing(null);
    setCompleting(null);
    setRebooking(null);
    setBooking(null);
    setVisiting(null);
    setMessage({ kind: 'ok', text });
    data.reload();
  };

  return (
    <section>
      <PageTitle
        actions={
          can('worklist.manage') && (
            <button className="btn" type="button" disabled={busy} onClick={() => void act(refreshWorklist, 'The list is up to date.')}>
              Check for new work
            </button>
          )
        }
      >
        My day
      </PageTitle>
      <form className="filters" aria-label="Filter the list" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Kind" value={filters.kind} onChange={(e) => setFilters((f) => ({ ...f, kind: e.target.value }))} options={[{ value: '', label: 'All kinds' }, ...Object.entries(kinds).map(([value, label]) => ({ value, label }))]} />
        <SelectField label="Status" value={filters.status} onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value as MyDayFilters['status'] }))} options={STATUS_OPTIONS} />
        <label className="checkbox">
          <input type="checkbox" checked={filters.mine} onChange={(e) => setFilters((f) => ({ ...f, mine: e.target.checked }))} /> Only items assigned to me
        </label>
      </form>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <AsyncView value={data} loading="Loading your work…" errorTitle="Your list could not be loaded">
        {(day) =>
          day.total === 0 ? (
            <Empty>
              {filters.status === 'open' ? 'Nothing to do here right now. New work appears as it comes in.' : filters.status === 'snoozed' ? 'No snoozed items.' : 'No finished items yet.'}
            </Empty>
          ) : (
            <>
              <p className="summary" role="status">
                {day.total} item{day.total === 1 ? '' : 's'}
                {day.groups.length > 1 ? ` in ${day.groups.length} kinds` : ''}.
              </p>
              {day.groups.map((g) => {
                const items = expanded.has(g.kind) ? g.items : g.items.slice(0, PAGE);
                return (
                  <section key={g.kind} className="group" aria-labelledby={`group-${g.kind}`}>
                    <h2 id={`group-${g.kind}`}>
                      {g.label} <span className="count">{g.count}</span>
                    </h2>
                    <ul className="work-items">
                      {items.map((i) => (
                        <WorkItemCard key={i.id} item={i} patient={i.patientId ? names[i.patientId] : undefined} actions={actions} busy={busy} />
                      ))}
                    </ul>
                    {g.items.length > items.length && (
                      <button className="btn link" type="button" onClick={() => setExpanded((s) => new Set(s).add(g.kind))}>
                        Show all {g.items.length} items of this kind
                      </button>
                    )}
                  </section>
                );
              })}
            </>
          )
        }
      </AsyncView>
      <SnoozeDialog item={snoozing} onClose={() => setSnoozing(null)} onDone={finished} />
      <CompleteDialog item={completing} onClose={() => setCompleting(null)} onDone={finished} />
      <RebookDialog item={rebooking} onClose={() => setRebooking(null)} onDone={finished} />
      <QueueItemBookDialog item={booking} onClose={() => setBooking(null)} onDone={finished} />
      <QueueVisitDialog item={visiting} onClose={() => setVisiting(null)} onChanged={finished} />
    </section>
  );
};
