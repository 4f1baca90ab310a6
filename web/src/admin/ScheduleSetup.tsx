import { useMemo, useState, type FormEvent } from 'react';
import { useQueueForm } from '../scheduling/QueueFormKit.tsx';
import { api } from '../shell/api.ts';
import { AsyncView, Empty, ErrorSummary, Notice, PageTitle, SelectField, TextField, errorText, useAsync } from '../shell/ui.tsx';
import { addDays, clockLabel, localToIso, parseHhmm, shortDay, timeIn, toLocal, todayIn, zoneAbbrev } from '../scheduling/time.ts';

interface Provider { id: string; givenName: string; familyName: string; credentials: string | null; locationIds: string[] }
interface Location { id: string; name: string; timeZone: string }
interface Template { id: string; providerId: string; locationId: string; weekday: number; start: string; end: string; effectiveFrom: string; effectiveTo: string | null; allowedTypeIds: string[] | null }
interface Exception { id: string; kind: 'holiday' | 'time_off' | 'blocked'; providerId: string | null; locationId: string | null; start: string; end: string; reason: string }

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Monday first, as the calendar shows the week. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
const KIND_LABEL: Record<Exception['kind'], string> = { holiday: 'Holiday', time_off: 'Time off', blocked: 'Blocked time' };
const DAYS_SHOWN = 60;

const providerName = (p: Provider): string => `${p.givenName} ${p.familyName}${p.credentials ? `, ${p.credentials}` : ''}`;
const hhmmLabel = (s: string): string => {
  const m = parseHhmm(s);
  return m === null ? s : clockLabel(m);
};

export const ScheduleSetup = () => {
  const ref = useAsync(async (signal) => {
    const [p, l] = await Promise.all([
      api<{ providers: Provider[] }>('GET', '/api/providers', undefined, { signal }),
      api<{ locations: Location[] }>('GET', '/api/locations', undefined, { signal }),
    ]);
    return { providers: [...p.providers].sort((a, b) => providerName(a).localeCompare(providerName(b))), locations: l.locations };
  }, []);
  const [providerId, setProviderId] = useState('');

  return (
    <section>
      <PageTitle>Schedule set-up</PageTitle>
      <p className="hint">Each provider’s weekly working blocks and the time off, blocked time and holidays of the next {DAYS_SHOWN} days. Times are in the location’s time zone.</p>
      <AsyncView value={ref} loading="Loading providers and locations…">
        {({ providers, locations }) => (
          <>
            <div className="form">
              <SelectField label="Provider" value={providerId} onChange={(e) => setProviderId(e.target.value)} options={[{ value: '', label: 'Choose a provider…' }, ...providers.map((p) => ({ value: p.id, label: providerName(p) }))]} />
            </div>
            {providerId ? (
              <ProviderSchedule key={providerId} provider={providers.find((p) => p.id === providerId)!} locations={locations} />
            ) : (
              <Empty>Choose a provider to see and change their working blocks and time off.</Empty>
            )}
          </>
        )}
      </AsyncView>
    </section>
  );
};

