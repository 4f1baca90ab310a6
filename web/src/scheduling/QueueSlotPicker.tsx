import { useMemo, useRef, useState } from 'react';
import { newIdempotencyKey } from '../shell/api.ts';
import { formatDate } from '../shell/format.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Dialog, Empty, Notice, SelectField, TextField, errorText, useAsync } from '../shell/ui.tsx';
import {
  bookFromWaitlist,
  bookLinked,
  checkTime,
  findSlots,
  getAppointment,
  loadWaitlistOffer,
  refusalVerdicts,
  STATUS_LABELS,
  type Appointment,
  type Override,
  type PatientVisit,
  type Recall,
  type Referral,
  type Slot,
  type Verdict,
  type WaitlistEntry,
} from './api.ts';
import { daysBetween, loadQueueCatalog, relativeDays, locationLabel, locationsFor, practiceToday, providerLabel, providersAt, typeLabel, zoneOf, type QueueCatalog } from './QueueCatalog.ts';
import { addDays, shortDay, timeIn, visitWhen, zoneAbbrev } from './time.ts';
import { OverrideForm, VerdictList } from './Verdicts.tsx';

/** What a time is booked for: a referral or a recall (linked in the booking), or a waitlist entry (booked from the waitlist). */
export type QueueTarget = { kind: 'referral'; record: Referral } | { kind: 'recall'; record: Recall } | { kind: 'waitlist'; record: WaitlistEntry };

const TITLES: Record<QueueTarget['kind'], string> = { referral: 'Find a time for the referral', recall: 'Find a time for the recall', waitlist: 'Offer an earlier time' };

/** How many times each "more" asks for; at most 10 keeps the server on its first-available path. */
const PAGE = 8;
/** How far ahead the search looks (the server allows 92 days). */
const SPAN_DAYS = 60;

/** "Find a time" as a dialog over the queue screen. */
export const QueueSlotPickerDialog = ({ target, patientName, onClose, onBooked }: { target: QueueTarget | null; patientName: string; onClose: () => void; onBooked: (a: Appointment, text: string) => void }) => (
  <Dialog open={!!target} title={target ? TITLES[target.kind] : 'Find a time'} onClose={onClose}>
    {target && <QueueSlotPicker key={`${target.kind}:${target.record.id}`} target={target} patientName={patientName} onClose={onClose} onBooked={onBooked} />}
  </Dialog>
);

export const queueTargetTitle = (kind: QueueTarget['kind']): string => TITLES[kind];

interface Loaded {
  catalog: QueueCatalog;
  held: PatientVisit | null;
  offer: Slot | null;
  entry: WaitlistEntry | null;
}

/**
 * The slot picker: the first open times for the record's type at its location (or with its
 * provider), each one click from booked. A referral or recall is linked in the booking; a
 * waitlisted patient is booked from the waitlist, which cancels the visit held.
 */
export const QueueSlotPicker = ({ target, patientName, onClose, onBooked }: { target: QueueTarget; patientName: string; onClose: () => void; onBooked: (a: Appointment, text: string) => void }) => {
  const { can } = useSession();
  const data = useAsync<Loaded>(async (signal) => {
    const catalog = await loadQueueCatalog(can('reference.read'));
    if (target.kind !== 'waitlist') return { catalog, held: null, offer: null, entry: null };
    const w = target.record;
    const [offered, held] = await Promise.all([loadWaitlistOffer(w.id, signal), w.currentAppointmentId ? getAppointment(w.currentAppointmentId, signal).catch(() => null) : Promise.resolve(null)]);
    return { catalog, held, offer: offered.offer, entry: offered.entry };
  }, [target.kind, target.record.id]);
  return (
    <AsyncView value={data} loading="Loading open times…" errorTitle="The open times could not be loaded">
      {(d) => <PickerBody target={target} loaded={d} patientName={patientName} onClose={onClose} onBooked={onBooked} />}
    </AsyncView>
  );
};

interface Refused {
  slot: Slot;
  message: string;
  verdicts: Verdict[];
}

const defaultsOf = (t: QueueTarget, c: QueueCatalog): { typeId: string; providerId: string; locationId: string; from: string; until: string | null } => {
  const r = t.record;
  const providerId = r.providerId ?? '';
  // The record's location; without one, any location (the provider's only one, if it has one).
  const ownLocation = t.kind === 'referral' ? null : t.record.locationId;
  const providerLocations = providerId ? locationsFor(c, providerId) : [];
  const locationId = ownLocation ?? (providerLocations.length === 1 ? providerLocations[0]!.id : '');
  const today = practiceToday(c, locationId);
  const max = (a: string, b: string): string => (a > b ? a : b);
  if (t.kind === 'referral') return { typeId: t.record.typeId ?? '', providerId, locationId, from: today, until: t.record.expiresOn };
  // A recall is booked around its due date: from a week before it (or today).
  if (t.kind === 'recall') return { typeId: t.record.typeId, providerId, locationId, from: max(today, addDays(t.record.dueOn, -7)), until: null };
  return { typeId: t.record.typeId, providerId, locationId, from: max(today, t.record.earliestOn), until: t.record.latestOn };
};

