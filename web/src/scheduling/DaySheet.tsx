import { formatDate, formatPhone } from '../shell/format.ts';
import { Link } from '../shell/router.tsx';
import { AsyncView, Empty, PageTitle, useAsync } from '../shell/ui.tsx';
import { loadDaySheet, STATUS_LABELS } from './api.ts';
import { longDay, timeIn, zoneAbbrev } from './time.ts';

/** A provider's printable day: every visit with the patient's phone, the type and its instructions. */
export const DaySheet = ({ providerId, date }: { providerId: string; date: string }) => {
  // Reading it is audited as a print by the server.
  const sheet = useAsync((signal) => loadDaySheet(providerId, date, signal), [providerId, date]);
  return (
    <section className="day-sheet">
      <AsyncView value={sheet} loading="Loading the day sheet…" errorTitle="The day sheet could not be loaded">
        {(s) => {
          const visits = s.appointments.filter((a) => a.status !== 'cancelled');
          return (
            <>
              <PageTitle
                actions={
                  <>
                    <Link to="/schedule" className="btn no-print">
                      Back to the calendar
                    </Link>
                    <button type="button" className="btn primary no-print" onClick={() => window.print()}>
                      Print
                    </button>
                  </>
                }
              >
                Day sheet: {s.provider.name}
              </PageTitle>
              <p className="day-sheet-sub">
                {longDay(s.date)} · {visits.length} visit{visits.length === 1 ? '' : 's'} · times in {s.timeZone.replace(/_/g, ' ')} ({zoneAbbrev(s.timeZone, Date.parse(`${s.date}T12:00:00Z`))})
              </p>
              {visits.length === 0 ? (
                <Empty>No visits booked for this day.</Empty>
              ) : (
                <table className="table day-sheet-table">
                  <caption className="visually-hidden">
                    Visits of {s.provider.name} on {longDay(s.date)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Patient</th>
                      <th scope="col">Date of birth</th>
                      <th scope="col">Phone</th>
                      <th scope="col">Visit</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="notes-col">
                        Notes
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {visits.map((a) => (
                      <tr key={a.id}>
                        <td className="nowrap">
                          {timeIn(a.start, s.timeZone)} – {timeIn(a.end, s.timeZone)}
                        </td>
                        <th scope="row">{a.patient.name}</th>
                        <td className="nowrap">{formatDate(a.patient.dateOfBirth)}</td>
                        <td className="nowrap">{a.patient.phone ? formatPhone(a.patient.phone) : <span className="none">none on file</span>}</td>
                        <td>
                          <strong>{a.typeName}</strong>
                          {a.instructions && <span className="sheet-instructions">{a.instructions}</span>}
                        </td>
                        <td>{STATUS_LABELS[a.status]}</td>
                        <td className="notes-col" />
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </AsyncView>
    </section>
  );
};
