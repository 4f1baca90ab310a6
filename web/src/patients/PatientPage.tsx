import { useEffect, useState } from 'react';
import { PatientAppointmentsTab } from '../scheduling/PatientAppointmentsTab.tsx';
import { Link } from '../shell/router.tsx';
import { takeFlash, useSession } from '../shell/session.tsx';
import { patientName } from '../shell/format.ts';
import { ErrorState, Loading, Notice, PageTitle, useAsync } from '../shell/ui.tsx';
import { getPatient, listPayers, type Patient, type Payer } from './api.ts';
import { CoveragesTab } from './CoveragesTab.tsx';
import { DemographicsTab } from './DemographicsTab.tsx';
import { AllergiesTab, CareTeamTab, ConditionsTab } from './RecordListTabs.tsx';
import { TimelineTab } from './TimelineTab.tsx';
import { PatientBanner } from './PatientBanner.tsx';

const TABS = [
  { id: 'demographics', label: 'Demographics' },
  { id: 'coverages', label: 'Coverages' },
  { id: 'conditions', label: 'Conditions' },
  { id: 'allergies', label: 'Allergies' },
  { id: 'care-team', label: 'Care team' },
  { id: 'appointments', label: 'Appointments' },
  { id: 'timeline', label: 'Timeline' },
] as const;

type State = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ok'; patient: Patient; payers: Payer[] };

/** A patient's record: the banner, then one tab per part of the record. */
export const PatientPage = ({ id, tab }: { id: string; tab: string }) => {
  const { can } = useSession();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [flash] = useState(() => takeFlash());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([getPatient(id, ctl.signal), listPayers().catch(() => [] as Payer[])]).then(
      ([patient, payers]) => !ctl.signal.aborted && setState({ status: 'ok', patient, payers }),
      (error: unknown) => !ctl.signal.aborted && setState({ status: 'error', error }),
    );
    return () => ctl.abort();
  }, [id, tick]);

  const reload = (): void => {
    setState({ status: 'loading' });
    setTick((t) => t + 1);
  };

  if (state.status === 'loading')
    return (
      <section>
        <PageTitle>Patient record</PageTitle>
        <Loading label="Loading the patient record…" />
      </section>
    );
  if (state.status === 'error')
    return (
      <section>
        <PageTitle>Patient record</PageTitle>
        <ErrorState error={state.error} onRetry={reload} title="The patient record could not be opened" />
      </section>
    );

  const { patient, payers } = state;
  const saved = (p: Patient): void => setState({ status: 'ok', patient: p, payers });
  // The Appointments tab reads the schedule: only for roles that may.
  const tabs = TABS.filter((t) => t.id !== 'appointments' || can('schedule.read'));
  const current = tabs.find((t) => t.id === tab) ?? TABS[0];
  const base = `/patients/${encodeURIComponent(patient.id)}`;
  const readOnly = !can('patient.update') || patient.status === 'merged';

  return (
    <section className="patient-page">
      <PageTitle>
        {patient.familyName}, {patient.givenName} <span className="title-sub">· {current.label}</span>
      </PageTitle>
      {patient.status === 'merged' && <MergedNotice mergedInto={patient.mergedInto} />}
      <PatientBanner patient={patient} payers={payers} />
      {flash && <Notice kind="ok">{flash}</Notice>}
      <nav className="tabs" aria-label="Parts of the record">
        <ul>
          {tabs.map((t) => (
            <li key={t.id}>
              <Link to={t.id === 'demographics' ? base : `${base}/${t.id}`} aria-current={t.id === current.id ? 'page' : undefined}>
                {t.label}
                {t.id === 'coverages' && ` (${patient.coverages.length})`}
                {t.id === 'allergies' && patient.allergies.length > 0 && ` (${patient.allergies.length})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="tab-panel">
        {current.id === 'demographics' && <DemographicsTab patient={patient} readOnly={readOnly} onSaved={saved} onReload={reload} />}
        {current.id === 'coverages' && <CoveragesTab patient={patient} payers={payers} readOnly={readOnly} onSaved={saved} onReload={reload} />}
        {current.id === 'conditions' && <ConditionsTab patient={patient} readOnly={readOnly} onSaved={saved} onReload={reload} />}
        {current.id === 'allergies' && <AllergiesTab patient={patient} readOnly={readOnly} onSaved={saved} onReload={reload} />}
        {current.id === 'care-team' && <CareTeamTab patient={patient} readOnly={readOnly} onSaved={saved} onReload={reload} />}
        {current.id === 'appointments' && <PatientAppointmentsTab patient={patient} />}
        {current.id === 'timeline' && <TimelineTab patient={patient} />}
      </div>
    </section>
  );
};

/** On a merged record: where the patient's record is now. The merged one is kept for its history, read-only. */
const MergedNotice = ({ mergedInto }: { mergedInto: string | null }) => {
  // The surviving record is read (and audited) only to name it in the notice.
  const survivor = useAsync((signal) => (mergedInto ? getPatient(mergedInto, signal) : Promise.resolve(null)), [mergedInto]);
  const to = mergedInto ? `/patients/${encodeURIComponent(mergedInto)}` : null;
  const name = survivor.status === 'ok' && survivor.data ? `${patientName(survivor.data)} (MRN ${survivor.data.mrn})` : 'another record';
  return (
    <div className="callout warn merged-notice" role="note" aria-label="Merged record">
      <p className="state-title">
        This record was merged into {to ? <Link to={to}>{survivor.status === 'loading' ? 'the surviving record' : name}</Link> : 'another record'}.
      </p>
      <p>It is kept, unchanged, for its history and can no longer be edited. {to ? 'Open the surviving record to see or update the patient’s details.' : 'Search for the patient to find the surviving record.'}</p>
    </div>
  );
};
