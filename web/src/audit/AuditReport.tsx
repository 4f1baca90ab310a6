import { useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../src/core/audit/audit-entry.ts';
import { api, apiFile } from '../shell/api.ts';
import { actionLabel, formatDateTime } from '../shell/format.ts';
import { Link } from '../shell/router.tsx';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, Notice, PageTitle, SelectField, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { detailText } from './detail.ts';

type Sort = 'at' | 'username' | 'action' | 'patientId' | 'outcome';
interface Filters {
  from: string;
  to: string;
  username: string;
  patientId: string;
  action: string;
  outcome: string;
  breakGlass: boolean;
}
const EMPTY: Filters = { from: '', to: '', username: '', patientId: '', action: '', outcome: '', breakGlass: false };
const PAGE = 50;
const OUTCOMES: Record<string, string> = { success: 'Success', denied: 'Denied', failure: 'Failed' };

/** The audit query as the API takes it: empty filters left out. */
const queryOf = (f: Filters, sort: Sort, order: 'asc' | 'desc') => ({
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
  ...(f.username.trim() ? { username: f.username.trim().toLowerCase() } : {}),
  ...(f.patientId.trim() ? { patientId: f.patientId.trim() } : {}),
  ...(f.action.trim() ? { action: f.action.trim() } : {}),
  ...(f.outcome ? { outcome: f.outcome } : {}),
  ...(f.breakGlass ? { breakGlass: true } : {}),
  sort,
  order,
});

/** Who did what to which record, when, from where, and how it ended; sortable, paged, exportable. */
export const AuditReport = () => {
  const { can } = useSession();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [sort, setSort] = useState<Sort>('at');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [offset, setOffset] = useState(0);
  const [exporting, setExporting] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const data = useAsync((signal) => api<{ entries: AuditEntry[]; total: number }>('POST', '/api/audit/search', { ...queryOf(filters, sort, order), limit: PAGE, offset }, { signal }), [filters, sort, order, offset]);

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) return setExporting({ kind: 'error', text: 'The “to” date is before the “from” date. Check both dates.' });
    setExporting(null);
    setOffset(0);
    setFilters(draft);
  };
  const sortBy = (s: Sort): void => {
    if (s === sort) setOrder((o) => (o === 'asc' ? 'desc' : 'asc'));
    else {
      setSort(s);
      setOrder(s === 'at' ? 'desc' : 'asc');
    }
    setOffset(0);
  };
  const download = async (): Promise<void> => {
    setExporting({ kind: 'ok', text: 'Preparing the CSV file…' });
    try {
      const { blob, filename } = await apiFile('POST', '/api/audit/export', { ...queryOf(filters, sort, order), limit: 10_000, offset: 0 });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting({ kind: 'ok', text: `Downloaded ${filename} (up to 10,000 entries with the filters shown). The export itself is recorded in the audit trail.` });
    } catch (e) {
      setExporting({ kind: 'error', text: errorText(e) });
    }
  };
  const header = (s: Sort, label: string) => (
    <th scope="col" aria-sort={sort === s ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => sortBy(s)}>
        {label}
        <span aria-hidden="true">{sort === s ? (order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
  const bind = (k: Exclude<keyof Filters, 'breakGlass'>) => ({ name: k, value: draft[k], onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value })) });

  return (
    <section>
      <PageTitle actions={can('audit.export') && <button className="btn" type="button" onClick={() => void download()}>Download CSV</button>}>Audit report</PageTitle>
      <form className="filters wrap" onSubmit={apply} aria-label="Filter the audit report" noValidate>
        <TextField label="From" type="date" {...bind('from')} />
        <TextField label="To" type="date" {...bind('to')} />
        <TextField label="User" autoComplete="off" hint="Username" {...bind('username')} />
        <TextField label="Patient ID" autoComplete="off" {...bind('patientId')} />
        <TextField label="Action" autoComplete="off" hint="e.g. patient.read" {...bind('action')} />
        <SelectField label="Outcome" options={[{ value: '', label: 'Any' }, ...Object.entries(OUTCOMES).map(([value, label]) => ({ value, label }))]} {...bind('outcome')} />
        <label className="checkbox">
          <input type="checkbox" checked={draft.breakGlass} onChange={(e) => setDraft((d) => ({ ...d, breakGlass: e.target.checked }))} /> Only emergency access
        </label>
        <div className="actions">
          <button className="btn primary" type="submit">
            Apply filters
          </button>
          <button className="btn" type="button" onClick={() => (setDraft(EMPTY), setFilters(EMPTY), setOffset(0))}>
            Clear
          </button>
        </div>
      </form>
      {exporting && <Notice kind={exporting.kind}>{exporting.text}</Notice>}
      <AsyncView value={data} loading="Loading the audit trail…" errorTitle="The audit report could not be loaded">
        {({ entries, total }) =>
          entries.length === 0 ? (
            <Empty>No audit entries match these filters. Widen the dates or clear a filter.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table audit">
                  <caption>
                    Entries {offset + 1} to {offset + entries.length} of {total}
                  </caption>
                  <thead>
                    <tr>
                      {header('at', 'Time')}
                      {header('username', 'User')}
                      {header('action', 'Action')}
                      {header('patientId', 'Patient')}
                      {header('outcome', 'Outcome')}
                      <th scope="col">Source</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((e) => (
                      <tr key={e.seq} className={e.outcome !== 'success' ? 'attention' : ''}>
                        <td className="when">{formatDateTime(e.at)}</td>
                        <td>{e.username}</td>
                        <td>
                          {actionLabel(e.action)}
                          {e.breakGlass && <span className="chip danger">emergency</span>}
                          <span className="code block">{e.action}</span>
                        </td>
                        <td>{e.patientId ? <PatientCell id={e.patientId} onFilter={() => { const next = { ...filters, patientId: e.patientId! }; setDraft(next); setFilters(next); setOffset(0); }} /> : 'None'}</td>
                        <td>{OUTCOMES[e.outcome] ?? e.outcome}</td>
                        <td>{e.sourceIp ?? 'System'}</td>
                        <td className="detail">{detailText(e.detail)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="pager" aria-label="Pages">
                <button className="btn" type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                  Previous page
                </button>
                <span>
                  Page {Math.floor(offset / PAGE) + 1} of {Math.max(1, Math.ceil(total / PAGE))}
                </span>
                <button className="btn" type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
                  Next page
                </button>
              </nav>
            </>
          )
        }
      </AsyncView>
    </section>
  );
};

/** A patient id, shortened for the table (the full id is in the link and its accessible name). */
const PatientCell = ({ id, onFilter }: { id: string; onFilter: () => void }) => {
  const { can } = useSession();
  const short = id.length > 10 ? `…${id.slice(-8)}` : id;
  return (
    <span className="patient-cell">
      <button type="button" className="btn link small" onClick={onFilter} title={id} aria-label={`Only entries about patient ${id}`}>
        <span className="code">{short}</span>
      </button>
      {can('disclosure.read') && (
        <Link to={`/audit/disclosures/${encodeURIComponent(id)}`} aria-label={`Disclosures of patient ${id}`} className="small-link">
          Disclosures
        </Link>
      )}
    </span>
  );
};
