import { useState, type FormEvent } from 'react';
import { activeCoverage } from '../../../src/core/patients/patient.ts';
import { ageLabel, formatDate, SEX_LABELS, todayLocal } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { Dialog, Notice, TextArea, errorText } from '../shell/ui.tsx';
import { unmaskSsn, type Patient, type Payer } from './api.ts';

/** The banner on every patient page: who this is, alerts, and the coverage in force. Never the full SSN. */
export const PatientBanner = ({ patient, payers }: { patient: Patient; payers: Payer[] }) => {
  const { can } = useSession();
  const [unmasking, setUnmasking] = useState(false);
  const primary = activeCoverage(patient.coverages, todayLocal());
  const payerName = (id: string): string => payers.find((p) => p.id === id)?.name ?? 'Payer not in the list';
  const name = `${patient.givenName}${patient.middleName ? ` ${patient.middleName}` : ''} ${patient.familyName}${patient.suffix ? ` ${patient.suffix}` : ''}`;
  return (
    <section className="banner" aria-label="Patient summary">
      <div className="banner-main">
        <p className="banner-name">
          {name}
          {patient.preferredName && <span className="preferred"> “{patient.preferredName}”</span>}
        </p>
        <dl className="banner-facts">
          <div>
            <dt>Age</dt>
            <dd>{ageLabel(patient.birthDate)}</dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>{formatDate(patient.birthDate) || 'Unknown'}</dd>
          </div>
          <div>
            <dt>Sex</dt>
            <dd>{SEX_LABELS[patient.sex] ?? patient.sex}</dd>
          </div>
          <div>
            <dt>MRN</dt>
            <dd>{patient.mrn}</dd>
          </div>
          <div>
            <dt>SSN</dt>
            <dd>
              {patient.ssnMasked ?? 'Not on file'}
              {patient.ssnMasked && can('patient.ssn.unmask') && (
                <button type="button" className="btn link small" onClick={() => setUnmasking(true)}>
                  Unmask SSN
                </button>
              )}
            </dd>
          </div>
          <div>
            <dt>Coverage</dt>
            <dd className={primary ? '' : 'warn-text'}>{primary ? `${payerName(primary.payerId)} · ${primary.planType} · ${primary.memberId}` : 'No active coverage'}</dd>
          </div>
        </dl>
      </div>
      <ul className="alerts" aria-label="Alerts">
        {patient.status === 'merged' && <li className="alert danger">Merged into another record: update that record instead.</li>}
        {patient.restricted && <li className="alert danger">Restricted record: opened under emergency access.</li>}
        {patient.allergies.length > 0 ? (
          <li className="alert danger">Allergies: {patient.allergies.map((a) => `${a.substance}${a.severity ? ` (${a.severity})` : ''}`).join(', ')}</li>
        ) : (
          <li className="alert muted">No allergies recorded</li>
        )}
      </ul>
      <UnmaskDialog patientId={patient.id} open={unmasking} onClose={() => setUnmasking(false)} />
    </section>
  );
};

/** Asks why the full SSN is needed; the answer goes on the audit trail. The SSN is shown only in this dialog. */
const UnmaskDialog = ({ patientId, open, onClose }: { patientId: string; open: boolean; onClose: () => void }) => {
  const [reason, setReason] = useState('');
  const [ssn, setSsn] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    setSsn(null);
    setReason('');
    setError('');
    onClose();
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (reason.trim().length < 4) return setError('State why you need the full SSN (at least 4 characters). It is recorded in the audit trail.');
    setBusy(true);
    setError('');
    try {
      const r = await unmaskSsn(patientId, reason.trim());
      const d = r.ssn?.replace(/\D/g, '') ?? '';
      setSsn(d.length === 9 ? `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}` : (r.ssn ?? 'No SSN on file'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} title="Unmask SSN" onClose={close}>
      {ssn ? (
        <>
          <p>
            Full SSN: <strong className="ssn">{ssn}</strong>
          </p>
          <Notice kind="ok">This view was recorded with your reason. Close it as soon as you are done.</Notice>
          <div className="actions">
            <button className="btn primary" type="button" onClick={close} autoFocus>
              Hide SSN and close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextArea label="Why do you need the full SSN?" value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} error={error || undefined} hint="For example: verifying identity with the payer. This is recorded." />
          <div className="actions">
            <button className="btn primary" type="submit" disabled={busy}>
              {busy ? 'Unmasking…' : 'Show SSN'}
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
