import { useEffect, useMemo, useRef, useState } from 'react';
import { EligibilityLegend } from '../eligibility/EligibilityMark.tsx';
import { useVisitMarks } from '../eligibility/marks.ts';
import { useSession } from '../shell/session.tsx';
import { AsyncView, Empty, PageTitle, SelectField, errorText, useAsync } from '../shell/ui.tsx';
import { loadCalendar, type Appointment, type CalendarAppointment, type CalendarData, type Override, type Verdict } from './api.ts';
import { AppointmentDialog } from './AppointmentDialog.tsx';
import { BookDialog, type BookingPrefill, type Catalog } from './BookDialog.tsx';
import { CalendarGrid, type DropTarget } from './CalendarGrid.tsx';
import { buildGrid, type GridColumn, type GroupBy } from './layout.ts';
import { moveAppointment, type MoveTo } from './move.ts';
import { addDays, clockLabel, localToIso, longDay, shortDay, todayIn, toLocal, visitWhen, weekStart, zoneAbbrev } from './time.ts';
import { OverrideForm, VerdictList } from './Verdicts.tsx';

type View = 'day' | 'week';

interface Filters {
  view: View;
  date: string;
  locationId: string;
  providerId: string;
  typeId: string;
  groupBy: GroupBy;
  showCancelled: boolean;
}

