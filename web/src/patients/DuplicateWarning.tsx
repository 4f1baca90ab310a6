import { ageLabel, formatDate, formatPhone, patientName } from '../shell/format.ts';
import { Link } from '../shell/router.tsx';
import { Notice } from '../shell/ui.tsx';
import type { DuplicateMatch, Patient } from './api.ts';

/** A suspected match of a registration, with the record when the user may read it. */
export interface SuspectedMatch extends DuplicateMatch {
  patient: Patient | null;
}

const REASONS: Record<string, string> = {
  ssn: 'same SSN',
  name: 'same name',
  'name-close': 'similar name',
  birthDate: 'same date of birth',
  phone: 'same phone',
  address: 'same address',
};
const reasonText = (r: string): string => REASONS[r] ?? (r.includes(' ') ? r : r.replace(/[-_]/g, ' ').replace(/([A-Z])/g, ' $1').toLowerCase());

/** The suspected matches of a registration, shown before anything is saved. */
export const DuplicateWarning = ({ matches, busy, failure, onBack, onSaveAnyway }: { matches: SuspectedMatch[]; busy: boolean; failure: string; onBack: () => void; onSaveAnyway: () => void }) => (
  <div className="duplicates">
    <div className="callout warn" role="alert">
      <p className="state-title">
        {matches.length === 1 ? 'One existing patient looks like the same person.' : `${matches.length} existing patients look like the same person.`} Nothing has been saved yet.
      </p>
      <p>Compare them with the patient in front of you. If one is the same person, open that record instead of creating a second one.</p>
    </div>
    <table className="table">
      <caption className="visually-hidden">Suspected matches</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Date of birth</th>
          <th scope="col">MRN</th>
          <th scope="col">Phone</th>
          <th scope="col">Why it matches</th>
          <th scope="col">
            <span className="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {matches.map((m) => (
          <tr key={m.patientId}>
            {m.patient ? (
              <>
                <td>{patientName(m.patient)}</td>
                <td>
                  {formatDate(m.patient.birthDate)} ({ageLabel(m.patient.birthDate)})
                </td>
                <td>{m.patient.mrn}</td>
                <td>{m.patient.phones[0] ? formatPhone(m.patient.phones[0].number) : 'None'}</td>
              </>
            ) : (
              <td colSpan={4}>A record you cannot open (restricted or merged).</td>
            )}
            <td>
              {m.reasons.map(reasonText).join(', ')} (score {m.score} of 100)
            </td>
            <td>{m.patient && <Link to={`/patients/${encodeURIComponent(m.patientId)}`}>Open this record</Link>}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {failure && <Notice kind="error">{failure}</Notice>}
    <div className="actions">
      <button className="btn primary" type="button" onClick={onSaveAnyway} disabled={busy}>
        {busy ? 'Saving…' : 'This is a new patient: register anyway'}
      </button>
      <button className="btn" type="button" onClick={onBack} disabled={busy}>
        Go back and edit
      </button>
    </div>
  </div>
);
