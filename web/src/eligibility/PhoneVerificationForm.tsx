import { useState, type FormEvent } from 'react';
import { ApiError } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { visibleErrors } from '../shell/validate.ts';
import { ErrorSummary, Notice, SelectField, TextArea, TextField, errorText } from '../shell/ui.tsx';
import { dollarsToCents, money, recordManual, type EligibilityCheck, type ManualOutcome } from './api.ts';

const OUTCOMES: { value: ManualOutcome | ''; label: string }[] = [
  { value: '', label: 'Choose what the payer said' },
  { value: 'active', label: 'Coverage is active' },
  { value: 'needs_authorization', label: 'Active, but a referral or authorisation is needed' },
  { value: 'inactive', label: 'Coverage is not active' },
  { value: 'not_found', label: 'The payer cannot find the member' },
];

interface Form {
  outcome: ManualOutcome | '';
  verifiedWith: string;
  reference: string;
  note: string;
  copay: string;
  deductible: string;
}

const EMPTY: Form = { outcome: '', verifiedWith: '', reference: '', note: '', copay: '', deductible: '' };
const MAX_COPAY = 10_000_00;
const MAX_DEDUCTIBLE = 1_000_000_00;

/** Amounts only make sense when the payer said the coverage is active. */
const withAmounts = (o: Form['outcome']): boolean => o === 'active' || o === 'needs_authorization';

const amountError = (typed: string, what: string, max: number): string | undefined => {
  const cents = dollarsToCents(typed);
  if (cents === undefined) return `Enter the ${what} in dollars, for example 25 or 1,500.50, or leave it empty.`;
  if (cents !== null && cents > max) return `A ${what} above ${money(max)} is not accepted. Check the amount.`;
  return undefined;
};

const validate = (f: Form): Record<string, string> => {
  const e: Record<string, string> = {};
  if (!f.outcome) e.outcome = 'Choose what the payer said about the coverage.';
  const who = f.verifiedWith.trim();
  if (!who) e.verifiedWith = 'Enter whom you spoke with at the payer.';
  else if (who.length < 2) e.verifiedWith = 'Enter the name of the person you spoke with (at least 2 characters).';
  else if (who.length > 120) e.verifiedWith = 'Shorten whom you spoke with to 120 characters or fewer.';
  const ref = f.reference.trim();
  if (!ref) e.reference = 'Enter the call reference number the payer gave you. Ask for one before you hang up.';
  else if (ref.length > 60) e.reference = 'The reference number is too long: 60 characters at most.';
  if (f.note.trim().length > 1000) e.note = 'Shorten what was said to 1,000 characters or fewer.';
  if (withAmounts(f.outcome)) {
    const copay = amountError(f.copay, 'co-pay', MAX_COPAY);
    if (copay) e.copay = copay;
    const deductible = amountError(f.deductible, 'deductible left', MAX_DEDUCTIBLE);
    if (deductible) e.deductible = deductible;
  }
  return e;
};

// Server field paths to the form's fields.
const FIELD_OF: Record<string, keyof Form> = { copayCents: 'copay', deductibleRemainingCents: 'deductible' };

/** Records a phone verification of a coverage (who, reference number, what was said); it counts as verified. */
export const PhoneVerificationForm = ({ coverageId, payerName, onCancel, onSaved }: { coverageId: string; payerName: string; onCancel: () => void; onSaved: (c: EligibilityCheck) => void }) => {
  const [form, setForm] = useState<Form>(EMPTY);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = { ...validate(form), ...serverErrors };
  const shown = visibleErrors(errors, touched, submitted > 0);

  const set = <K extends keyof Form>(k: K, v: Form[K]): void => {
    setForm((f) => ({ ...f, [k]: v }));
    setServerErrors(({ [k]: _, ...rest }) => rest);
  };
  const leave = (k: keyof Form) => () => setTouched((t) => new Set(t).add(k));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSubmitted((n) => n + 1);
    if (Object.keys(errors).length || !form.outcome) return;
    setBusy(true);
    setFailure('');
    const amounts = withAmounts(form.outcome);
    try {
      const saved = await recordManual({
        coverageId,
        outcome: form.outcome,
        verifiedWith: form.verifiedWith.trim(),
        reference: form.reference.trim(),
        note: form.note.trim() || null,
        copayCents: amounts ? (dollarsToCents(form.copay) ?? null) : null,
        deductibleRemainingCents: amounts ? (dollarsToCents(form.deductible) ?? null) : null,
      });
      onSaved(saved);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.issues.length) setServerErrors(Object.fromEntries(Object.entries(issuesByPath(err.issues)).map(([k, m]) => [FIELD_OF[k] ?? k, m])));
      setFailure(errorText(err));
    }
  };

  return (
    <form className="form card editor elig-phone" onSubmit={submit} noValidate aria-label={`Record a phone verification of ${payerName}`}>
      <h4>Record a phone verification</h4>
      <p className="hint">For payers without electronic eligibility, or when the electronic answer needs confirming. It counts as verified.</p>
      <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
      <SelectField label="What the payer said" required value={form.outcome} options={OUTCOMES} onChange={(e) => set('outcome', e.target.value as Form['outcome'])} onBlur={leave('outcome')} error={shown.outcome} />
      <div className="grid two">
        <TextField label="Who you spoke with" required value={form.verifiedWith} maxLength={200} onChange={(e) => set('verifiedWith', e.target.value)} onBlur={leave('verifiedWith')} error={shown.verifiedWith} hint="For example “Jane at provider services”." autoComplete="off" />
        <TextField label="Reference number" required value={form.reference} maxLength={100} onChange={(e) => set('reference', e.target.value)} onBlur={leave('reference')} error={shown.reference} hint="The call reference the payer gave you." autoComplete="off" />
      </div>
      <TextArea label="What was said" rows={3} value={form.note} onChange={(e) => set('note', e.target.value)} onBlur={leave('note')} error={shown.note} hint="Optional: benefits, limits or anything the payer asked you to note." />
      {withAmounts(form.outcome) && (
        <div className="grid two">
          <TextField label="Office visit co-pay ($)" inputMode="decimal" value={form.copay} onChange={(e) => set('copay', e.target.value)} onBlur={leave('copay')} error={shown.copay} hint="Optional, in dollars." autoComplete="off" />
          <TextField label="Deductible left this year ($)" inputMode="decimal" value={form.deductible} onChange={(e) => set('deductible', e.target.value)} onBlur={leave('deductible')} error={shown.deductible} hint="Optional, in dollars." autoComplete="off" />
        </div>
      )}
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save the verification'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
