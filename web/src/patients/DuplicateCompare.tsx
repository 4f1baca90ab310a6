import { useState, type FormEvent } from 'react';
import { PERMISSIONS, Roles } from '../../../src/core/access/permissions.ts';
import { ApiError } from '../shell/api.ts';
import { ageLabel, COVERAGE_ORDER, formatDate, formatDateTime, formatPhone, patientName, ROLE_LABELS, SEX_LABELS } from '../shell/format.ts';
import { Link, navigate } from '../shell/router.tsx';
import { setFlash, useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, Notice, PageTitle, TextArea, errorText, useAsync } from '../shell/ui.tsx';
import { refreshWorklist } from '../worklist/api.ts';
import { dismissDuplicate, getPatient, listPayers, mergePatients, type Patient, type Payer } from './api.ts';

/** "A", "A and B", "A, B and C". */
const listText = (items: string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** The roles that may merge or dismiss, from the one permission table. */
const MERGE_ROLES = listText(Roles.filter((r) => PERMISSIONS[r].has('patient.merge')).map((r) => ROLE_LABELS[r] ?? r));

const mrnOf = (p: Patient): string => `MRN ${p.mrn}`;

interface RowDef {
  label: string;
  /** Lines shown in each column; an empty list is "None recorded". */
  lines: (p: Patient) => string[];
  /** Compared between the two records (not the MRN or the registration time, which always differ). */
  compare?: boolean;
  /** Left out when neither record has a value. */
  optional?: boolean;
  hint?: string;
}

const rowsFor = (payers: Payer[]): RowDef[] => {
  const payerName = (id: string): string => payers.find((p) => p.id === id)?.name ?? 'Payer not in the list';
  const one = (v: string | null | undefined): string[] => (v && v.trim() ? [v.trim()] : []);
  return [
    { label: 'Family name', lines: (p) => one(p.familyName), compare: true },
    { label: 'Given name', lines: (p) => one(p.givenName), compare: true },
    { label: 'Middle name', lines: (p) => one(p.middleName), compare: true, optional: true },
    { label: 'Suffix', lines: (p) => one(p.suffix), compare: true, optional: true },
    { label: 'Preferred name', lines: (p) => one(p.preferredName), compare: true, optional: true },
    { label: 'Date of birth', lines: (p) => (p.birthDate ? [`${formatDate(p.birthDate)} (${ageLabel(p.birthDate)})`] : []), compare: true },
    { label: 'Sex', lines: (p) => one(SEX_LABELS[p.sex] ?? p.sex), compare: true },
    { label: 'Phones', lines: (p) => p.phones.map((ph) => `${formatPhone(ph.number)} (${ph.use})`), compare: true },
    { label: 'Email', lines: (p) => one(p.email), compare: true },
    {
      label: 'Address',
      lines: (p) => (p.address.line1 ? [[p.address.line1, p.address.line2, `${p.address.city}, ${p.address.state} ${p.address.postalCode}`].filter(Boolean).join(', ')] : []),
      compare: true,
    },
    { label: 'SSN', lines: (p) => one(p.ssnMasked), compare: true, hint: 'Last 4 digits only' },
    { label: 'MRN', lines: (p) => [p.mrn] },
    {
      label: 'Coverages',
      lines: (p) => [...p.coverages].sort((a, b) => a.priority - b.priority).map((c) => `${COVERAGE_ORDER[c.priority] ?? `Order ${c.priority}`}: ${payerName(c.payerId)} · ${c.planType} · member ID ${c.memberId}`),
      compare: true,
    },
    { label: 'Conditions', lines: (p) => p.chronicConditions.map((c) => `${c.display} (${c.code})`), compare: true },
    { label: 'Allergies', lines: (p) => p.allergies.map((a) => `${a.substance}${a.reaction ? ` · ${a.reaction}` : ''}${a.severity ? ` (${a.severity})` : ''}`), compare: true },
    { label: 'Registered', lines: (p) => [formatDateTime(p.createdAt)] },
  ];
};

/** Lines compared without regard to case, spacing or order. */
const keyOf = (lines: string[]): string =>
  lines
    .map((l) => l.toLowerCase().replace(/\s+/g, ' ').trim())
    .sort()
    .join('\n');

interface Row {
  def: RowDef;
  a: string[];
  b: string[];
  differs: boolean;
}

/**
 * A suspected duplicate pair side by side, field by field, with the differences marked; staff
 * allowed to merge keep one record (the other is merged into it) or dismiss the match.
 */
export const DuplicateCompare = ({ patientId, candidateId }: { patientId: string; candidateId: string }) => {
  const { can } = useSession();
  const pair = useAsync(
    async (signal) => {
      const [a, b, payers] = await Promise.all([getPatient(patientId, signal), getPatient(candidateId, signal), listPayers().catch(() => [] as Payer[])]);
      return { a, b, payers };
    },
    [patientId, candidateId],
  );
  const [merging, setMerging] = useState<{ survivor: Patient; duplicate: Patient } | null>(null);
  const [dismissing, setDismissing] = useState(false);

  /** After a merge or a dismissal: close the worklist item now, then back to the list with a confirmation. */
  const finish = async (text: string, fallback: string): Promise<void> => {
    let closed = false;
    if (can('worklist.manage')) {
      try {
        await refreshWorklist();
        closed = true;
      } catch {
        // The merge or dismissal is saved; the item closes at the next check for new work.
      }
    }
    setFlash(`${text} ${closed ? 'The worklist item is closed.' : 'The worklist item closes the next time the list is checked for new work.'}`);
    navigate(can('worklist.read') ? '/worklist' : fallback);
  };

  return (
    <section>
      <PageTitle>Compare possible duplicates</PageTitle>
      {patientId === candidateId ? (
        <Notice kind="error">This link compares a record with itself. Open the item again from My day.</Notice>
      ) : (
        <AsyncView value={pair} loading="Loading both records…" errorTitle="The two records could not be opened">
          {({ a, b, payers }) => {
            const rows: Row[] = rowsFor(payers)
              .map((def) => {
                const [la, lb] = [def.lines(a), def.lines(b)];
                return { def, a: la, b: lb, differs: !!def.compare && keyOf(la) !== keyOf(lb) };
              })
              .filter((r) => !r.def.optional || r.a.length > 0 || r.b.length > 0);
            const compared = rows.filter((r) => r.def.compare);
            const differing = compared.filter((r) => r.differs);
            const merged = [a, b].find((p) => p.status === 'merged');
            const older = a.createdAt <= b.createdAt ? a.id : b.id;
            const mayMerge = can('patient.merge') && !merged;
            return (
              <>
                <p className="lead">
                  Check the marked differences with the patient or their documents. If both are the same person, keep one record and merge the other into it; if they are
                  two people, dismiss the match.
                </p>
                {merged && <MergedPair merged={merged} other={merged.id === a.id ? b : a} />}
                {!merged && !can('patient.merge') && (
                  <div className="callout info">
                    <p>
                      Only the {MERGE_ROLES} roles can merge records or dismiss a match. If these are the same person, ask one of them to review this pair: it is on
                      their worklist.
                    </p>
                  </div>
                )}
                <p className="summary">
                  {differing.length === 0
                    ? `All ${compared.length} compared fields match.`
                    : `${differing.length} of ${compared.length} compared fields differ: ${listText(differing.map((r) => r.def.label.toLowerCase()))}.`}
                </p>
                <div className="table-wrap">
                  <table className="table compare">
                    <caption className="visually-hidden">The two records field by field; rows marked “Differs” do not match.</caption>
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        {[a, b].map((p) => (
                          <th scope="col" key={p.id}>
                            <span className="compare-name">{patientName(p)}</span>
                            <span className="compare-meta">
                              {mrnOf(p)}
                              {p.id === older && ' · registered first'}
                              {p.status === 'merged' && ' · merged'}
                            </span>
                            <Link to={`/patients/${encodeURIComponent(p.id)}`} className="small-link" aria-label={`Open this record: ${mrnOf(p)}`}>
                              Open this record
                            </Link>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr key={r.def.label} className={r.differs ? 'differs' : ''}>
                          <th scope="row">
                            {r.def.label}
                            {r.differs && <span className="chip warn">Differs</span>}
                            {r.def.hint && <span className="compare-hint">{r.def.hint}</span>}
                          </th>
                          {[r.a, r.b].map((lines, i) => (
                            <td key={i}>
                              {lines.length === 0 ? (
                                <span className="none">None recorded</span>
                              ) : lines.length === 1 ? (
                                lines[0]
                              ) : (
                                <ul className="plain-list">
                                  {lines.map((l, j) => (
                                    <li key={j}>{l}</li>
                                  ))}
                                </ul>
                              )}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                    {mayMerge && (
                      <tfoot>
                        <tr>
                          <th scope="row">Same person?</th>
                          {[a, b].map((p) => (
                            <td key={p.id}>
                              <button className="btn primary" type="button" onClick={() => setMerging({ survivor: p, duplicate: p.id === a.id ? b : a })} aria-label={`Merge into this record: ${patientName(p)}, ${mrnOf(p)}`}>
                                Merge into this record
                              </button>
                            </td>
                          ))}
                        </tr>
                      </tfoot>
                    )}
                  </table>
                </div>
                {mayMerge && (
                  <div className="actions">
                    <button className="btn" type="button" onClick={() => setDismissing(true)}>
                      Not the same person
                    </button>
                    <span className="muted">Both records stay as they are and the match is dismissed.</span>
                  </div>
                )}
                <MergeDialog
                  pair={merging}
                  onClose={() => setMerging(null)}
                  onMerged={(survivor, duplicate) =>
                    finish(`${patientName(duplicate)} (${mrnOf(duplicate)}) is merged into ${patientName(survivor)} (${mrnOf(survivor)}).`, `/patients/${encodeURIComponent(survivor.id)}`)
                  }
                  onReload={() => {
                    setMerging(null);
                    pair.reload();
                  }}
                />
                <DismissDialog a={a} b={b} open={dismissing} onClose={() => setDismissing(false)} onDismissed={() => finish(`The match between ${mrnOf(a)} and ${mrnOf(b)} is dismissed: they stay two records.`, `/patients/${encodeURIComponent(a.id)}`)} />
              </>
            );
          }}
        </AsyncView>
      )}
    </section>
  );
};

/** One of the pair is already merged: nothing is left to decide here. */
const MergedPair = ({ merged, other }: { merged: Patient; other: Patient }) => (
  <div className="callout warn" role="status">
    <p className="state-title">This pair is already resolved.</p>
    <p>
      {mrnOf(merged)} was merged into{' '}
      {merged.mergedInto === other.id ? (
        <Link to={`/patients/${encodeURIComponent(other.id)}`}>{mrnOf(other)}</Link>
      ) : merged.mergedInto ? (
        <Link to={`/patients/${encodeURIComponent(merged.mergedInto)}`}>another record</Link>
      ) : (
        'another record'
      )}
      . Work on the surviving record from now on.
    </p>
  </div>
);

/** Asks why the two are the same person (recorded in the audit trail), then merges. */
const MergeDialog = ({
  pair,
  onClose,
  onMerged,
  onReload,
}: {
  pair: { survivor: Patient; duplicate: Patient } | null;
  onClose: () => void;
  onMerged: (survivor: Patient, duplicate: Patient) => Promise<void>;
  onReload: () => void;
}) => {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [failure, setFailure] = useState<{ text: string; stale: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    setReason('');
    setError('');
    setFailure(null);
    onClose();
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!pair) return;
    if (reason.trim().length < 4) return setError('Say why these are the same person (at least 4 characters). It is recorded in the audit trail.');
    setBusy(true);
    setError('');
    setFailure(null);
    try {
      await mergePatients(pair.survivor.id, pair.duplicate.id, reason.trim());
      await onMerged(pair.survivor, pair.duplicate);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 412)
        setFailure({ text: 'One of these records was merged or changed since you opened this page, so nothing was merged. Reload the comparison to see where things stand.', stale: true });
      else if (err instanceof ApiError && err.issues.some((i) => i.path === 'reason')) setError('Say why these are the same person (at least 4 characters). It is recorded in the audit trail.');
      else setFailure({ text: errorText(err), stale: false });
    }
  };
  return (
    <Dialog open={!!pair} title="Merge these records?" onClose={close}>
      {pair && (
        <form onSubmit={submit} noValidate>
          <p>
            <strong>
              {patientName(pair.duplicate)} ({mrnOf(pair.duplicate)})
            </strong>{' '}
            will be merged into{' '}
            <strong>
              {patientName(pair.survivor)} ({mrnOf(pair.survivor)})
            </strong>
            .
          </p>
          <ul className="merge-effects">
            <li>The record you keep keeps its own details and takes over the other record’s coverages.</li>
            <li>Conditions, allergies, care-team contacts and phone numbers that only the other record has are added to it; where both have a value (name, address, SSN), the kept record’s wins.</li>
            <li>The other record stays, marked as merged, with its history; it can no longer be changed.</li>
          </ul>
          <TextArea
            label="Why are these the same person?"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={error || undefined}
            required
            hint="For example: same SSN and date of birth, confirmed with the patient’s ID card. This is recorded in the audit trail."
          />
          {failure && (
            <div className="notice error" role="alert">
              <p>{failure.text}</p>
              {failure.stale && (
                <button className="btn" type="button" onClick={onReload}>
                  Reload the comparison
                </button>
              )}
            </div>
          )}
          <div className="actions">
            <button className="btn primary" type="submit" disabled={busy}>
              {busy ? 'Merging…' : 'Merge records'}
            </button>
            <button className="btn" type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
};

/** Confirms that the pair is two people; both records stay. */
const DismissDialog = ({ a, b, open, onClose, onDismissed }: { a: Patient; b: Patient; open: boolean; onClose: () => void; onDismissed: () => Promise<void> }) => {
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setFailure('');
    try {
      await dismissDuplicate(a.id, b.id);
      await onDismissed();
    } catch (err) {
      setBusy(false);
      setFailure(errorText(err));
    }
  };
  return (
    <Dialog open={open} title="Not the same person?" onClose={onClose}>
      {open && (
        <>
          <p>
            {mrnOf(a)} and {mrnOf(b)} stay two separate records, and the match is dismissed. Do this only when you have checked that they are different people.
          </p>
          {failure && <Notice kind="error">{failure}</Notice>}
          <div className="actions">
            <button className="btn primary" type="button" disabled={busy} onClick={() => void confirm()}>
              {busy ? 'Dismissing…' : 'Dismiss the match'}
            </button>
            <button className="btn" type="button" onClick={onClose} autoFocus>
              Cancel
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
};
