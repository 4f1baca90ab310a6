import { useMemo, useState, type FormEvent } from 'react';
import { PatientUpdateSchema } from '../../../src/core/patients/patient.ts';
import { ApiError } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { formatDate, formatPhone, SEX_LABELS } from '../shell/format.ts';
import { ErrorSummary, Notice } from '../shell/ui.tsx';
import { updatePatient, type Patient } from './api.ts';
import { DemographicsFields } from './DemographicsFields.tsx';
import { changesOf, formKeyOf, formOf, type DemographicsForm } from './demographics-form.ts';
import { StaleNotice } from './StaleNotice.tsx';
import { fieldErrors, visibleErrors } from '../shell/validate.ts';

export interface TabProps {
  patient: Patient;
  readOnly: boolean;
  onSaved: (p: Patient) => void;
  onReload: () => void;
}

/** Edits names, birth date, sex, contact details and address (an optimistic update with the version read). */
export const DemographicsTab = ({ patient, readOnly, onSaved, onReload }: TabProps) => {
  const [form, setForm] = useState<DemographicsForm>(() => formOf(patient));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error' | 'stale'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const patch = useMemo(() => changesOf(patient, form), [patient, form]);
  const dirty = Object.keys(patch).length > 1;
  const errors = useMemo(() => {
    const r = PatientUpdateSchema.safeParse(patch);
    return { ...(r.success ? {} : fieldErrors(r.error.issues, formKeyOf, form as unknown as Record<string, string>)), ...serverErrors };
  }, [patch, form, serverErrors]);

  if (readOnly) return <DemographicsFacts patient={patient} />;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSubmitted((n) => n + 1);
    setResult(null);
    if (Object.keys(errors).length) return;
    if (!dirty) return setResult({ kind: 'ok', text: 'Nothing has changed, so nothing was saved.' });
    setBusy(true);
    try {
      const p = await updatePatient(patient.id, patch);
      onSaved(p);
      setForm(formOf(p));
      setSubmitted(0);
      setTouched(new Set());
      setResult({ kind: 'ok', text: 'The demographics are saved.' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setResult({ kind: 'stale', text: err.message });
      else {
        if (err instanceof ApiError && err.issues.length) setServerErrors(Object.fromEntries(Object.entries(issuesByPath(err.issues)).map(([p, m]) => [formKeyOf(p), m])));
        setResult({ kind: 'error', text: err instanceof ApiError ? err.message : 'The change could not be saved. Try again.' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Demographics">
      <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
      <DemographicsFields
        value={form}
        errors={visibleErrors(errors, touched, submitted > 0)}
        onChange={(k, v) => {
          setForm((f) => ({ ...f, [k]: v }));
          setServerErrors(({ [k]: _, ...rest }) => rest);
        }}
        onBlur={(k) => setTouched((t) => new Set(t).add(k))}
        ssnHint={patient.ssnMasked ? `On file: ${patient.ssnMasked}. Type a new one only to replace it.` : 'None on file. 9 digits; stored encrypted.'}
      />
      {result?.kind === 'stale' ? <StaleNotice onReload={onReload} /> : result && <Notice kind={result.kind === 'ok' ? 'ok' : 'error'}>{result.text}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button
          className="btn"
          type="button"
          disabled={!dirty || busy}
          onClick={() => {
            setForm(formOf(patient));
            setServerErrors({});
            setSubmitted(0);
            setResult(null);
          }}
        >
          Undo changes
        </button>
      </div>
    </form>
  );
};

const DemographicsFacts = ({ patient: p }: { patient: Patient }) => (
  <dl className="facts">
    <dt>Name</dt>
    <dd>
      {p.givenName} {p.middleName ?? ''} {p.familyName} {p.suffix ?? ''}
    </dd>
    <dt>Date of birth</dt>
    <dd>{formatDate(p.birthDate) || 'Unknown'}</dd>
    <dt>Sex</dt>
    <dd>{SEX_LABELS[p.sex]}</dd>
    <dt>Phones</dt>
    <dd>{p.phones.length ? p.phones.map((ph) => `${formatPhone(ph.number)} (${ph.use})`).join(', ') : 'None recorded'}</dd>
    <dt>Email</dt>
    <dd>{p.email ?? 'None recorded'}</dd>
    <dt>Address</dt>
    <dd>{p.address.line1 ? `${p.address.line1}, ${p.address.city}, ${p.address.state} ${p.address.postalCode}` : 'None recorded'}</dd>
  </dl>
);
