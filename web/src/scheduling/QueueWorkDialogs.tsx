import { useRef } from 'react';
import { getPatient } from '../patients/api.ts';
import { api } from '../shell/api.ts';
import { patientName } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, Notice, useAsync } from '../shell/ui.tsx';
import { completeItem, type WorkItem } from '../worklist/api.ts';
import { getAppointment, listRecalls, listReferrals, loadCalendar, loadWaitlistOffer, type Appointment, type CalendarAppointment } from './api.ts';
import { AppointmentDialog } from './AppointmentDialog.tsx';
import type { Catalog } from './BookDialog.tsx';
import { QueueSlotPicker, queueTargetTitle, type QueueTarget } from './QueueSlotPicker.tsx';
import { toLocal } from './time.ts';

// My day's scheduling items: book the recall, referral or waitlist offer an item is about, and
// open the visit an override review is about.

/** The work item kinds booked from My day, and the queue each one's link names. */
export const QUEUE_ITEM_KINDS: Record<string, QueueTarget['kind']> = { recall_due: 'recall', referral_unscheduled: 'referral', waitlist_offer: 'waitlist' };

/**
 * After a booking the item's cause is gone; the server closes the item on its next refresh.
 * Until then, mark it done here with what was booked (if it is still open).
 */
const finishItem = async (itemId: string, note: string): Promise<void> => {
  const item = await api<{ status: string }>('GET', `/api/worklist/${encodeURIComponent(itemId)}`);
  if (item.status === 'open' || item.status === 'snoozed') await completeItem(itemId, note);
};

const NOT_OPEN: Record<QueueTarget['kind'], string> = {
  referral: 'This referral is closed, so no visit can be booked against it. Mark the item done.',
  recall: 'This recall is no longer pending: it was booked or cancelled. Mark the item done.',
  waitlist: 'This patient is no longer waiting: the entry was booked or removed. Mark the item done.',
};

/** "Book" on a recall, referral or waitlist item: the slot picker for the record the item names. */
export const QueueItemBookDialog = ({ item, onClose, onDone }: { item: WorkItem | null; onClose: () => void; onDone: (text: string) => void }) => {
  const kind = item ? QUEUE_ITEM_KINDS[item.kind] : undefined;
  return (
    <Dialog open={!!item && !!kind} title={kind ? queueTargetTitle(kind) : 'Book'} onClose={onClose}>
      {item && kind && <ItemBooking key={item.id} item={item} kind={kind} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
};

type Found = { target: QueueTarget | null; name: string };

const ItemBooking = ({ item, kind, onClose, onDone }: { item: WorkItem; kind: QueueTarget['kind']; onClose: () => void; onDone: (text: string) => void }) => {
  const { can } = useSession();
  const data = useAsync<Found>(
    async (signal) => {
      const patientId = item.patientId ?? '';
      const name = can('patient.read') && patientId ? getPatient(patientId, signal).then(patientName, () => 'The patient') : Promise.resolve('The patient');
      // The queues are read by patient (their lists take no id); the item's link names the record.
      const target: Promise<QueueTarget | null> =
        kind === 'referral'
          ? listReferrals({ patientId }, signal).then((l) => {
              const r = l.find((x) => x.id === item.link.id);
              return r && r.status === 'open' ? { kind, record: r } : null;
            })
          : kind === 'recall'
            ? listRecalls({ patientId }, signal).then((l) => {
                const r = l.find((x) => x.id === item.link.id);
                return r && r.status === 'pending' ? { kind, record: r } : null;
              })
            : loadWaitlistOffer(item.link.id, signal).then((o) => (o.entry.status === 'waiting' ? { kind, record: o.entry } : null));
      const [t, n] = await Promise.all([target, name]);
      return { target: t, name: n };
    },
    [item.id],
  );
  const booked = async (_a: Appointment, text: string): Promise<void> => {
    let itemNote = ' The item is done.';
    try {
      if (can('worklist.manage')) await finishItem(item.id, text.replace(/^.*? is booked: /, 'Booked: '));
      else itemNote = ' The item closes at the next refresh.';
    } catch {
      itemNote = ' The item closes at the next refresh.';
    }
    onDone(`${text}${itemNote}`);
  };
  return (
    <AsyncView value={data} loading="Loading…" errorTitle="The record of this item could not be loaded">
      {(f) =>
        f.target ? (
          <QueueSlotPicker target={f.target} patientName={f.name} onClose={onClose} onBooked={(a, text) => void booked(a, text)} />
        ) : (
          <>
            <Notice kind="error">{NOT_OPEN[kind]}</Notice>
            <div className="actions">
              <button type="button" className="btn" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        )
      }
    </AsyncView>
  );
};

type Visit = { appt: CalendarAppointment; catalog: Catalog } | { appt: null; message: string };

/** "Open visit" on an override review: the visit's details and actions, as on the calendar (read from the calendar of its day). */
export const QueueVisitDialog = ({ item, onClose, onChanged }: { item: WorkItem | null; onClose: () => void; onChanged: (text: string) => void }) => {
  const data = useAsync<Visit | null>(
    async (signal) => {
      if (!item) return null;
      const a = await getAppointment(item.link.id, signal);
      const day = toLocal(a.start, a.timeZone).date;
      const cal = await loadCalendar({ from: day, days: 1, providerIds: [a.providerId], includeCancelled: true }, signal);
      const appt = cal.appointments.find((x) => x.id === a.id);
      return appt ? { appt, catalog: { providers: cal.providers, locations: cal.locations, types: cal.types, rooms: cal.rooms } } : { appt: null, message: 'The visit is not on its provider’s calendar any more. Open the calendar to find it.' };
    },
    [item?.id],
  );
  const loaded = data.status === 'ok' && data.data?.appt ? data.data : null;
  // The loading dialog closes when the visit's own opens; that close is not the user's.
  const handedOver = useRef(false);
  handedOver.current = !!loaded;
  return (
    <>
      <Dialog open={!!item && !loaded} title="Appointment" onClose={() => !handedOver.current && onClose()}>
        {item && (
          <AsyncView value={data} loading="Loading the visit…" errorTitle="The visit could not be opened">
            {(v) => (
              <>
                {v && !v.appt && <Notice kind="error">{v.message}</Notice>}
                <div className="actions">
                  <button type="button" className="btn" onClick={onClose}>
                    Close
                  </button>
                </div>
              </>
            )}
          </AsyncView>
        )}
      </Dialog>
      {loaded && loaded.appt && <AppointmentDialog appt={item ? loaded.appt : null} catalog={loaded.catalog} onClose={onClose} onChanged={(text) => onChanged(text)} />}
    </>
  );
};
