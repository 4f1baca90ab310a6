import { useState, type FormEvent } from 'react';
import { patientDisclosures } from '../patients/api.ts';
import { formatDate, formatDateTime } from '../shell/format.ts';
import { navigate } from '../shell/router.tsx';
import { AsyncView, Empty, PageTitle, TextField, useAsync } from '../shell/ui.tsx';

/** The accounting of disclosures for one patient (HIPAA 45 CFR 164.528). */
export const Disclosures = ({ patientId }: { patientId: string | null }) => {
  const [id, setId] = useState(patientId ?? '');
  const [error, setError] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!id.trim()) return setError('Enter the patient ID. You find it in the Patient column of the audit report.');
    setError('');
    navigate(`/audit/disclosures/${encodeURIComponent(id.trim())}`);
  };
  return (
    <section>
      <PageTitle>Accounting of disclosures</PageTitle>
      <p className="lead">Every disclosure of a patient’s information to an outside party, as the patient may ask to see it.</p>
      <form className="filters" onSubmit={submit} noValidate aria-label="Choose a patient">
        <TextField label="Patient ID" value={id} onChange={(e) => setId(e.target.value)} error={error || undefined} autoComplete="off" hint="From the Patient column of the audit report" />
        <div className="actions">
          <button className="btn primary" type="submit">
            Show disclosures
          </button>
        </div>
      </form>
      {patientId ? <DisclosureList patientId={patientId} /> : <Empty>Choose a patient to see the disclosures of their information.</Empty>}
    </section>
  );
};

const DisclosureList = ({ patientId }: { patientId: string }) => {
  const list = useAsync((signal) => patientDisclosures(patientId, signal), [patientId]);
  return (
    <AsyncView value={list} loading="Loading disclosures…" errorTitle="The disclosures could not be loaded">
      {(rows) =>
        rows.length === 0 ? (
          <Empty>No disclosures are recorded for this patient.</Empty>
        ) : (
          <table className="table">
            <caption>
              {rows.length} disclosure{rows.length === 1 ? '' : 's'} of patient <span className="code">{patientId}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Recipient</th>
                <th scope="col">Purpose</th>
                <th scope="col">What was disclosed</th>
                <th scope="col">Recorded</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>{formatDate(d.disclosedOn)}</td>
                  <td>{d.recipient}</td>
                  <td>{d.purpose}</td>
                  <td>{d.description}</td>
                  <td>{formatDateTime(d.recordedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </AsyncView>
  );
};
