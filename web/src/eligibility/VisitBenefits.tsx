import { useState } from 'react';
import { getPatient } from '../patients/api.ts';
import { toLocal } from '../scheduling/time.ts';
import { useSession } from '../shell/session.tsx';
import { ApiError } from '../shell/api.ts';
import { errorText, useAsync } from '../shell/ui.tsx';
import { checkAppointment, howChecked, latestFor, patientChecks, type EligibilityCheck } from './api.ts';
import { CheckChip, CheckSentences } from './CoverageEligibility.tsx';

interface Visit {
  id: string;
  patientId: string;
  start: string;
  timeZone: string;
  status: string;
}

/**
 * The newest check of the visit's coverage: the coverage a check of this visit asked about, or
 * else the one the server would ask about (the lowest-order coverage in force on the visit's date).
 * The patient is read only in that second case.
 */
const latestForVisit = async (visit: Visit, signal: AbortSignal): Promise<{ check: EligibilityCheck | null; noCoverage: boolean }> => {
  const checks = await patientChecks(visit.patientId, signal);
  const own = checks.find((c) => c.appointmentId === visit.id);
  if (own) return { check: latestFor(checks, own.coverageId) ?? own, noCoverage: false };
  if (checks.length === 0) return { check: null, noCoverage: false };
  const patient = await getPatient(visit.patientId, signal);
  const day = toLocal(visit.start, visit.timeZone).date;
  const coverage = [...patient.coverages]
    .filter((c) => (!c.effectiveDate || c.effectiveDate <= day) && (!c.endDate || c.endDate >= day))
    .sort((a, b) => a.priority - b.priority)[0];
  return { check: coverage ? (latestFor(checks, coverage.id) ?? null) : null, noCoverage: !coverage };
};

/** In the visit's details: its latest benefits line and "Check insurance now" (eligibility.check); `onChecked` hears of each check made here. */
export const VisitBenefits = ({ visit, onChecked }: { visit: Visit; onChecked?: (c: EligibilityCheck) => void }) => {
  const { can, me } = useSession();
  const latest = useAsync((signal) => latestForVisit(visit, signal), [visit.id, visit.patientId]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<EligibilityCheck | null>(null);
  const [failure, setFailure] = useState('');
  // 412: the server found no coverage for the visit; "not checked yet" would then say too little.
  const [noCoverage, setNoCoverage] = useState(false);

  const check = async (): Promise<void> => {
    setBusy(true);
    setFailure('');
    try {
      const c = await checkAppointment(visit.id);
      setResult(c);
      onChecked?.(c);
    } catch (e) {
      setFailure(errorText(e));
      setNoCoverage(e instanceof ApiError && e.status === 412);
    } finally {
      setBusy(false);
    }
  };

  const shown = result ?? (latest.status === 'ok' ? latest.data.check : null);
  const checkable = can('eligibility.check') && visit.status !== 'cancelled';
  return (
    <section className="visit-benefits" aria-label="Insurance for this visit">
      <h3>
        Insurance {shown && <CheckChip check={shown} />}
      </h3>
      {!result && latest.status === 'loading' && <p className="muted">Loading the latest insurance check…</p>}
      {!result && latest.status === 'error' && <p className="muted">The latest insurance check could not be loaded: {errorText(latest.error)}</p>}
      {!result && !noCoverage && latest.status === 'ok' && !latest.data.check && (
        <p className="muted">{latest.data.noCoverage ? 'No insurance on file for the visit’s date: nothing to check with a payer.' : 'Not checked yet for this visit’s coverage.'}</p>
      )}
      {/* The answer to "Check insurance now" is announced; the line read on opening is not. */}
      <div role="status" className="visit-benefits-line">
        {shown && (
          <>
            {result && <p className="elig-result-title">{result.outcome === 'could_not_check' ? 'The insurance could not be checked just now.' : 'The payer answered just now.'}</p>}
            <CheckSentences check={shown} />
            <p className="elig-how muted">{howChecked(shown, me.user.id)}</p>
          </>
        )}
      </div>
      {failure && (
        <p className="notice error" role="alert">
          {failure}
        </p>
      )}
      {checkable && (
        <div className="actions tight">
          <button type="button" className="btn small" disabled={busy} onClick={() => void check()}>
            {busy ? 'Asking the payer…' : 'Check insurance now'}
          </button>
        </div>
      )}
    </section>
  );
};
