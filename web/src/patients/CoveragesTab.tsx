import { useState, type FormEvent } from 'react';
import { CoverageInputSchema } from '../../../src/core/patients/patient.ts';
import { ApiError } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { COVERAGE_ORDER, formatDate, todayLocal } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { CoverageEligibility, usePatientChecks } from '../eligibility/CoverageEligibility.tsx';
import { Dialog, Empty, ErrorSummary, Notice, errorText } from '../shell/ui.tsx';
import { addCoverage, coverageInputOf, removeCoverage, updateCoverage, type Coverage, type Patient, type Payer } from './api.ts';
import { CoverageFields, coverageFormOf, coverageInputOfForm, coverageKeyOf, emptyCoverage, type CoverageForm } from './CoverageFields.tsx';
import type { TabProps } from './DemographicsTab.tsx';
import { fieldErrors } from '../shell/validate.ts';

const DAY_MS = 86_400_000;

/** Active, ending soon, ended or not yet started, on the local date. */
const coverageStatus = (c: Coverage, today: string): { text: string; tone: string } => {
  if (c.effectiveDate && c.effectiveDate > today) return { text: `Starts ${formatDate(c.effectiveDate)}`, tone: 'muted' };
  if (c.endDate && c.endDate < today) return { text: `Ended ${formatDate(c.endDate)}`, tone: 'danger' };
  if (c.endDate) {
    const days = Math.round((Date.parse(c.endDate) - Date.parse(today)) / DAY_MS);
    if (days <= 30) return { text: `Ends in ${days} day${days === 1 ? '' : 's'} (${formatDate(c.endDate)})`, tone: 'warn' };
  }
  return { text: 'Active', tone: 'ok' };
};

type Editing = { kind: 'add' } | { kind: 'edit'; coverage: Coverage } | null;

/** The patient's insurance: add, change, remove, and the primary/secondary order. */
export const CoveragesTab = ({ patient, payers, readOnly, onSaved }: TabProps & { payers: Payer[] }) => {
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Coverage | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { can } = useSession();
  // Eligibility per coverage: one read of the patient's checks for the whole tab.
  const canReadEligibility = can('eligibility.read');
  const checks = usePatientChecks(patient.id, canReadEligibility);
  const canRecord = can('eligibility.check') && patient.status !== 'merged';
  const today = todayLocal();
  const sorted = [...patient.coverages].sort((a, b) => a.priority - b.priority);
  const payerName = (id: string): string => payers.find((p) => p.id === id)?.name ?? 'Payer not in the list';

  const run = async (what: () => Promise<Patient>, done: string): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      onSaved(await what());
      setMessage({ kind: 'ok', text: done });
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  // Moving a coverage up places it at the priority above; the server pushes the others down one.
  const moveUp = (c: Coverage): Promise<void> =>
    run(() => updateCoverage(patient.id, c.id, { ...coverageInputOf(c), priority: c.priority - 1 }), `${payerName(c.payerId)} is now ${COVERAGE_ORDER[c.priority - 1]?.toLowerCase()}.`);

  return (
    <div>
      <div className="section-head">
        <h2>Coverages</h2>
        {!readOnly && !editing && (
          <button className="btn primary" type="button" onClick={() => (setEditing({ kind: 'add' }), setMessage(null))}>
            Add coverage
          </button>
        )}
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {editing && (
        <CoverageEditor
          key={editing.kind === 'edit' ? editing.coverage.id : 'new'}
          patient={patient}
          payers={payers}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(p, text) => {
            onSaved(p);
            setEditing(null);
            setMessage({ kind: 'ok', text });
          }}
        />
      )}
      {sorted.length === 0 ? (
        <Empty>No insurance on file. {readOnly ? '' : 'Add the patient’s coverage from the card, or leave it empty for self-pay.'}</Empty>
      ) : (
        <ol className="cards" aria-label="Coverages in billing order">
          {sorted.map((c, i) => {
            const st = coverageStatus(c, today);
            return (
              <li key={c.id} className="card">
                <div className="card-head">
                  <p className="card-title">
                    <span className="order">{COVERAGE_ORDER[c.priority] ?? `Order ${c.priority}`}</span> {payerName(c.payerId)}
                  </p>
                  <span className={`chip ${st.tone}`}>{st.text}</span>
                </div>
                <dl className="facts compact">
                  <dt>Member ID</dt>
                  <dd>{c.memberId}</dd>
                  <dt>Plan</dt>
                  <dd>
                    {c.planType}
                    {c.planName ? ` · ${c.planName}` : ''}
                  </dd>
                  <dt>Group</dt>
                  <dd>{c.groupNumber ?? 'None'}</dd>
                  <dt>Dates</dt>
                  <dd>{c.effectiveDate || c.endDate ? `${formatDate(c.effectiveDate) || 'open start'} to ${formatDate(c.endDate) || 'no end date'}` : 'No dates recorded'}</dd>
                  <dt>Subscriber</dt>
                  <dd>{c.relationship === 'self' ? 'The patient' : `${c.subscriber?.givenName ?? ''} ${c.subscriber?.familyName ?? ''} (patient is ${c.relationship})`}</dd>
                </dl>
                {!readOnly && (
                  <div className="actions">
                    <button className="btn small" type="button" disabled={busy} onClick={() => (setEditing({ kind: 'edit', coverage: c }), setMessage(null))} aria-label={`Edit ${payerName(c.payerId)} coverage`}>
                      Edit
                    </button>
                    {i > 0 && (
                      <button className="btn small" type="button" disabled={busy} onClick={() => void moveUp(c)} aria-label={`Make ${payerName(c.payerId)} ${COVERAGE_ORDER[c.priority - 1]?.toLowerCase()}`}>
                        Make {COVERAGE_ORDER[c.priority - 1]?.toLowerCase() ?? 'higher'}
                      </button>
                    )}
                    <button className="btn small danger-outline" type="button" disabled={busy} onClick={() => setRemoving(c)} aria-label={`Remove ${payerName(c.payerId)} coverage`}>
                      Remove
                    </button>
                  </div>
                )}
                {canReadEligibility && <CoverageEligibility coverageId={c.id} payerName={payerName(c.payerId)} checks={checks} canRecord={canRecord} onRecorded={checks.add} />}
              </li>
            );
          })}
        </ol>
      )}
      <Dialog open={!!removing} title="Remove this coverage?" onClose={() => setRemoving(null)}>
        {removing && (
          <>
            <p>
              {payerName(removing.payerId)}, member ID {removing.memberId}, will be removed from this patient. Claims already sent are not affected.
            </p>
            <div className="actions">
              <button
                className="btn danger"
                type="button"
                onClick={() => {
                  const c = removing;
                  setRemoving(null);
                  void run(() => removeCoverage(patient.id, c.id), 'The coverage was removed.');
                }}
              >
                Remove coverage
              </button>
              <button className="btn" type="button" onClick={() => setRemoving(null)} autoFocus>
                Keep it
              </button>
            </div>
          </>
        )}
      </Dialog>
    </div>
  );
};

