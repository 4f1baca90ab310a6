import { useMemo, useState, type FormEvent } from 'react';
import { CoverageInputSchema, PatientInputSchema } from '../../../src/core/patients/patient.ts';
import { ApiError, newIdempotencyKey } from '../shell/api.ts';
import { issuesByPath } from '../shell/errors.ts';
import { navigate } from '../shell/router.tsx';
import { setFlash } from '../shell/session.tsx';
import { AsyncView, ErrorSummary, Notice, PageTitle, errorText, useAsync } from '../shell/ui.tsx';
import { createPatient, getPatient, listPayers, type DuplicateMatch } from './api.ts';
import { CoverageFields, coverageInputOfForm, coverageKeyOf, emptyCoverage, type CoverageForm } from './CoverageFields.tsx';
import { DemographicsFields } from './DemographicsFields.tsx';
import { emptyDemographics, formKeyOf, registrationOf, type DemographicsForm } from './demographics-form.ts';
import { DuplicateWarning, type SuspectedMatch } from './DuplicateWarning.tsx';
import { fieldErrors, visibleErrors } from '../shell/validate.ts';

/** Registers a patient: inline validation, then the suspected duplicates before anything is saved. */
export const RegisterPatient = () => {
  const payers = useAsync(() => listPayers(), []);
  const [form, setForm] = useState<DemographicsForm>(emptyDemographics);
  const [withCoverage, setWithCoverage] = useState(false);
  const [coverage, setCoverage] = useState<CoverageForm>(emptyCoverage(1));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(0);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const [matches, setMatches] = useState<SuspectedMatch[] | null>(null);

  const input = useMemo(() => registrationOf(form, withCoverage ? coverageInputOfForm(coverage) : null, false), [form, coverage, withCoverage]);
  const errors = useMemo(() => {
    const r = PatientInputSchema.safeParse(input);
    const demo = r.success ? {} : fieldErrors(r.error.issues.filter((i) => i.path[0] !== 'coverages'), formKeyOf, form as unknown as Record<string, string>);
    const cov = withCoverage ? CoverageInputSchema.safeParse(coverageInputOfForm(coverage)) : null;
    const covErrors = cov && !cov.success ? fieldErrors(cov.error.issues, coverageKeyOf, coverage as unknown as Record<string, string>) : {};
    return { demo: { ...demo, ...serverErrors }, cov: covErrors };
  }, [input, form, coverage, withCoverage, serverErrors]);

  const shown = visibleErrors(errors.demo, touched, submitted > 0);
  const shownCov = visibleErrors(errors.cov, touched, submitted > 0);

  const change = (key: keyof DemographicsForm, value: string): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setServerErrors(({ [key]: _, ...rest }) => rest);
  };
  const blur = (key: string): void => setTouched((t) => new Set(t).add(key));

  const save = async (acknowledge: boolean): Promise<void> => {
    setBusy(true);
    setFailure('');
    try {
      const p = await createPatient({ ...input, acknowledgeDuplicates: acknowledge }, newIdempotencyKey());
      setFlash(`${p.givenName} ${p.familyName} is registered with MRN ${p.mrn}.`);
      navigate(`/patients/${encodeURIComponent(p.id)}`);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 409 && Array.isArray(e.details.duplicates)) {
        const dups = e.details.duplicates as DuplicateMatch[];
        // Each suspected match is read by id so staff can compare name, birth date and MRN.
        const found = await Promise.all(dups.map((d) => getPatient(d.patientId).then((patient) => ({ ...d, patient }), () => ({ ...d, patient: null }))));
        setMatches(found);
        return;
      }
      if (e instanceof ApiError && e.issues.length) {
        const byPath = issuesByPath(e.issues);
        setServerErrors(Object.fromEntries(Object.entries(byPath).filter(([p]) => !p.startsWith('coverages')).map(([p, m]) => [formKeyOf(p), m])));
        setSubmitted((n) => n + 1);
      }
      setFailure(errorText(e));
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setSubmitted((n) => n + 1);
    if (Object.keys(errors.demo).length || Object.keys(errors.cov).length) return;
    void save(false);
  };

  if (matches) {
    return (
      <section>
        <PageTitle>Is this patient already registered?</PageTitle>
        <DuplicateWarning matches={matches} busy={busy} failure={failure} onBack={() => setMatches(null)} onSaveAnyway={() => void save(true)} />
      </section>
    );
  }

  return (
    <section>
      <PageTitle>Register a patient</PageTitle>
      <p className="lead">Fields marked required are needed to register. Medoffice checks for existing records of the same person before saving.</p>
      <form onSubmit={submit} noValidate className="form">
        <ErrorSummary errors={submitted ? { ...errors.demo, ...errors.cov } : {}} focusKey={submitted} />
        <DemographicsFields value={form} errors={shown} onChange={change} onBlur={blur} ssnHint="Optional. 9 digits; it is stored encrypted and shown masked." />
        <fieldset>
          <legend>Insurance</legend>
          <label className="checkbox">
            <input type="checkbox" checked={withCoverage} onChange={(e) => setWithCoverage(e.target.checked)} /> Add the primary insurance now
          </label>
          {withCoverage && (
            <AsyncView value={payers} loading="Loading payers…" errorTitle="The payer list could not be loaded">
              {(list) => (
                <CoverageFields
                  value={coverage}
                  payers={list}
                  errors={Object.fromEntries(Object.entries(shownCov))}
                  onChange={(k, v) => setCoverage((c) => ({ ...c, [k]: v }))}
                  onBlur={(k) => blur(k)}
                  showOrder={false}
                />
              )}
            </AsyncView>
          )}
        </fieldset>
        {failure && <Notice kind="error">{failure}</Notice>}
        <div className="actions">
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? 'Checking and saving…' : 'Register patient'}
          </button>
          <button className="btn" type="button" onClick={() => navigate('/patients')}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
};
