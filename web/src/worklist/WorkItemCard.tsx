import { dueLabel, formatDate, formatDateTime, PRIORITY_LABELS } from '../shell/format.ts';
import { Link } from '../shell/router.tsx';
import { useSession } from '../shell/session.tsx';
import { compareLinkOf, linkOf, readableDates, type WorkItem } from './api.ts';
import type { PatientLabel } from './usePatientNames.ts';

export interface ItemActions {
  assignToMe: (item: WorkItem) => void;
  giveBack: (item: WorkItem) => void;
  snooze: (item: WorkItem) => void;
  complete: (item: WorkItem) => void;
  reopen: (item: WorkItem) => void;
  /** A no-show: rebook one of the suggested times, log the outreach. */
  reschedule?: (item: WorkItem) => void;
  /** A recall due, a referral to schedule or a waitlist offer: book a time for it. */
  book?: (item: WorkItem) => void;
  /** An overridden booking to review: open the visit. */
  openVisit?: (item: WorkItem) => void;
}

/** The kind of a no-show item; its link names the missed appointment. */
export const NO_SHOW_KIND = 'appointment_no_show';

/** Items booked from the list, and the record their link names: a recall, a referral, a waitlist entry. */
const BOOK_LINKS: Record<string, string> = { recall_due: 'recall', referral_unscheduled: 'referral', waitlist_offer: 'waitlist' };

/** The kind of an override review; its link names the visit booked with the override. */
const OVERRIDE_REVIEW_KIND = 'appointment_override_review';

const TEAM_LABELS: Record<string, string> = { admin: 'Administrators', provider: 'Providers', back_office: 'Back office', front_desk: 'Front desk', biller: 'Billing', auditor: 'Auditors' };

/** One work item: why, for whom, by when, who has it, and the actions one click away. */
export const WorkItemCard = ({ item, patient, actions, busy }: { item: WorkItem; patient: PatientLabel | 'unavailable' | undefined; actions: ItemActions; busy: boolean }) => {
  const { me, can } = useSession();
  const now = new Date();
  const overdue = item.due < now.toISOString() && (item.status === 'open' || item.status === 'snoozed');
  const link = linkOf(item);
  // A suspected duplicate is worked on the comparison screen; the two records stay one click away.
  const compare = can('patient.read') ? compareLinkOf(item) : null;
  const reschedule = item.kind === NO_SHOW_KIND && item.link.kind === 'appointment' && can('schedule.read') && !!actions.reschedule;
  const book = BOOK_LINKS[item.kind] === item.link.kind && can('schedule.book') && !!actions.book;
  const openVisit = item.kind === OVERRIDE_REVIEW_KIND && item.link.kind === 'appointment' && can('schedule.read') && !!actions.openVisit;
  const mine = item.owner?.userId === me.user.id;
  const active = item.status === 'open' || item.status === 'snoozed';
  const primaryAction = (reschedule || book) && active;
  const title = readableDates(item.title, formatDate);
  return (
    <li className={`work-item p${item.priority} ${overdue ? 'overdue' : ''}`}>
      <div className="wi-head">
        <span className={`chip prio p${item.priority}`}>{PRIORITY_LABELS[item.priority] ?? `Priority ${item.priority}`}</span>
        <p className="wi-title">{title}</p>
        <span className={`wi-due ${overdue ? 'danger-text' : ''}`}>{dueLabel(item.due, now)}</span>
      </div>
      {item.patientId && can('patient.read') && (
        <p className={`wi-patient ${patient === undefined ? 'pending' : ''}`}>
          {patient === undefined ? 'Loading patient…' : patient === 'unavailable' ? 'Patient record not available to you' : (
            <>
              <strong>{patient.name}</strong> <span className="muted">{patient.detail}</span>
            </>
          )}
        </p>
      )}
      <p className="wi-explanation">{readableDates(item.explanation, formatDate)}</p>
      <p className="wi-meta muted">
        {mine ? 'Assigned to you' : item.owner ? 'Assigned to a colleague' : `Unassigned · ${TEAM_LABELS[item.team] ?? item.team} team`}
        {item.status === 'snoozed' && item.snoozedUntil && ` · Snoozed until ${formatDateTime(item.snoozedUntil)}${item.snoozeReason ? `: ${item.snoozeReason}` : ''}`}
        {item.status === 'done' && item.completedAt && ` · Done ${formatDateTime(item.completedAt)}${item.completionNote ? `: ${item.completionNote}` : ''}`}
        {item.status === 'closed' && ' · Closed: the cause went away'}
      </p>
      <div className="actions">
        {reschedule && active && (
          <button type="button" className="btn small primary" onClick={() => actions.reschedule?.(item)} aria-label={`Reschedule: ${title}`}>
            Reschedule
          </button>
        )}
        {book && active && (
          <button type="button" className="btn small primary" onClick={() => actions.book?.(item)} aria-label={`Book: ${title}`}>
            Book
          </button>
        )}
        {openVisit && (
          <button type="button" className={`btn small ${active ? 'primary' : ''}`} onClick={() => actions.openVisit?.(item)} aria-label={`Open visit: ${title}`}>
            Open visit
          </button>
        )}
        {compare && (
          <Link to={compare} className="btn small primary" aria-label={`Compare the two records: ${title}`}>
            Compare
          </Link>
        )}
        {link && (
          <Link to={link} className={`btn small ${compare || primaryAction || (openVisit && active) ? '' : 'primary'}`} aria-label={`Open the record for: ${title}`}>
            Open record
          </Link>
        )}
        {item.link.relatedId && (
          <Link to={`/patients/${encodeURIComponent(item.link.relatedId)}`} className="btn small">
            Open the other record
          </Link>
        )}
        {can('worklist.manage') && active && (
          <>
            {mine ? (
              <button className="btn small" type="button" disabled={busy} onClick={() => actions.giveBack(item)}>
                Give back to team
              </button>
            ) : (
              <button className="btn small" type="button" disabled={busy} onClick={() => actions.assignToMe(item)} aria-label={`Assign to me: ${title}`}>
                Assign to me
              </button>
            )}
            <button className="btn small" type="button" disabled={busy} onClick={() => actions.snooze(item)} aria-label={`Snooze: ${title}`}>
              Snooze
            </button>
            <button className="btn small success" type="button" disabled={busy} onClick={() => actions.complete(item)} aria-label={`Mark as done: ${title}`}>
              Done
            </button>
          </>
        )}
        {can('worklist.manage') && item.status === 'done' && (
          <button className="btn small" type="button" disabled={busy} onClick={() => actions.reopen(item)}>
            Reopen
          </button>
        )}
      </div>
    </li>
  );
};