const CoverageEditor = ({ patient, payers, editing, onCancel, onSaved }: { patient: Patient; payers: Payer[]; editing: NonNullable<Editing>; onCancel: () => void; onSaved: (p: Patient, text: string) => void }) => {
  const existing = editing.kind === 'edit' ? editing.coverage : undefined;
  const [form, setForm] = useState<CoverageForm>(() => (existing ? coverageFormOf(existing) : emptyCoverage(Math.min(3, patient.coverages.length + 1))));
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const input = coverageInputOfForm(form, existing);
  const parsed = CoverageInputSchema.safeParse(input);
  const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error.issues, coverageKeyOf, form as unknown as Record<string, string>)), ...serverErrors };
  if (form.effectiveDate && form.endDate && form.endDate < form.effectiveDate) errors.endDate ??= 'The end date is before the start date. Check both dates.';
  if (form.relationship !== 'self' && !form.subscriberFamily.trim()) errors.subscriberFamily ??= 'Enter the subscriber’s family name (the person who holds the policy).';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSubmitted((n) => n + 1);
    if (Object.keys(errors).length) return;
    setBusy(true);
    setFailure('');
    try {
      const p = existing ? await updateCoverage(patient.id, existing.id, input) : await addCoverage(patient.id, input);
      onSaved(p, existing ? 'The coverage is saved.' : 'The coverage was added.');
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.issues.length) setServerErrors(Object.fromEntries(Object.entries(issuesByPath(err.issues)).map(([k, m]) => [coverageKeyOf(k), m])));
      setFailure(errorText(err));
    }
  };

  return (
    <form className="form card editor" onSubmit={submit} noValidate aria-label={existing ? 'Edit coverage' : 'Add coverage'}>
      <h3>{existing ? 'Edit coverage' : 'Add coverage'}</h3>
      <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
      <CoverageFields
        value={form}
        payers={payers}
        errors={submitted ? errors : {}}
        onChange={(k, v) => {
          setForm((f) => ({ ...f, [k]: v }));
          setServerErrors(({ [k]: _, ...rest }) => rest);
        }}
        showOrder
      />
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save coverage' : 'Add coverage'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
