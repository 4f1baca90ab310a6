import { useMemo, useState, type FormEvent } from 'react';
import { isValidNpi } from '../../../src/core/reference/npi.ts';
import { PayerInputSchema, PlanTypes, ProviderInputSchema, type Location, type Payer, type PayerInput, type Provider, type ProviderInput } from '../../../src/core/reference/reference.ts';
import { api, ApiError } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { CheckboxGroup, ErrorSummary, Notice, TextField, errorText } from '../shell/ui.tsx';
import { fieldErrors, visibleErrors } from '../shell/validate.ts';

/** `locationIds[0]` and `planTypes[1]` belong to the list's field. */
const keyOfPath = (path: string): string => path.replace(/\[\d+\].*$/, '').split('.')[0] ?? path;

/** What is wrong with an NPI as typed, as a sentence; '' when it is valid. */
export const npiProblem = (raw: string): string => {
  const npi = raw.replace(/[\s-]/g, '');
  if (!npi) return 'Enter the NPI.';
  if (!/^\d+$/.test(npi)) return 'An NPI has digits only. Check the number.';
  if (npi.length !== 10) return `An NPI is exactly 10 digits; this one has ${npi.length}. Check the number.`;
  if (!isValidNpi(npi)) return 'This NPI fails the check digit, so a digit is probably mistyped. Compare it with the NPI registry (NPPES).';
  return '';
};

const TAXONOMY_PROBLEM = 'A taxonomy code is 10 letters and digits ending in X, for example 207Q00000X (Family Medicine). Check the code.';

/** Turns the API's answer to a failed save into field errors and a sentence. */
const failureOf = (err: unknown, conflictField: string, conflictText: string): { fields: Record<string, string>; text: string } => {
  if (err instanceof ApiError && err.status === 409) return { fields: { [conflictField]: conflictText }, text: 'Nothing was saved. Correct the marked field and try again.' };
  const fields: Record<string, string> = err instanceof ApiError && err.issues.length ? Object.fromEntries(Object.entries(issuesByPath(err.issues)).map(([p, m]) => [keyOfPath(p), m])) : {};
  // Well-formed but unknown to the NUCC code set the server ships.
  if (err instanceof ApiError && err.issues.some((i) => i.path === 'taxonomyCode' && /NUCC/i.test(i.message)))
    fields.taxonomyCode = 'This taxonomy code is not in the NUCC code set. Check it against the provider’s NPI registry entry (for example 207Q00000X for Family Medicine).';
  return { fields, text: errorText(err) };
};

/**
 * The state both "add" forms share: the typed values, which fields were touched, server-side field
 * errors, and the save itself (the API's conflict lands on `conflictField`).
 */
const useAddForm = <F extends object, T>(o: { empty: F; url: string; conflictField: string; conflictText: string; onAdded: (x: T) => void }) => {
  const [form, setForm] = useState<F>(o.empty);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  /** Forgets the server's complaint about a field once it changes. */
  const changed = (k: string): void => setServerErrors(({ [k]: _, ...rest }) => rest);
  const touch = (k: string): void => setTouched((t) => new Set(t).add(k));
  const bind = (k: keyof F & string, shown: Record<string, string>) => ({
    name: k,
    value: String(form[k]),
    error: shown[k],
    autoComplete: 'off',
    onChange: (e: { target: { value: string } }) => {
      setForm((f) => ({ ...f, [k]: e.target.value }));
      changed(k);
    },
    onBlur: () => touch(k),
  });
  const submit = (errors: Record<string, string>, input: unknown) => async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSubmitted((n) => n + 1);
    setFailure('');
    if (Object.keys(errors).length) return;
    setBusy(true);
    try {
      o.onAdded(await api<T>('POST', o.url, input));
    } catch (err) {
      setBusy(false);
      const f = failureOf(err, o.conflictField, o.conflictText);
      setServerErrors(f.fields);
      setFailure(f.text);
    }
  };
  return { form, touched, submitted, serverErrors, failure, busy, changed, touch, bind, submit };
};

interface ProviderForm {
  npi: string;
  givenName: string;
  familyName: string;
  credentials: string;
  taxonomyCode: string;
  specialty: string;
  phone: string;
  email: string;
}

const EMPTY_PROVIDER: ProviderForm = { npi: '', givenName: '', familyName: '', credentials: '', taxonomyCode: '', specialty: '', phone: '', email: '' };

const providerInputOf = (f: ProviderForm, locationIds: string[]): ProviderInput => ({
  npi: f.npi.replace(/[\s-]/g, ''),
  givenName: f.givenName.trim(),
  familyName: f.familyName.trim(),
  credentials: f.credentials.trim() || null,
  taxonomyCode: f.taxonomyCode.trim().toUpperCase(),
  specialty: f.specialty.trim(),
  phone: f.phone.trim() || null,
  email: f.email.trim() || null,
  locationIds,
});