const PickerBody = ({ target, loaded, patientName, onClose, onBooked }: { target: QueueTarget; loaded: Loaded; patientName: string; onClose: () => void; onBooked: (a: Appointment, text: string) => void }) => {
  const { can } = useSession();
  const { catalog, held, offer } = loaded;
  const init = useMemo(() => defaultsOf(target, catalog), [target, catalog]);
  const [typeId, setTypeId] = useState(init.typeId);
  const [locationId, setLocationId] = useState(init.locationId);
  const [providerId, setProviderId] = useState(init.providerId);
  const [from, setFrom] = useState(init.from);
  const [limit, setLimit] = useState(PAGE);
  const [busy, setBusy] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refused | null>(null);
  const keys = useRef(new Map<string, string>());
  const waitlist = target.kind === 'waitlist';
  const patientId = target.record.patientId;
  const today = practiceToday(catalog, locationId);
  const validFrom = /^\d{4}-\d{2}-\d{2}$/.test(from) ? (from < today ? today : from) : today;
  const until = init.until && init.until < addDays(validFrom, SPAN_DAYS) ? init.until : addDays(validFrom, SPAN_DAYS);
  const expired = target.kind === 'referral' && target.record.expiresOn !== null && target.record.expiresOn < validFrom;
  const heldStart = held && held.status === 'booked' ? held.start : null;
  // Where to look: one provider, any provider at a location, or (any location) every provider, first available.
  const allProviders = catalog.providers.map((p) => p.id).slice(0, 200);
  const where: { providerIds?: string[]; locationId?: string } | null = providerId
    ? { providerIds: [providerId], ...(locationId ? { locationId } : {}) }
    : locationId
      ? { locationId }
      : allProviders.length
        ? { providerIds: allProviders }
        : null;

  const slots = useAsync(
    async (signal) => {
      if (!typeId || !where || until < validFrom || expired) return null;
      const found = await findSlots({ typeId, from: validFrom, to: until, ...where, patientId, limit }, signal);
      // From the waitlist, only times earlier than the visit held are worth offering.
      const shown = heldStart ? found.filter((s) => s.start < heldStart) : found;
      // None for this patient: say why the first open time does not suit them ("Why not this time?").
      let why: { slot: Slot; verdicts: Verdict[] } | null = null;
      if (!found.length) {
        const [open] = await findSlots({ typeId, from: validFrom, to: until, ...where, limit: 1 }, signal);
        if (open) {
          const checked = await checkTime({ providerId: open.providerId, locationId: open.locationId, typeId, start: open.start, patientId }, signal).catch(() => null);
          if (checked && checked.verdicts.some((v) => v.blocking)) why = { slot: open, verdicts: checked.verdicts.filter((v) => v.blocking) };
        }
      }
      return { shown, more: found.length >= limit && shown.length === found.length, why };
    },
    [typeId, locationId, providerId, validFrom, until, limit, expired, heldStart, where?.providerIds?.length],
  );

  const keyFor = (s: Slot): string => {
    let k = keys.current.get(s.id);
    if (!k) keys.current.set(s.id, (k = newIdempotencyKey()));
    return k;
  };

  const book = async (s: Slot, override?: Override): Promise<void> => {
    setBusy(s.id);
    setRefused(null);
    try {
      const a =
        target.kind === 'waitlist'
          ? await bookFromWaitlist(target.record.id, { start: s.start, providerId: s.providerId, ...(override ? { override } : {}) })
          : await bookLinked(
              {
                patientId,
                providerId: s.providerId,
                locationId: s.locationId,
                typeId: s.typeId,
                start: s.start,
                ...(target.kind === 'referral' ? { referralId: target.record.id } : { recallId: target.record.id }),
                ...(override ? { override } : {}),
              },
              keyFor(s),
            );
      const what = `${typeLabel(catalog, a.typeId)} with ${providerLabel(catalog, a.providerId)}, ${visitWhen(a.start, a.end, a.timeZone)}`;
      const linked =
        target.kind === 'referral'
          ? ` The visit is linked to the referral from ${target.record.referringName}.`
          : target.kind === 'recall'
            ? ' The recall is booked.'
            : heldStart
              ? ' The later visit the patient held is cancelled.'
              : '';
      onBooked(a, `${patientName} is booked: ${what}.${linked}`);
    } catch (e) {
      setRefused({ slot: s, message: errorText(e), verdicts: refusalVerdicts(e) ?? [] });
      slots.reload();
    } finally {
      setBusy(null);
    }
  };

  const providers = providersAt(catalog, locationId);
  const list = slots.status === 'ok' ? (slots.data?.shown ?? null) : null;
  const more = slots.status === 'ok' && !!slots.data?.more;
  const why = slots.status === 'ok' ? (slots.data?.why ?? null) : null;
  const byDay = useMemo(() => {
    const m = new Map<string, Slot[]>();
    for (const s of list ?? []) m.set(s.localDate, [...(m.get(s.localDate) ?? []), s]);
    return [...m.entries()];
  }, [list]);
  const canBook = can('schedule.book');
  const slotWords = (s: Slot): string => `${visitWhen(s.start, s.end, s.timeZone)} with ${providerLabel(catalog, s.providerId)}`;

  return (
    <div className="queue-picker" data-kind={target.kind} data-record={target.record.id}>
      <PickerSummary target={target} catalog={catalog} patientName={patientName} held={held} />
      {waitlist && (
        <section className="queue-offer" aria-labelledby="queue-offer-title">
          <h3 id="queue-offer-title">Offered now</h3>
          {offer ? (
            <div className="suggestions">
              <p className="queue-slot">
                <span>
                  <strong>{visitWhen(offer.start, offer.end, offer.timeZone)}</strong>
                  <span className="muted"> with {providerLabel(catalog, offer.providerId)}</span>
                </span>
                {canBook && (
                  <button type="button" className="btn small primary" disabled={!!busy} onClick={() => void book(offer)} aria-label={`Book this time: ${slotWords(offer)}`}>
                    {busy === offer.id ? 'Booking…' : 'Book this time'}
                  </button>
                )}
              </p>
            </div>
          ) : (
            <p className="muted">No earlier time is free in the patient’s window right now. Look at other times below, or try again after the next cancellation.</p>
          )}
        </section>
      )}
      {refused && (
        <div className="notice error" role="alert">
          <p>{refused.verdicts.length ? `${slotWords(refused.slot)} could not be booked:` : refused.message}</p>
          {refused.verdicts.length > 0 && <VerdictList verdicts={refused.verdicts} />}
          <p>The list of times is updated; choose another time.</p>
          {refused.verdicts.length > 0 && <OverrideForm key={refused.slot.id} verdicts={refused.verdicts} action="Book anyway" busy={!!busy} onOverride={(o) => void book(refused.slot, o)} />}
        </div>
      )}
      <h3>{waitlist ? 'Other times' : 'Open times'}</h3>
      <form className="queue-picker-filters" aria-label="Where and when to look" onSubmit={(e) => e.preventDefault()}>
        <div className="grid two">
          <SelectField
            label="Appointment type"
            value={typeId}
            disabled={waitlist}
            hint={waitlist ? 'The waitlist entry’s type.' : undefined}
            onChange={(e) => {
              setTypeId(e.target.value);
              setLimit(PAGE);
            }}
            options={[...(typeId ? [] : [{ value: '', label: 'Choose a type' }]), ...catalog.types.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` }))]}
          />
          <SelectField
            label="Location"
            value={locationId}
            disabled={waitlist}
            onChange={(e) => {
              const next = e.target.value;
              setLocationId(next);
              if (providerId && !catalog.providers.find((p) => p.id === providerId)?.locationIds.includes(next)) setProviderId('');
              setLimit(PAGE);
            }}
            options={[...(waitlist ? [] : [{ value: '', label: 'Any location' }]), ...catalog.locations.map((l) => ({ value: l.id, label: l.name }))]}
          />
          <SelectField
            label="Provider"
            value={providerId}
            onChange={(e) => {
              setProviderId(e.target.value);
              setLimit(PAGE);
            }}
            options={[{ value: '', label: locationId ? 'Any provider at this location' : 'Any provider' }, ...providers.map((p) => ({ value: p.id, label: providerLabel(catalog, p.id) }))]}
          />
          <TextField
            label="From"
            type="date"
            value={from}
            min={today}
            onChange={(e) => {
              setFrom(e.target.value);
              setLimit(PAGE);
            }}
            hint={init.until ? `Until ${formatDate(until)}` : `The next ${SPAN_DAYS} days`}
          />
        </div>
      </form>
      <div className="queue-slots" aria-live="polite">
        {expired ? (
          <Notice kind="error">The referral expired on {formatDate(target.kind === 'referral' ? target.record.expiresOn : null)}. Ask the referring office for a new referral before booking.</Notice>
        ) : !typeId ? (
          <p className="muted">Choose the appointment type to see the open times.</p>
        ) : (
          <AsyncView value={slots} loading="Looking for open times…" errorTitle="The open times could not be loaded">
            {() =>
              byDay.length === 0 ? (
                <Empty>
                  No open time {providerId ? `with ${providerLabel(catalog, providerId)}` : locationId ? `at ${locationLabel(catalog, locationId)}` : 'at any location'} from {formatDate(validFrom)} to {formatDate(until)}
                  {heldStart ? ' before the visit the patient holds' : ''}
                  {why ? ' for this patient.' : '. Try another provider, location or start date.'}
                  {why && (
                    <>
                      <span className="why-not">
                        The first open time, {slotWords(why.slot)}, does not suit them:
                      </span>
                      <VerdictList verdicts={why.verdicts} />
                      <span>Choose another appointment type, provider or start date.</span>
                    </>
                  )}
                </Empty>
              ) : (
                <>
                  {byDay.map(([day, daySlots]) => (
                    <section key={day} className="slot-day" aria-label={shortDay(day)}>
                      <h4>
                        {shortDay(day)} <span className="muted">{relativeDays(daysBetween(today, day))}</span>
                      </h4>
                      <ul className="suggestions">
                        {daySlots.map((s) => (
                          <li key={s.id} data-start={s.start} data-provider={s.providerId}>
                            <span>
                              <strong className="nowrap">
                                {timeIn(s.start, s.timeZone)} – {timeIn(s.end, s.timeZone)} {zoneAbbrev(s.timeZone, Date.parse(s.start))}
                              </strong>
                              <span className="muted"> with {providerLabel(catalog, s.providerId)}</span>
                              {!locationId || s.locationId !== locationId ? <span className="muted"> · {locationLabel(catalog, s.locationId)}</span> : null}
                            </span>
                            {canBook && (
                              <button type="button" className="btn small primary" disabled={!!busy} onClick={() => void book(s)} aria-label={`Book ${slotWords(s)}`}>
                                {busy === s.id ? 'Booking…' : 'Book'}
                              </button>
                            )}
                          </li>
                        ))}
                      </ul>
                    </section>
                  ))}
                  {more && (
                    <button type="button" className="btn link" onClick={() => setLimit((n) => n + PAGE)}>
                      Show later times
                    </button>
                  )}
                </>
              )
            }
          </AsyncView>
        )}
      </div>
      <p className="hint">{locationId ? `Times are in ${zoneOf(catalog, locationId).replace(/_/g, ' ')} time, the location’s zone.` : 'Times are in each location’s own zone.'}</p>
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
};

/** Who and what the time is for, in one short block above the times. */
const PickerSummary = ({ target, catalog, patientName, held }: { target: QueueTarget; catalog: QueueCatalog; patientName: string; held: PatientVisit | null }) => (
  <dl className="facts compact queue-summary">
    <dt>Patient</dt>
    <dd>
      <strong>{patientName}</strong>
    </dd>
    {target.kind === 'referral' && (
      <>
        <dt>Referral</dt>
        <dd>
          From {target.record.referringName}: {target.record.reason}
        </dd>
        {(target.record.authorizationNumber || target.record.visitLimit) && (
          <>
            <dt>Authorisation</dt>
            <dd>
              {target.record.authorizationNumber ?? 'No number'}
              {target.record.visitLimit ? ` · ${target.record.visitLimit} visit${target.record.visitLimit === 1 ? '' : 's'} allowed` : ''}
            </dd>
          </>
        )}
        {target.record.expiresOn && (
          <>
            <dt>Expires</dt>
            <dd>{formatDate(target.record.expiresOn)}</dd>
          </>
        )}
      </>
    )}
    {target.kind === 'recall' && (
      <>
        <dt>Recall</dt>
        <dd>{target.record.reason}</dd>
        <dt>Due</dt>
        <dd>{formatDate(target.record.dueOn)}</dd>
      </>
    )}
    {target.kind === 'waitlist' && (
      <>
        <dt>Wants</dt>
        <dd>
          {typeLabel(catalog, target.record.typeId)}
          {target.record.providerId ? ` with ${providerLabel(catalog, target.record.providerId)}` : ''} between {formatDate(target.record.earliestOn)} and {formatDate(target.record.latestOn)}
        </dd>
        <dt>Holds</dt>
        <dd>{held ? `${visitWhen(held.start, held.end, held.timeZone)} (${STATUS_LABELS[held.status]})` : 'No visit'}</dd>
      </>
    )}
  </dl>
);
