import { useState, type FormEvent } from 'react';
import { api } from '../shell/api.ts';
import { formatDateTime } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, PageTitle, TextArea, errorText, useAsync } from '../shell/ui.tsx';

interface Grant {
  id: string;
  userId: string;
  username: string;
  reason: string;
  startedAt: string;
  endsAt: string;
  auditEntries: number;
}

/** Emergency ("break the glass") grants waiting for review, oldest first. */
export const BreakGlassReview = () => {
  const grants = useAsync((signal) => api<{ grants: Grant[] }>('GET', '/api/break-glass/review', undefined, { signal }).then((r) => r.grants), []);
  const [message, setMessage] = useState('');
  return (
    <section>
      <PageTitle>Emergency access review</PageTitle>
      <p className="lead">Each time someone broke the glass to open records their role does not allow, a reviewer confirms it was justified. Nobody reviews their own.</p>
      {message && <Notice kind="ok">{message}</Notice>}
      <AsyncView value={grants} loading="Loading grants to review…" errorTitle="The review queue could not be loaded">
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing to review: every emergency access has been reviewed.</Empty>
          ) : (
            <ul className="cards">
              {list.map((g) => (
                <GrantCard
                  key={g.id}
                  grant={g}
                  onReviewed={() => {
                    setMessage(`The emergency access of ${g.username} is reviewed.`);
                    grants.reload();
                  }}
                />
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
};

const GrantCard = ({ grant: g, onReviewed }: { grant: Grant; onReviewed: () => void }) => {
  const { me } = useSession();
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const own = g.userId === me.user.id;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!note.trim()) return setError('Write what you checked and whether the access was justified.');
    setBusy(true);
    setError('');
    try {
      await api('POST', `/api/break-glass/${encodeURIComponent(g.id)}/review`, { note: note.trim() });
      onReviewed();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <li className="card">
      <div className="card-head">
        <p className="card-title">{g.username}</p>
        <span className="chip warn">{g.auditEntries} recorded action{g.auditEntries === 1 ? '' : 's'}</span>
      </div>
      <dl className="facts compact">
        <dt>From</dt>
        <dd>{formatDateTime(g.startedAt)}</dd>
        <dt>Until</dt>
        <dd>{formatDateTime(g.endsAt)}</dd>
        <dt>Reason given</dt>
        <dd>{g.reason}</dd>
      </dl>
      {own ? (
        <p className="muted">This is your own emergency access: another reviewer must review it.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextArea label="Review note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={error || undefined} required hint="What you checked in the audit report, and your conclusion" />
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Mark as reviewed'}
          </button>
        </form>
      )}
    </li>
  );
};
