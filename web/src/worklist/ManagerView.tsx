import { useState } from 'react';
import { AgeBuckets } from '../../../src/core/worklist/work-item.ts';
import { api } from '../shell/api.ts';
import { ROLE_LABELS } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, PageTitle, SelectField, errorText, useAsync } from '../shell/ui.tsx';
import { assignItem, loadManagerView, searchWorklist, type ManagerView as View, type WorkItem } from './api.ts';
import { CompleteDialog, SnoozeDialog } from './ItemDialogs.tsx';
import { usePatientNames } from './usePatientNames.ts';
import { WorkItemCard, type ItemActions } from './WorkItemCard.tsx';

const AGE_LABELS: Record<string, string> = { '<1d': 'Under 1 day', '1-3d': '1 to 3 days', '3-7d': '3 to 7 days', '>7d': 'Over 7 days' };

interface UserLite {
  id: string;
  username: string;
  displayName: string;
}

/** Open work by owner (unassigned per team) and by age, and the items waiting for an owner. */
export const ManagerView = () => {
  const { me, can } = useSession();
  const [tick, setTick] = useState(0);
  const view = useAsync((signal) => loadManagerView(signal), [tick]);
  const users = useAsync((signal) => (can('user.read') ? api<{ users: UserLite[] }>('GET', '/api/users', undefined, { signal }).then((r) => r.users) : Promise.resolve([] as UserLite[])), []);
  const ownerName = (id: string | null, team: string | null): string => {
    if (!id) return `Unassigned · ${ROLE_LABELS[team ?? ''] ?? team ?? 'no'} team`;
    if (id === me.user.id) return `${me.user.displayName} (you)`;
    const u = users.status === 'ok' ? users.data.find((x) => x.id === id) : undefined;
    return u ? u.displayName : 'A colleague';
  };
  return (
    <section>
      <PageTitle>Team overview</PageTitle>
      <AsyncView value={view} loading="Loading the team’s work…" errorTitle="The overview could not be loaded">
        {(v) => (v.total === 0 ? <Empty>No open work items across the practice.</Empty> : <Summary v={v} ownerName={ownerName} />)}
      </AsyncView>
      <Unassigned onChanged={() => setTick((t) => t + 1)} />
    </section>
  );
};

const Summary = ({ v, ownerName }: { v: View; ownerName: (id: string | null, team: string | null) => string }) => (
  <>
    <ul className="tiles" aria-label="Totals">
      <li className="tile">
        <span className="tile-value">{v.total}</span> open items
      </li>
      <li className={`tile ${v.overdue ? 'danger' : ''}`}>
        <span className="tile-value">{v.overdue}</span> overdue
      </li>
      {AgeBuckets.map((b) => (
        <li key={b} className="tile">
          <span className="tile-value">{v.byAge[b]}</span> {AGE_LABELS[b]!.toLowerCase()} old
        </li>
      ))}
    </ul>
    <table className="table">
      <caption>Open items by owner and age</caption>
      <thead>
        <tr>
          <th scope="col">Owner</th>
          <th scope="col" className="num">Open</th>
          <th scope="col" className="num">Overdue</th>
          {AgeBuckets.map((b) => (
            <th key={b} scope="col" className="num">
              {AGE_LABELS[b]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {v.byOwner.map((r) => (
          <tr key={`${r.ownerId ?? ''}:${r.team ?? ''}`}>
            <th scope="row">{ownerName(r.ownerId, r.team)}</th>
            <td className="num">{r.count}</td>
            <td className={`num ${r.overdue ? 'danger-text' : ''}`}>{r.overdue}</td>
            {AgeBuckets.map((b) => (
              <td key={b} className="num">
                {r.byAge[b]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </>
);

/** Items nobody owns yet, oldest due first, to share out. */
const Unassigned = ({ onChanged }: { onChanged: () => void }) => {
  const { me, can } = useSession();
  const [overdueOnly, setOverdueOnly] = useState('all');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [snoozing, setSnoozing] = useState<WorkItem | null>(null);
  const [completing, setCompleting] = useState<WorkItem | null>(null);
  const list = useAsync((signal) => searchWorklist({ ownerId: null, status: ['open'], overdue: overdueOnly === 'overdue' ? true : undefined, limit: 25 }, signal), [overdueOnly]);
  const names = usePatientNames(list.status === 'ok' ? list.data.items.map((i) => i.patientId).filter((x): x is string => !!x) : [], can('patient.read'));
  const done = (text: string): void => {
    setSnoozing(null);
    setCompleting(null);
    setMessage({ kind: 'ok', text });
    list.reload();
    onChanged();
  };
  const act = async (fn: () => Promise<unknown>, text: string): Promise<void> => {
    setBusy(true);
    try {
      await fn();
      done(text);
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const actions: ItemActions = {
    assignToMe: (i) => void act(() => assignItem(i.id, me.user.id), 'The item is assigned to you.'),
    giveBack: (i) => void act(() => assignItem(i.id, null), 'The item is back with the team.'),
    snooze: setSnoozing,
    complete: setCompleting,
    reopen: () => undefined,
  };
  return (
    <section className="subsection" aria-labelledby="unassigned-title">
      <h2 id="unassigned-title">Waiting for an owner</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter unassigned items">
        <SelectField label="Show" value={overdueOnly} onChange={(e) => setOverdueOnly(e.target.value)} options={[{ value: 'all', label: 'All unassigned' }, { value: 'overdue', label: 'Only overdue' }]} />
      </form>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <AsyncView value={list} loading="Loading unassigned items…" errorTitle="The unassigned items could not be loaded">
        {(r) =>
          r.items.length === 0 ? (
            <Empty>Every open item has an owner.</Empty>
          ) : (
            <>
              <p className="summary">
                Showing {r.items.length} of {r.total}.
              </p>
              <ul className="work-items">
                {r.items.map((i) => (
                  <WorkItemCard key={i.id} item={i} patient={i.patientId ? names[i.patientId] : undefined} actions={actions} busy={busy} />
                ))}
              </ul>
            </>
          )
        }
      </AsyncView>
      <SnoozeDialog item={snoozing} onClose={() => setSnoozing(null)} onDone={done} />
      <CompleteDialog item={completing} onClose={() => setCompleting(null)} onDone={done} />
    </section>
  );
};
