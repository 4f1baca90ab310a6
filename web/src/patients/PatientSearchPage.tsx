import { useState, type FormEvent } from 'react';
import { ageLabel, formatDate, formatPhone, patientName, SEX_LABELS } from '../shell/format.ts';
import { Link } from '../shell/router.tsx';
import { useSession } from '../shell/session.tsx';
import { Empty, ErrorState, Loading, Notice, PageTitle, TextField } from '../shell/ui.tsx';
import { searchPatients, type Patient, type PatientQuery } from './api.ts';

type Result = { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ok'; patients: Patient[] };

/** Search by name, date of birth, phone, MRN or member ID; the terms go in the request body only. */
export const PatientSearchPage = () => {
  const { can } = useSession();
  const [form, setForm] = useState({ name: '', birthDate: '', phone: '', mrn: '', memberId: '' });
  const [result, setResult] = useState<Result>({ status: 'idle' });
  const [hint, setHint] = useState('');

  const run = async (): Promise<void> => {
    const q: PatientQuery = { limit: 50 };
    for (const [k, v] of Object.entries(form)) if (v.trim()) (q as Record<string, string>)[k] = v.trim();
    if (Object.keys(q).length === 1) return setHint('Enter at least one of: name, date of birth, phone, MRN or member ID.');
    setHint('');
    setResult({ status: 'loading' });
    try {
      setResult({ status: 'ok', patients: await searchPatients(q) });
    } catch (error) {
      setResult({ status: 'error', error });
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run();
  };
  const bind = (k: keyof typeof form) => ({ name: k, value: form[k], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })) });

  return (
    <section>
      <PageTitle actions={can('patient.create') && <Link to="/patients/new" className="btn primary">Register a patient</Link>}>Find a patient</PageTitle>
      <form onSubmit={submit} className="form search-form" noValidate aria-label="Patient search">
        <div className="grid">
          <TextField label="Name" hint="Family name, or “family, given”" autoComplete="off" {...bind('name')} />
          <TextField label="Date of birth" type="date" {...bind('birthDate')} />
          <TextField label="Phone" type="tel" autoComplete="off" {...bind('phone')} />
          <TextField label="MRN" autoComplete="off" {...bind('mrn')} />
          <TextField label="Member ID" autoComplete="off" {...bind('memberId')} />
        </div>
        {hint && <Notice kind="error">{hint}</Notice>}
        <div className="actions">
          <button className="btn primary" type="submit">
            Search
          </button>
        </div>
      </form>
      {result.status === 'idle' && <Empty>Search by any combination of the fields above. Names match by the first letters and tolerate small typos.</Empty>}
      {result.status === 'loading' && <Loading label="Searching…" />}
      {result.status === 'error' && <ErrorState error={result.error} onRetry={() => void run()} title="The search did not work" />}
      {result.status === 'ok' &&
        (result.patients.length === 0 ? (
          <Empty>
            No patient matches. Check the spelling or try fewer fields.{' '}
            {can('patient.create') && (
              <>
                If the patient is new, <Link to="/patients/new">register them</Link>.
              </>
            )}
          </Empty>
        ) : (
          <table className="table">
            <caption>
              {result.patients.length} patient{result.patients.length === 1 ? '' : 's'} found
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Date of birth</th>
                <th scope="col">Sex</th>
                <th scope="col">MRN</th>
                <th scope="col">Phone</th>
              </tr>
            </thead>
            <tbody>
              {result.patients.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/patients/${encodeURIComponent(p.id)}`}>{patientName(p)}</Link>
                  </td>
                  <td>
                    {formatDate(p.birthDate)} ({ageLabel(p.birthDate)})
                  </td>
                  <td>{SEX_LABELS[p.sex]}</td>
                  <td>{p.mrn}</td>
                  <td>{p.phones[0] ? formatPhone(p.phones[0].number) : 'None'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
};
