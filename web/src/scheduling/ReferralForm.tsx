import { useState, type FormEvent } from 'react';
import { isValidNpi } from '../../../src/core/reference/npi.ts';
import { ApiError } from '../shell/api.ts';
import { formatDate } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, ErrorSummary, Notice, SelectField, TextArea, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { createReferral, type Referral } from './api.ts';
import { PatientPicker, type PickedPatient } from './PatientPicker.tsx';
import { loadQueueCatalog, practiceToday, providerLabel, providersAt, type QueueCatalog } from './QueueCatalog.ts';
import { isDate, useQueueForm } from './QueueFormKit.tsx';

/** Record an incoming referral: it waits in the Referrals queue until a visit is booked against it. */
export const ReferralFormDialog = ({ open, patient, onClose, onSaved }: { open: boolean; patient: PickedPatient | null; onClose: () => void; onSaved: (r: Referral, text: string) => void }) => (
  <Dialog open={open} title="Add a referral" onClose={onClose}>
    {open && <ReferralFormLoader patient={patient} onClose={onClose} onSaved={onSaved} />}
  </Dialog>
);

const ReferralFormLoader = ({ patient, onClose, onSaved }: { patient: PickedPatient | null; onClose: () => void; onSaved: (r: Referral, text: string) => void }) => {
  const { can } = useSession();
  const catalog = useAsync(() => loadQueueCatalog(can('reference.read')), []);
  return (
    <AsyncView value={catalog} loading="Loading the form…" errorTitle="The form could not be loaded">
      {(c) => <ReferralForm catalog={c} patient={patient} onClose={onClose} onSaved={onSaved} />}
    </AsyncView>
  );
};

type Key = 'referringName' | 'referringNpi' | 'reason' | 'receivedOn' | 'authorizationNumber' | 'visitLimit' | 'expiresOn' | 'typeId' | 'providerId';

const KEYS: readonly Key[] = ['referringName', 'referringNpi', 'reason', 'receivedOn', 'authorizationNumber', 'visitLimit', 'expiresOn', 'typeId', 'providerId'];

const ReferralForm = ({ catalog, patient: initialPatient, onClose, onSaved }: { catalog: QueueCatalog; patient: PickedPatient | null; onClose: () => void; onSaved: (r: Referral, text: string) => void }) => {
  const today = practiceToday(catalog);
  const [patient, setPatient] = useState<PickedPatient | null>(initialPatient);
  const [patientError, setPatientError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const form = useQueueForm<Key>(
    { referringName: '', referringNpi: '', reason: '', receivedOn: today, authorizationNumber: '', visitLimit: '', expiresOn: '', typeId: '', providerId: '' },
    (v) => {
      const e: Partial<Record<Key, string>> = {};
      const name = v.referringName.trim();
      if (name.length < 2) e.referringName = name ? 'Enter the full name of the referring physician or practice (at least 2 characters).' : 'Enter the referring physician or practice.';
      else if (name.length > 120) e.referringName = 'The referring name is too long. Shorten it to 120 characters.';
      if (v.referringNpi.trim() && !isValidNpi(v.referringNpi.trim())) e.referringNpi = 'Check the NPI: 10 digits whose last digit is the check digit. Leave it empty if you do not have it.';
      const reason = v.reason.trim();
      if (reason.length < 2) e.reason = 'Enter the reason for the referral.';
      else if (reason.length > 500) e.reason = 'The reason is too long. Shorten it to 500 characters.';
      if (!isDate(v.receivedOn)) e.receivedOn = 'Enter the date the referral was received.';
      else if (v.receivedOn > today) e.receivedOn = 'The date received cannot be in the future.';
      if (v.authorizationNumber.trim().length > 50) e.authorizationNumber = 'The authorisation number is too long (50 characters at most).';
      if (v.visitLimit.trim() && !/^\d+$/.test(v.visitLimit.trim())) e.visitLimit = 'Enter the number of visits as a whole number, or leave it empty for no limit.';
      else if (v.visitLimit.trim() && (Number(v.visitLimit) < 1 || Number(v.visitLimit) > 100)) e.visitLimit = 'Visits allowed must be between 1 and 100.';
      if (v.expiresOn && !isDate(v.expiresOn)) e.expiresOn = 'Check the expiry date.';
      else if (v.expiresOn && isDate(v.receivedOn) && v.expiresOn < v.receivedOn) e.expiresOn = 'The expiry date cannot be before the date received.';
      return e;
    },
  );
  const v = form.values;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const ok = form.submit();
    setPatientError(!patient);
    if (!ok || !patient) return;
    setBusy(true);
    setFailure('');
    try {
      const r = await createReferral({
        patientId: patient.id,
        referringName: v.referringName.trim(),
        referringNpi: v.referringNpi.trim() || null,
        reason: v.reason.trim(),
        receivedOn: v.receivedOn,
        authorizationNumber: v.authorizationNumber.trim() || null,
        visitLimit: v.visitLimit.trim() ? Number(v.visitLimit) : null,
        expiresOn: v.expiresOn || null,
        typeId: v.typeId || null,
        providerId: v.providerId || null,
      });
      onSaved(r, `The referral for ${patient.name} from ${r.referringName} is in the queue${r.expiresOn ? `; book before ${formatDate(r.expiresOn)}` : ''}.`);
    } catch (err) {
      form.serverIssues(err, (p) => (KEYS as readonly string[]).includes(p) ? (p as Key) : null);
      if (err instanceof ApiError && err.issues.some((i) => i.path === 'patientId')) setPatientError(true);
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const summary = { ...(form.submitted && !patient ? { patient: 'Choose the patient.' } : {}), ...form.summary };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a referral" className="queue-form">
      <ErrorSummary errors={summary} focusKey={form.submitted} />
      <PatientPicker value={patient} onChange={(p) => (setPatient(p), setPatientError(false))} error={patientError ? 'Choose the patient: search by name, date of birth, phone or MRN.' : undefined} />
      <div className="grid two">
        <TextField label="Referring physician or practice" required autoComplete="off" {...form.field('referringName')} hint="For example Dr. Helen Park (cardiology)" />
        <TextField label="Referring NPI" inputMode="numeric" autoComplete="off" maxLength={10} {...form.field('referringNpi')} hint="Optional, 10 digits" />
      </div>
      <TextArea label="Reason for the referral" required rows={2} {...form.field('reason')} />
      <div className="grid two">
        <TextField label="Received on" type="date" required max={today} {...form.field('receivedOn')} />
        <TextField label="Expires on" type="date" min={v.receivedOn || undefined} {...form.field('expiresOn')} hint="Optional: the last day a visit may take place" />
        <TextField label="Authorisation number" autoComplete="off" {...form.field('authorizationNumber')} hint="Optional, from the payer" />
        <TextField label="Visits allowed" type="number" min={1} max={100} inputMode="numeric" {...form.field('visitLimit')} hint="Optional; empty for no limit" />
        <SelectField label="Visit type to book" {...form.field('typeId')} options={[{ value: '', label: 'Not given' }, ...catalog.types.map((t) => ({ value: t.id, label: t.name }))]} />
        <SelectField label="Provider" {...form.field('providerId')} options={[{ value: '', label: 'Any provider' }, ...providersAt(catalog, null).map((p) => ({ value: p.id, label: providerLabel(catalog, p.id) }))]} />
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Add referral'}
        </button>
        <button className="btn" type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
};
