import { useId } from 'react';
import { formatDateTime } from '../shell/format.ts';
import { errorText, useAsync } from '../shell/ui.tsx';
import { dollars, visitEstimate } from './api.ts';

/**
 * "Estimate at check-in": what the patient is expected to owe for the visit and what to collect
 * now, in the server's sentences, and the expected codes line by line (charge, patient share, why).
 * `checkId` is the newest check shown beside it: a new check loads the estimate again.
 */
export const VisitEstimate = ({ appointmentId, checkId }: { appointmentId: string; checkId: string | null }) => {
  const headingId = useId();
  const estimate = useAsync((signal) => visitEstimate(appointmentId, signal), [appointmentId, checkId]);
  return (
    <section className="visit-estimate" aria-labelledby={headingId}>
      <h3 id={headingId}>Estimate at check-in</h3>
      {estimate.status === 'loading' && <p className="estimate-note">Working out the estimate…</p>}
      {estimate.status === 'error' && <p className="estimate-note">The estimate could not be worked out: {errorText(estimate.error)}</p>}
      {estimate.status === 'ok' && (
        <>
          <ul className="estimate-sentences">
            {estimate.data.sentences.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
          {estimate.data.lines.length > 0 && (
            <div className="table-wrap">
              <table className="table estimate-lines">
                <caption className="visually-hidden">The visit’s expected procedures</caption>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col" className="num">
                      Charge
                    </th>
                    <th scope="col" className="num">
                      Patient share
                    </th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {estimate.data.lines.map((l, i) => (
                    <tr key={`${l.code}-${i}`}>
                      <th scope="row">{l.code}</th>
                      <td className="num">{dollars(l.chargeCents)}</td>
                      <td className="num">{dollars(l.patientCents)}</td>
                      <td>{l.why}</td>
                    </tr>
                  ))}
                </tbody>
                {estimate.data.lines.length > 1 && (
                  <tfoot>
                    <tr>
                      <th scope="row">Total</th>
                      <td className="num">{dollars(estimate.data.chargeCents)}</td>
                      <td className="num">{dollars(estimate.data.patientCents)}</td>
                      <td />
                    </tr>
                  </tfoot>
                )}
              </table>
            </div>
          )}
          <p className="estimate-note estimate-basis">
            {estimate.data.checkId && estimate.data.checkedAt ? `From the fee schedule and the insurance check of ${formatDateTime(estimate.data.checkedAt)}. An estimate, not a bill.` : 'From the fee schedule, without verified benefits. An estimate, not a bill.'}
          </p>
        </>
      )}
    </section>
  );
};