/** Adds a provider: NPI check digit and taxonomy code checked as typed; the API's field errors land on the fields. */
export const AddProvider = ({ locations, onCancel, onAdded }: { locations: Location[]; onCancel: () => void; onAdded: (p: Provider) => void }) => {
  const f = useAddForm<ProviderForm, Provider>({ empty: EMPTY_PROVIDER, url: '/api/providers', conflictField: 'npi', conflictText: 'A provider with this NPI is already on file. Check the number, or find the provider in the list below.', onAdded });
  const { form, serverErrors, submitted, failure, busy } = f;
  const [locationIds, setLocationIds] = useState<string[]>([]);

  const input = providerInputOf(form, locationIds);
  const errors = useMemo(() => {
    const r = ProviderInputSchema.safeParse(input);
    const out = r.success ? {} : fieldErrors(r.error.issues, keyOfPath, form as unknown as Record<string, string>);
    const npi = npiProblem(form.npi);
    if (npi) out.npi = npi;
    else delete out.npi;
    if (out.taxonomyCode && form.taxonomyCode.trim()) out.taxonomyCode = TAXONOMY_PROBLEM;
    return { ...out, ...serverErrors };
  }, [form, locationIds, serverErrors]);

  // The NPI is checked as soon as all 10 digits are typed, not only when the field is left.
  const npiDigits = form.npi.replace(/\D/g, '').length;
  const shown = visibleErrors(errors, npiDigits >= 10 ? new Set(f.touched).add('npi') : f.touched, submitted > 0);
  const npiOk = !errors.npi;
  const bind = (k: keyof ProviderForm) => f.bind(k, shown);
  const submit = f.submit(errors, input);

  return (
    <form className="form card editor" onSubmit={submit} noValidate aria-label="Add provider">
      <h3>Add provider</h3>
      <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
      <div className="grid">
        <TextField label="NPI" required inputMode="numeric" hint={npiOk ? 'The check digit is correct.' : '10 digits, from the NPI registry (NPPES)'} {...bind('npi')} />
        <TextField label="Given name" required {...bind('givenName')} />
        <TextField label="Family name" required {...bind('familyName')} />
        <TextField label="Credentials" hint="For example MD, DO, NP, PA-C" {...bind('credentials')} />
        <TextField label="Taxonomy code" required hint="NUCC code: 10 characters ending in X, e.g. 207Q00000X" {...bind('taxonomyCode')} />
        <TextField label="Specialty" required hint="For example Family Medicine" {...bind('specialty')} />
        <TextField label="Phone" type="tel" {...bind('phone')} />
        <TextField label="Email" type="email" {...bind('email')} />
        <CheckboxGroup
          className="span-all"
          label="Locations"
          name="locationIds"
          hint={locations.length ? 'Where the provider sees patients' : 'No locations yet: the provider can be added without one.'}
          options={locations.map((l) => ({ value: l.id, label: l.name }))}
          value={locationIds}
          error={shown.locationIds}
          onChange={(next) => {
            setLocationIds(next);
            f.changed('locationIds');
          }}
        />
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add provider'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};

interface PayerForm {
  name: string;
  payerCode: string;
  phone: string;
}

const PLAN_TYPE_OPTIONS = PlanTypes.map((t) => ({ value: t, label: t }));

/** Adds a payer: name, payer ID (for claims), the plan types it offers, phone. */
export const AddPayer = ({ onCancel, onAdded }: { onCancel: () => void; onAdded: (p: Payer) => void }) => {
  const f = useAddForm<PayerForm, Payer>({ empty: { name: '', payerCode: '', phone: '' }, url: '/api/payers', conflictField: 'payerCode', conflictText: 'A payer with this payer ID is already on file. Check the ID, or find the payer in the list below.', onAdded });
  const { form, serverErrors, submitted, failure, busy } = f;
  const [planTypes, setPlanTypes] = useState<string[]>([]);

  const input = { name: form.name.trim(), payerCode: form.payerCode.trim(), planTypes: planTypes as PayerInput['planTypes'], phone: form.phone.trim() || null };
  const errors = useMemo(() => {
    const r = PayerInputSchema.safeParse(input);
    const out = r.success ? {} : fieldErrors(r.error.issues, keyOfPath, form as unknown as Record<string, string>);
    if (out.payerCode && form.payerCode.trim()) out.payerCode = 'A payer ID is 2 to 20 letters and digits, as printed on the card or the payer list (for example 60054). Check it.';
    if (planTypes.length === 0) out.planTypes = 'Choose at least one plan type the payer offers.';
    return { ...out, ...serverErrors };
  }, [form, planTypes, serverErrors]);
  const shown = visibleErrors(errors, f.touched, submitted > 0);
  const bind = (k: keyof PayerForm) => f.bind(k, shown);
  const submit = f.submit(errors, input);

  return (
    <form className="form card editor" onSubmit={submit} noValidate aria-label="Add payer">
      <h3>Add payer</h3>
      <ErrorSummary errors={submitted ? errors : {}} focusKey={submitted} />
      <div className="grid">
        <TextField label="Name" required hint="As staff know it, e.g. Blue Cross Blue Shield of Illinois" {...bind('name')} />
        <TextField label="Payer ID" required hint="The electronic payer ID used on claims" {...bind('payerCode')} />
        <TextField label="Phone" type="tel" hint="Provider services line" {...bind('phone')} />
        <CheckboxGroup
          className="span-all"
          label="Plan types"
          name="planTypes"
          required
          options={PLAN_TYPE_OPTIONS}
          value={planTypes}
          error={shown.planTypes}
          onChange={(next) => {
            setPlanTypes(next);
            f.changed('planTypes');
          }}
          onBlur={() => f.touch('planTypes')}
        />
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add payer'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