interface Refusal {
  appt: CalendarAppointment;
  to: MoveTo;
  what: string;
  message: string;
  verdicts: Verdict[];
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const EMPTY_CATALOG: Catalog = { providers: [], locations: [], types: [], rooms: [] };

/** Merges what each answer lists, so the filters keep offering every provider and type once one is chosen. */
const mergeCatalog = (c: Catalog, d: CalendarData): Catalog => {
  const merge = <T extends { id: string }>(a: T[], b: T[]): T[] => {
    const m = new Map(a.map((x) => [x.id, x]));
    for (const x of b) m.set(x.id, x);
    return [...m.values()];
  };
  return { providers: merge(c.providers, d.providers), locations: merge(c.locations, d.locations), types: merge(c.types, d.types), rooms: merge(c.rooms, d.rooms) };
};

/** The master calendar: day and week views, a column per provider (or room), drag to move, click to book. */
export const Calendar = () => {
  const { can } = useSession();
  const canBook = can('schedule.book');
  const canReadEligibility = can('eligibility.read');
  const [f, setF] = useState<Filters>(() => ({ view: 'day', date: todayIn(browserZone), locationId: '', providerId: '', typeId: '', groupBy: 'provider', showCancelled: false }));
  const set = (patch: Partial<Filters>): void => setF((x) => ({ ...x, ...patch }));
  const [catalog, setCatalog] = useState<Catalog>(EMPTY_CATALOG);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [overriding, setOverriding] = useState(false);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const [opened, setOpened] = useState<CalendarAppointment | null>(null);
  // Visits just moved, shown in their new place until the calendar is loaded again.
  const [moved, setMoved] = useState<Record<string, Appointment>>({});

  const settled = useRef(false);
  const from = f.view === 'week' ? weekStart(f.date) : f.date;
  const days = f.view === 'week' ? 7 : 1;
  const data = useAsync(
    async (signal) => {
      const d = await loadCalendar(
        {
          from,
          days,
          ...(f.locationId ? { locationId: f.locationId } : {}),
          ...(f.providerId ? { providerIds: [f.providerId] } : {}),
          ...(f.typeId ? { typeIds: [f.typeId] } : {}),
          includeCancelled: f.showCancelled,
        },
        signal,
      );
      setCatalog((c) => mergeCatalog(c, d));
      // The first view opens on today in the practice's zone, which may differ from the browser's.
      if (!settled.current) {
        settled.current = true;
        const today = todayIn(d.timeZone);
        if (today !== todayIn(browserZone)) setF((x) => (x.date === todayIn(browserZone) ? { ...x, date: today } : x));
      }
      return d;
    },
    [from, days, f.locationId, f.providerId, f.typeId, f.showCancelled],
  );
  const loaded = data.status === 'ok' ? data.data : null;
  // Each visit's eligibility mark: one request for every visit in view (not the cancelled ones).
  const markIds = useMemo(() => (loaded ? loaded.appointments.filter((a) => a.status !== 'cancelled').map((a) => a.id) : null), [loaded]);
  const eligibility = useVisitMarks(markIds, canReadEligibility);

  // Patch the visits just moved, until the reload brings them.
  const shown = useMemo<CalendarData | null>(() => {
    if (!loaded) return null;
    if (!Object.keys(moved).length) return loaded;
    return { ...loaded, appointments: loaded.appointments.map((a) => (moved[a.id] && moved[a.id]!.version > a.version ? { ...a, ...moved[a.id]! } : a)) };
  }, [loaded, moved]);

  const model = useMemo(() => (shown ? buildGrid(shown, { groupBy: f.groupBy, providerIds: f.providerId ? [f.providerId] : [], showCancelled: f.showCancelled }) : null), [shown, f.groupBy, f.providerId, f.showCancelled]);
  const types = useMemo(() => new Map((shown?.types ?? catalog.types).map((t) => [t.id, t])), [shown, catalog.types]);
  const zone = shown?.timeZone ?? browserZone;

  const afterChange = (text: string, updated: Appointment | null): void => {
    setOpened(null);
    setBooking(null);
    setRefusal(null);
    if (updated) setMoved((m) => ({ ...m, [updated.id]: updated }));
    setMessage({ kind: 'ok', text });
    data.reload();
  };

  const describeMove = (a: CalendarAppointment, to: MoveTo): string => {
    const providerName = catalog.providers.find((p) => p.id === to.providerId)?.name;
    const local = toLocal(to.start, zone);
    return `${a.patient.name} to ${shortDay(local.date)}, ${clockLabel(local.minutes)}–${clockLabel(toLocal(to.end, zone).minutes)}${to.providerId !== a.providerId && providerName ? ` with ${providerName}` : ''}`;
  };

  const tryMove = async (a: CalendarAppointment, to: MoveTo, override?: Override): Promise<void> => {
    setMessage(null);
    try {
      const r = await moveAppointment(a, to, override);
      if (r.kind === 'moved') afterChange(`Moved ${a.patient.name} to ${visitWhen(r.appointment.start, r.appointment.end, r.appointment.timeZone)}.`, r.appointment);
      else if (r.kind === 'stale') {
        setRefusal(null);
        setMessage({ kind: 'error', text: r.message });
        data.reload();
      } else setRefusal({ appt: a, to, what: describeMove(a, to), message: r.message, verdicts: r.verdicts });
    } catch (e) {
      setRefusal(null);
      setMessage({ kind: 'error', text: errorText(e) });
    }
  };

  // The grid reads these through a ref: they need not be stable.
  const onDrop = (a: CalendarAppointment, t: DropTarget): Promise<void> =>
    tryMove(a, { providerId: t.col.providerId ?? a.providerId, start: localToIso(t.col.date, t.from, zone), end: localToIso(t.col.date, t.to, zone) });

  const onEmpty = (col: GridColumn, minutes: number): void => {
    const providerId = col.providerId || f.providerId || catalog.providers[0]?.id || '';
    const provider = catalog.providers.find((p) => p.id === providerId);
    const locationId = f.locationId && provider?.locationIds.includes(f.locationId) ? f.locationId : (provider?.locationIds[0] ?? f.locationId);
    setBooking({ providerId, locationId, date: col.date, minutes });
  };

  const bookButton = (): void => {
    const provider = catalog.providers.find((p) => p.id === f.providerId) ?? [...catalog.providers].sort((a, b) => a.name.localeCompare(b.name))[0];
    if (!provider) return;
    const now = toLocal(Date.now(), zone);
    const minutes = f.date === now.date ? Math.min(23 * 60, Math.ceil(now.minutes / 15) * 15) : 9 * 60;
    setBooking({ providerId: provider.id, locationId: f.locationId && provider.locationIds.includes(f.locationId) ? f.locationId : (provider.locationIds[0] ?? ''), date: f.date, minutes });
  };

  // Keyboard: Alt+Left / Alt+Right for the previous or next day (or week), Alt+T for today.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey || document.querySelector('dialog[open]')) return;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        setF((x) => ({ ...x, date: addDays(x.date, (e.key === 'ArrowLeft' ? -1 : 1) * (x.view === 'week' ? 7 : 1)) }));
      } else if (e.key === 't' || e.key === 'T') {
        e.preventDefault();
        setF((x) => ({ ...x, date: todayIn(zone) }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [zone]);

  const step = f.view === 'week' ? 7 : 1;
  const providersForFilter = catalog.providers.filter((p) => !f.locationId || p.locationIds.includes(f.locationId)).sort((a, b) => a.name.localeCompare(b.name));
  const rangeLabel = f.view === 'week' ? `Week of ${longDay(from)}` : longDay(f.date);
  const typesShown = shown ? shown.types.filter((t) => shown.appointments.some((a) => a.typeId === t.id)) : [];

  return (
    <section className="calendar">
      <PageTitle
        actions={
          canBook && (
            <button type="button" className="btn primary" onClick={bookButton} disabled={!catalog.providers.length}>
              Book an appointment
            </button>
          )
        }
      >
        Calendar
      </PageTitle>
      <form className="filters cal-toolbar" aria-label="Calendar date and filters" onSubmit={(e) => e.preventDefault()}>
        <div className="cal-nav" role="group" aria-label="Date">
          <button type="button" className="btn" onClick={() => set({ date: todayIn(zone) })} title="Alt+T">
            Today
          </button>
          <button type="button" className="btn" onClick={() => set({ date: addDays(f.date, -step) })} aria-label={f.view === 'week' ? 'Previous week' : 'Previous day'} title="Alt+Left arrow">
            ‹
          </button>
          <button type="button" className="btn" onClick={() => set({ date: addDays(f.date, step) })} aria-label={f.view === 'week' ? 'Next week' : 'Next day'} title="Alt+Right arrow">
            ›
          </button>
          <label className="visually-hidden" htmlFor="cal-date">
            Go to date
          </label>
          <input id="cal-date" className="cal-date" type="date" value={f.date} onChange={(e) => e.target.value && set({ date: e.target.value })} />
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">View</legend>
          {(['day', 'week'] as const).map((v) => (
            <label key={v} className={f.view === v ? 'on' : ''}>
              <input type="radio" name="cal-view" value={v} checked={f.view === v} onChange={() => set({ view: v })} /> {v === 'day' ? 'Day' : 'Week'}
            </label>
          ))}
        </fieldset>
        <fieldset className="segmented">
          <legend className="visually-hidden">Columns</legend>
          {(['provider', 'room'] as const).map((g) => (
            <label key={g} className={f.groupBy === g ? 'on' : ''}>
              <input type="radio" name="cal-group" value={g} checked={f.groupBy === g} onChange={() => set({ groupBy: g })} /> {g === 'provider' ? 'By provider' : 'By room'}
            </label>
          ))}
        </fieldset>
        <SelectField className="label-hidden" label="Location" value={f.locationId} onChange={(e) => set({ locationId: e.target.value, providerId: '' })} options={[{ value: '', label: 'All locations' }, ...catalog.locations.map((l) => ({ value: l.id, label: l.name }))]} />
        <SelectField className="label-hidden" label="Provider" value={f.providerId} onChange={(e) => set({ providerId: e.target.value })} options={[{ value: '', label: 'All providers' }, ...providersForFilter.map((p) => ({ value: p.id, label: p.name }))]} />
        <SelectField className="label-hidden" label="Type" value={f.typeId} onChange={(e) => set({ typeId: e.target.value })} options={[{ value: '', label: 'All types' }, ...catalog.types.map((t) => ({ value: t.id, label: t.name }))]} />
        <label className="checkbox">
          <input type="checkbox" checked={f.showCancelled} onChange={(e) => set({ showCancelled: e.target.checked })} /> Show cancelled
        </label>
      </form>
      <div className="cal-caption">
        <h2 id="cal-range">{rangeLabel}</h2>
        <span className="muted">
          Times in {zone.replace(/_/g, ' ')} ({zoneAbbrev(zone, Date.parse(`${from}T12:00:00Z`))})
          {shown ? ` · ${shown.appointments.filter((a) => f.showCancelled || a.status !== 'cancelled').length} appointments` : ''}
        </span>
      </div>
      {typesShown.length > 0 && (
        <ul className="cal-legend" aria-label="Appointment types">
          {typesShown.map((t) => (
            <li key={t.id}>
              <span className="swatch" style={{ background: t.colour }} aria-hidden="true" /> {t.name}
            </li>
          ))}
          <li className="legend-status">
            <span className="swatch st-no_show" aria-hidden="true" /> No-show
          </li>
          <li className="legend-status">
            <span className="swatch st-completed" aria-hidden="true" /> Completed
          </li>
          {canReadEligibility && <EligibilityLegend />}
        </ul>
      )}
      {(message || refusal) && (
        // Over the grid, not above it: the grid must not jump while the user drags.
        <div className="cal-toasts">
          {message && (
            <div className={`notice ${message.kind}`} role={message.kind === 'ok' ? 'status' : 'alert'}>
              <p>{message.text}</p>
              <button type="button" className="btn small" onClick={() => setMessage(null)}>
                Dismiss
              </button>
            </div>
          )}
          {refusal && (
            <div className="notice error cal-refusal" role="alert">
              <p className="state-title">Not moved: {refusal.what}.</p>
              {refusal.verdicts.length ? <VerdictList verdicts={refusal.verdicts} /> : <p>{refusal.message}</p>}
              {refusal.verdicts.length > 0 && (
                <OverrideForm
                  key={`${refusal.appt.id}|${refusal.to.start}|${refusal.to.providerId}`}
                  verdicts={refusal.verdicts}
                  action="Move anyway"
                  busy={overriding}
                  onOverride={(o) => {
                    setOverriding(true);
                    void tryMove(refusal.appt, refusal.to, o).finally(() => setOverriding(false));
                  }}
                />
              )}
              <button type="button" className="btn small" onClick={() => setRefusal(null)}>
                Dismiss
              </button>
            </div>
          )}
        </div>
      )}
      {canReadEligibility && eligibility.error !== null && (
        <p className="hint cal-elig-error" role="status">
          The insurance marks could not be loaded: {errorText(eligibility.error)}
        </p>
      )}
      <AsyncView value={data} loading="Loading the calendar…" errorTitle="The calendar could not be loaded">
        {() =>
          model && model.columns.length ? (
            <>
              {canBook && <p className="hint cal-hint">Click an empty time to book. Drag a visit to move it to another time or provider; drag its bottom edge to change its length. Open a visit for its details and actions.</p>}
              <CalendarGrid
                model={model}
                zone={zone}
                week={f.view === 'week'}
                types={types}
                canBook={canBook}
                sameResourceOnly={f.groupBy === 'room'}
                daySheetLinks={f.view === 'day' && f.groupBy === 'provider'}
                marks={canReadEligibility ? eligibility.marks : undefined}
                onOpen={setOpened}
                onEmpty={onEmpty}
                onDrop={onDrop}
              />
            </>
          ) : (
            <Empty>{f.groupBy === 'room' ? 'No rooms at this location.' : 'No provider matches these filters. Choose another location or provider.'}</Empty>
          )
        }
      </AsyncView>
      <BookDialog prefill={booking} catalog={catalog} onClose={() => setBooking(null)} onBooked={(a, text) => afterChange(text, a)} />
      <AppointmentDialog appt={opened} catalog={catalog} onClose={() => setOpened(null)} onChanged={afterChange} onEligibilityChecked={eligibility.refresh} />
    </section>
  );
};