const ProviderSchedule = ({ provider, locations }: { provider: Provider; locations: Location[] }) => {
  const byId = useMemo(() => new Map(locations.map((l) => [l.id, l])), [locations]);
  const own = provider.locationIds.map((id) => byId.get(id)).filter((l): l is Location => !!l);
  const home = own[0] ?? locations[0];
  const homeZone = home?.timeZone ?? 'UTC';
  const [notice, setNotice] = useState('');
  // Bumped after each addition: the forms are remounted empty.
  const [added, setAdded] = useState(0);

  const templates = useAsync((signal) => api<{ templates: Template[] }>('GET', `/api/scheduling/templates?providerId=${encodeURIComponent(provider.id)}`, undefined, { signal }).then((r) => r.templates), [provider.id]);
  const exceptions = useAsync((signal) => {
    const from = localToIso(todayIn(homeZone), 0, homeZone);
    const to = localToIso(addDays(todayIn(homeZone), DAYS_SHOWN), 0, homeZone);
    const q = new URLSearchParams({ from, to, providerId: provider.id });
    return api<{ exceptions: Exception[] }>('GET', `/api/scheduling/exceptions?${q}`, undefined, { signal }).then((r) => [...r.exceptions].sort((a, b) => a.start.localeCompare(b.start)));
  }, [provider.id, homeZone]);

  const zoneOf = (locationId: string | null): string => (locationId ? byId.get(locationId)?.timeZone : undefined) ?? homeZone;

  return (
    <>
      {notice && <Notice kind="ok">{notice}</Notice>}
      <h2>Weekly working blocks</h2>
      <AsyncView value={templates} loading="Loading working blocks…">
        {(list) =>
          list.length === 0 ? (
            <Empty>{providerName(provider)} has no working blocks yet. Add one below.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table schedule-week" aria-label="Weekly working blocks">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Working hours</th>
                  </tr>
                </thead>
                <tbody>
                  {WEEK_ORDER.map((wd) => {
                    const blocks = list.filter((t) => t.weekday === wd).sort((a, b) => a.start.localeCompare(b.start));
                    return (
                      <tr key={wd}>
                        <th scope="row">{WEEKDAYS[wd]}</th>
                        <td>
                          {blocks.length === 0 ? (
                            <span className="hint">Not working</span>
                          ) : (
                            <ul className="schedule-blocks">
                              {blocks.map((t) => (
                                <li key={t.id}>
                                  {hhmmLabel(t.start)} – {hhmmLabel(t.end)} at {byId.get(t.locationId)?.name ?? 'another location'}
                                  {t.allowedTypeIds ? ` (${t.allowedTypeIds.length} visit type${t.allowedTypeIds.length === 1 ? '' : 's'} only)` : ''}
                                  <span className="hint">
                                    {' '}
                                    from {shortDay(t.effectiveFrom)}
                                    {t.effectiveTo ? ` until ${shortDay(t.effectiveTo)}` : ''}
                                  </span>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>

      <h2>Time off, blocked time and holidays (next {DAYS_SHOWN} days)</h2>
      <AsyncView value={exceptions} loading="Loading time off and blocked time…">
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing planned in the next {DAYS_SHOWN} days.</Empty>
          ) : (
            <div className="table-wrap schedule-exceptions">
              <table className="table" aria-label="Time off, blocked time and holidays">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Where</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((x) => {
                    const zone = zoneOf(x.locationId);
                    const s = toLocal(x.start, zone);
                    const e = toLocal(x.end, zone);
                    const when =
                      s.date === e.date || (e.minutes === 0 && addDays(s.date, 1) === e.date && s.minutes > 0)
                        ? `${shortDay(s.date)}, ${timeIn(x.start, zone)} – ${timeIn(x.end, zone)} ${zoneAbbrev(zone, Date.parse(x.start))}`
                        : s.minutes === 0 && e.minutes === 0
                          ? addDays(s.date, 1) === e.date
                            ? `${shortDay(s.date)}, all day`
                            : `${shortDay(s.date)} – ${shortDay(addDays(e.date, -1))}, all day`
                          : `${shortDay(s.date)}, ${timeIn(x.start, zone)} – ${shortDay(e.date)}, ${timeIn(x.end, zone)} ${zoneAbbrev(zone, Date.parse(x.start))}`;
                    return (
                      <tr key={x.id}>
                        <td>{when}</td>
                        <td>{KIND_LABEL[x.kind]}</td>
                        <td>{x.locationId ? (byId.get(x.locationId)?.name ?? 'Another location') : x.providerId ? 'All locations' : 'Whole practice'}</td>
                        <td>{x.reason}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>

      <div className="schedule-forms">
        <AddTimeOff key={`off-${added}`} provider={provider} own={own} homeZone={homeZone} zoneOf={zoneOf} onAdded={(x) => (setNotice(`${KIND_LABEL[x.kind]} added: ${x.reason}.`), setAdded((n) => n + 1), exceptions.reload())} />
        <AddBlock key={`block-${added}`} provider={provider} own={own} homeZone={homeZone} onAdded={() => (setNotice('Working block added.'), setAdded((n) => n + 1), templates.reload())} />
      </div>
    </>
  );
};

/** The form's own key for an API field path (the API's field names are the form's). */
const keyIn =
  <K extends string>(keys: readonly K[]) =>
  (path: string): K | null =>
    keys.find((k) => k === path.split('.')[0]) ?? null;

/** A form's submit: the sent state, a failure shown under the form, and the server's field issues on their fields. */
const useSend = () => {
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async (work: () => Promise<void>, onIssues: (err: unknown) => void): Promise<void> => {
    setFailure('');
    setBusy(true);
    try {
      await work();
    } catch (err) {
      onIssues(err);
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { failure, busy, send };
};

const TIME_OFF_KEYS = ['kind', 'locationId', 'date', 'start', 'end', 'reason'] as const;

/** Time off or blocked time for the provider; added, the parent remounts it empty. */
const AddTimeOff = ({ provider, own, homeZone, zoneOf, onAdded }: { provider: Provider; own: Location[]; homeZone: string; zoneOf: (id: string | null) => string; onAdded: (x: Exception) => void }) => {
  const form = useQueueForm<(typeof TIME_OFF_KEYS)[number]>({ kind: 'time_off', locationId: '', date: '', start: '', end: '', reason: '' }, (v) => {
    const out: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) out.date = 'Enter the date.';
    const s = parseHhmm(v.start);
    const e = parseHhmm(v.end);
    if (s === null) out.start = 'Enter the start time.';
    if (e === null) out.end = 'Enter the end time.';
    else if (s !== null && e <= s) out.end = 'The end time must be after the start time.';
    if (v.reason.trim().length < 2) out.reason = v.reason.trim() ? 'Write a reason of at least 2 characters.' : 'Enter the reason (for example Dentist or Training).';
    return out;
  });
  const { failure, busy, send } = useSend();
  const v = form.values;
  const zone = v.locationId ? zoneOf(v.locationId) : homeZone;

  const submit = (ev: FormEvent): void => {
    ev.preventDefault();
    if (!form.submit()) return;
    void send(async () => {
      const body = {
        kind: v.kind,
        providerId: provider.id,
        locationId: v.locationId || null,
        start: localToIso(v.date, parseHhmm(v.start)!, zone),
        end: localToIso(v.date, parseHhmm(v.end)!, zone),
        reason: v.reason.trim(),
      };
      onAdded(await api<Exception>('POST', '/api/scheduling/exceptions', body));
    }, (err) => form.serverIssues(err, keyIn(TIME_OFF_KEYS)));
  };

  return (
    <form className="form card editor" onSubmit={submit} noValidate aria-label="Add time off or blocked time">
      <h3>Add time off or blocked time</h3>
      <ErrorSummary errors={form.summary} focusKey={form.submitted} />
      <div className="grid">
        <SelectField label="Kind" required options={[{ value: 'time_off', label: 'Time off' }, { value: 'blocked', label: 'Blocked time' }]} name="kind" {...form.field('kind')} />
        <SelectField label="Location" options={[{ value: '', label: 'All locations' }, ...own.map((l) => ({ value: l.id, label: l.name }))]} name="locationId" {...form.field('locationId')} />
        <TextField label="Date" type="date" required name="date" {...form.field('date')} />
        <TextField label="From" type="time" required hint={`Local time (${zoneAbbrev(zone)})`} name="start" {...form.field('start')} />
        <TextField label="Until" type="time" required name="end" {...form.field('end')} />
        <TextField label="Reason" required autoComplete="off" name="reason" {...form.field('reason')} />
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add time off'}
        </button>
      </div>
    </form>
  );
};

const BLOCK_KEYS = ['locationId', 'weekday', 'start', 'end', 'effectiveFrom'] as const;

/** A weekly working block for the provider; added, the parent remounts it empty. */
const AddBlock = ({ provider, own, homeZone, onAdded }: { provider: Provider; own: Location[]; homeZone: string; onAdded: () => void }) => {
  const form = useQueueForm<(typeof BLOCK_KEYS)[number]>({ locationId: own[0]?.id ?? '', weekday: '', start: '', end: '', effectiveFrom: todayIn(homeZone) }, (v) => {
    const out: Record<string, string> = {};
    if (!v.locationId) out.locationId = 'Choose the location.';
    if (v.weekday === '') out.weekday = 'Choose the day of the week.';
    const s = parseHhmm(v.start);
    const e = parseHhmm(v.end);
    if (s === null) out.start = 'Enter the start time.';
    if (e === null) out.end = 'Enter the end time.';
    else if (s !== null && e <= s) out.end = 'The end time must be after the start time.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom)) out.effectiveFrom = 'Enter the first day the block applies.';
    return out;
  });
  const { failure, busy, send } = useSend();
  const v = form.values;

  const submit = (ev: FormEvent): void => {
    ev.preventDefault();
    if (!form.submit()) return;
    void send(async () => {
      await api('POST', '/api/scheduling/templates', {
        providerId: provider.id,
        locationId: v.locationId,
        weekday: Number(v.weekday),
        start: v.start,
        end: v.end,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: null,
        allowedTypeIds: null,
      });
      onAdded();
    }, (err) => form.serverIssues(err, keyIn(BLOCK_KEYS)));
  };

  return (
    <form className="form card editor" onSubmit={submit} noValidate aria-label="Add a working block">
      <h3>Add a working block</h3>
      <ErrorSummary errors={form.summary} focusKey={form.submitted} />
      <div className="grid">
        <SelectField label="Location" required options={[{ value: '', label: 'Choose…' }, ...own.map((l) => ({ value: l.id, label: l.name }))]} name="locationId" {...form.field('locationId')} />
        <SelectField label="Day of the week" required options={[{ value: '', label: 'Choose…' }, ...WEEK_ORDER.map((d) => ({ value: String(d), label: WEEKDAYS[d]! }))]} name="weekday" {...form.field('weekday')} />
        <TextField label="Starts" type="time" required name="start" {...form.field('start')} />
        <TextField label="Ends" type="time" required name="end" {...form.field('end')} />
        <TextField label="Applies from" type="date" required name="effectiveFrom" {...form.field('effectiveFrom')} />
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add working block'}
        </button>
      </div>
    </form>
  );
};
