import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, forbiddenText, look, shot, signIn, title } from './harness.ts';

// The master calendar and no-show rescheduling on their own server (fresh SQLite, the demo
// practice's month of visits) in Chromium. Ids, dates and free times come from the API the
// screen reads, never hard-coded. The tests run in order.

const suite = browserSuite();
const newPage = suite.newPage;

/** The calendar's scale (web/src/scheduling/CalendarGrid.tsx): pixels per minute. */
const PX = 1.4;

interface Appt {
  id: string;
  patientId: string;
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  end: string;
  timeZone: string;
  status: string;
  version: number;
  patient: { name: string };
}
interface Calendar {
  timeZone: string;
  locations: { id: string; name: string }[];
  providers: { id: string; name: string; locationIds: string[] }[];
  types: { id: string; name: string; durationMinutes: number }[];
  exceptions: { id: string; kind: string; providerId: string | null; locationId: string | null; start: string; end: string; reason: string }[];
  appointments: Appt[];
}
interface Slot {
  providerId: string;
  locationId: string;
  start: string;
  end: string;
  localDate: string;
  localStart: string;
}

const post = async <T>(page: Page, path: string, data: unknown): Promise<T> => {
  const r = await page.request.post(`${suite.url}${path}`, { data });
  expect(r.status(), `${path}: ${await r.text()}`).toBeLessThan(300);
  return (await r.json()) as T;
};
const get = async <T>(page: Page, path: string): Promise<T> => {
  const r = await page.request.get(`${suite.url}${path}`);
  expect(r.status(), `${path}: ${await r.text()}`).toBe(200);
  return (await r.json()) as T;
};

const calendar = (page: Page, from: string, days: number, extra: Record<string, unknown> = {}): Promise<Calendar> => post(page, '/api/scheduling/calendar', { from, days, ...extra });

/** Local date and minutes after midnight of an instant in a zone. */
const local = (iso: string, zone: string): { date: string; minutes: number } => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
};
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const mondayOf = (date: string): string => addDays(date, -((weekday(date) + 6) % 7));
/** Minutes after midnight of `HH:MM`, or of a local ISO time (`2026-03-08T08:00:00-04:00`). */
const clock = (t: string): number => {
  const hhmm = t.length > 5 ? t.slice(11, 16) : t;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
};
/** "8:00 AM" as minutes after midnight. */
const labelMinutes = (label: string): number => {
  const m = /^(\d{1,2}):(\d{2}) (AM|PM)$/.exec(label.trim())!;
  return ((Number(m[1]) % 12) + (m[3] === 'PM' ? 12 : 0)) * 60 + Number(m[2]);
};
const shown = (a: Appt): boolean => a.status !== 'cancelled';

/** Today in the practice's zone, and the zone. */
const practiceToday = async (page: Page): Promise<{ today: string; zone: string }> => {
  const c = await calendar(page, new Date().toISOString().slice(0, 10), 1);
  return { today: local(new Date().toISOString(), c.timeZone).date, zone: c.timeZone };
};

const filters = (page: Page): Locator => page.getByRole('form', { name: 'Calendar date and filters' });

/** Shows a day in the day view; waits until the grid for it is drawn. */
const goToDay = async (page: Page, date: string): Promise<void> => {
  await filters(page).getByLabel('Go to date').fill(date);
  await expect.poll(() => page.locator('#cal-range').textContent()).toContain(`${Number(date.slice(8, 10))}, ${date.slice(0, 4)}`);
  await page.waitForFunction(() => !document.querySelector('.state.loading') && document.querySelector('.cal-col'));
};

/** The first hour the grid shows, in minutes after midnight. */
const gridStart = async (page: Page): Promise<number> => labelMinutes((await page.locator('.cal-hour').first().textContent())!);

/** Scrolls the page so the grid's top is just under the sticky header, then the grid so `target` is in view. */
const bringIntoView = async (page: Page, target: Locator): Promise<void> => {
  await page.locator('.cal-scroll').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64));
  await target.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
};

/** Scrolls the page to the grid, then the grid so that `y` pixels below its body's top are in view. */
const scrollGridTo = async (page: Page, y: number): Promise<void> => {
  await page.locator('.cal-scroll').evaluate((el, at) => {
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64);
    el.scrollTop = Math.max(0, at - 200);
  }, y);
};

/** Presses on `from`, moves in steps, releases at the point (x, y). */
const drag = async (page: Page, from: { x: number; y: number }, to: { x: number; y: number }, during?: () => Promise<void>): Promise<void> => {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + (to.y > from.y ? 8 : -8), { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  if (during) await during();
  await page.mouse.up();
};

const box = async (l: Locator): Promise<{ x: number; y: number; width: number; height: number }> => {
  const b = await l.boundingBox();
  expect(b, 'element on screen').toBeTruthy();
  return b!;
};

describe('Master calendar in the browser', () => {
  it('shows the demo month: day and week views, filters, columns per room, and the printable day sheet', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Calendar');
    const { today, zone } = await practiceToday(page);
    // The screen opens on today in the practice's zone.
    await expect.poll(() => filters(page).getByLabel('Go to date').inputValue()).toBe(today);

    // The next weekday with visits, and every visit of it on screen.
    const fortnight = await calendar(page, today, 14);
    const byDay = new Map<string, Appt[]>();
    for (const a of fortnight.appointments.filter(shown)) {
      const d = local(a.start, zone).date;
      byDay.set(d, [...(byDay.get(d) ?? []), a]);
    }
    const day = [...byDay.keys()].filter((d) => d > today && weekday(d) !== 0 && weekday(d) !== 6).sort()[0]!;
    expect(day, 'a weekday with visits in the next two weeks').toBeTruthy();
    const visits = byDay.get(day)!;
    expect(visits.length).toBeGreaterThan(10);
    await goToDay(page, day);
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(visits.length);
    expect(await page.locator('.cal-colhead').count()).toBe(fortnight.providers.length);
    const sample = visits[0]!;
    await expect.poll(() => page.locator(`[data-appt="${sample.id}"]`).getAttribute('aria-label')).toContain(sample.patient.name);
    // Working hours are drawn, and the staff meeting as a hatched band with its reason.
    expect(await page.locator('.cal-open').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cal-exception', { hasText: 'Staff meeting' }).count()).toBeGreaterThan(0);
    await look(page, 'cal-01-day');

    // The week: seven days, every visit of the week (past ones completed, some no-shows).
    const week = await calendar(page, mondayOf(addDays(today, -7)), 7);
    await goToDay(page, addDays(today, -7));
    await filters(page).getByRole('radio', { name: 'Week' }).check();
    await expect.poll(() => page.locator('.cal-day').count()).toBe(7);
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(week.appointments.filter(shown).length);
    expect(await page.locator('.appt.st-completed').count()).toBeGreaterThan(0);
    expect(week.appointments.some((a) => a.status === 'no_show')).toBe(await page.locator('.appt.st-no_show').count().then((n) => n > 0));
    await look(page, 'cal-02-week');
    // Cancelled visits only when asked for.
    await filters(page).getByLabel('Show cancelled').check();
    const withCancelled = await calendar(page, mondayOf(addDays(today, -7)), 7, { includeCancelled: true });
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(withCancelled.appointments.length);
    await filters(page).getByLabel('Show cancelled').uncheck();

    // Filters: one provider in the day view; then one appointment type.
    await filters(page).getByRole('radio', { name: 'Day' }).check();
    await goToDay(page, day);
    const provider = fortnight.providers.find((p) => visits.some((a) => a.providerId === p.id))!;
    await filters(page).getByLabel('Provider', { exact: true }).selectOption(provider.id);
    await expect.poll(() => page.locator('.cal-colhead').count()).toBe(1);
    const mine = visits.filter((a) => a.providerId === provider.id);
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(mine.length);
    const type = fortnight.types.find((t) => mine.some((a) => a.typeId === t.id))!;
    await filters(page).getByLabel('Type', { exact: true }).selectOption(type.id);
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(mine.filter((a) => a.typeId === type.id).length);
    await filters(page).getByLabel('Type', { exact: true }).selectOption('');

    // Columns per room.
    await filters(page).getByRole('radio', { name: 'By room' }).check();
    await expect.poll(() => page.locator('.cal-colhead', { hasText: 'Exam 1' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(mine.length);
    await look(page, 'cal-03-rooms');
    await filters(page).getByRole('radio', { name: 'By provider' }).check();

    // The provider's printable day sheet.
    await page.getByRole('link', { name: /^Day sheet of/ }).click();
    await expect.poll(() => title(page).textContent()).toBe(`Day sheet: ${provider.name}`);
    expect(new URL(page.url()).pathname).toBe(`/schedule/day-sheet/${encodeURIComponent(provider.id)}/${day}`);
    await expect.poll(() => page.locator('.day-sheet-table tbody tr').count()).toBe(mine.length);
    await look(page, 'cal-04-day-sheet');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Print' }).isHidden()).toBe(true);
    await look(page, 'cal-05-day-sheet-print');
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);
  });

  it('front desk books a visit from an empty slot, with patient search and the checks live', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    const { today } = await practiceToday(page);
    const cal = await calendar(page, today, 14);
    const type = cal.types.find((t) => t.name === 'Sick visit')!;
    const provider = cal.providers.find((p) => !cal.exceptions.some((x) => x.providerId === p.id && x.reason === 'Staff meeting'))!;
    const [patient] = (await post<{ patients: { id: string; mrn: string; familyName: string; givenName: string }[] }>(page, '/api/patients/search', { q: 'Smith', limit: 1 })).patients;
    // A time the rules accept for this patient: the screen must book it.
    const { slots } = await post<{ slots: Slot[] }>(page, '/api/scheduling/slots', { typeId: type.id, from: addDays(today, 1), to: addDays(today, 14), providerIds: [provider.id], patientId: patient!.id, limit: 1 });
    const slot = slots[0]!;
    expect(slot).toBeTruthy();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Calendar');
    await goToDay(page, slot.localDate);
    await filters(page).getByLabel('Provider', { exact: true }).selectOption(provider.id);
    await expect.poll(() => page.locator('.cal-colhead').count()).toBe(1);
    const column = page.locator('.cal-col').first();
    const y = (clock(slot.localStart) - (await gridStart(page))) * PX + 3;
    await scrollGridTo(page, y);
    const colBox = await box(column);
    expect(colBox.y + y).toBeGreaterThan(0);
    expect(colBox.y + y).toBeLessThan(800);
    await page.mouse.click(colBox.x + 12, colBox.y + y);

    const dialog = page.getByRole('dialog', { name: 'Book an appointment' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Provider and date come from the slot clicked, the time to the quarter hour.
    expect(await dialog.getByLabel('Provider').inputValue()).toBe(provider.id);
    expect(await dialog.getByLabel(/^Date/).inputValue()).toBe(slot.localDate);
    expect(clock(await dialog.getByLabel(/^Start time/).inputValue())).toBe(Math.floor(clock(slot.localStart) / 15) * 15);
    await dialog.getByLabel(/^Start time/).fill(slot.localStart.slice(11, 16));
    // The patient by MRN, chosen with the keyboard.
    const search = dialog.getByRole('combobox', { name: /Patient/ });
    await search.fill(patient!.mrn);
    await expect.poll(() => dialog.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').count()).toBe(1);
    await search.press('Enter');
    await expect.poll(() => dialog.locator('.picked').textContent()).toContain(patient!.mrn);
    await dialog.getByLabel(/^Appointment type/).selectOption(type.id);
    await expect.poll(() => dialog.locator('.live-check').textContent()).toMatch(/This time is free and within the guidelines|This time can be booked/);
    await look(page, 'cal-06-book');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /is booked: Sick visit/ }).count()).toBe(1);
    expect(await dialog.isVisible()).toBe(false);

    const after = await calendar(page, slot.localDate, 1, { providerIds: [provider.id] });
    const made = after.appointments.find((a) => a.patientId === patient!.id && a.start === slot.start);
    expect(made?.status).toBe('booked');
    await expect.poll(() => page.locator(`[data-appt="${made!.id}"]`).count()).toBe(1);
    await look(page, 'cal-07-booked');

    // The visit's details on click: the patient (a link to the record), type, time; then cancel it with a reason.
    await page.locator(`[data-appt="${made!.id}"]`).click();
    const details = page.getByRole('dialog', { name: 'Appointment' });
    await expect.poll(() => details.getByRole('link', { name: `${patient!.familyName}, ${patient!.givenName}` }).getAttribute('href')).toBe(`/patients/${encodeURIComponent(patient!.id)}`);
    expect(await details.textContent()).toContain('Sick visit');
    for (const action of ['Check in', 'Complete', 'Mark no-show', 'Change time', 'Cancel visit']) expect(await details.getByRole('button', { name: action, exact: true }).count(), action).toBe(1);
    await shot(page, 'cal-07b-details', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);
    await details.getByRole('button', { name: 'Cancel visit' }).click();
    await details.getByRole('button', { name: 'Cancel the visit' }).click();
    await expect.poll(() => details.textContent()).toMatch(/Say why the visit is cancelled/);
    await details.getByLabel(/^Reason for cancelling/).fill('Patient feels better');
    await details.getByRole('button', { name: 'Cancel the visit' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'is cancelled; its time is free again' }).count()).toBe(1);
    expect((await get<Appt>(page, `/api/appointments/${made!.id}`)).status).toBe('cancelled');
    // Cancelled visits are hidden unless asked for.
    await expect.poll(() => page.locator(`[data-appt="${made!.id}"]`).count()).toBe(0);
  });

  it('dragging a visit onto the staff meeting shows the reason and leaves it; a free time moves it; the bottom edge resizes it', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    const { today, zone } = await practiceToday(page);
    const cal = await calendar(page, addDays(today, 1), 14);
    // A booked visit of the provider with the daily staff meeting, on a day she is at that location, close to noon.
    const candidates = cal.exceptions
      .filter((x) => x.kind === 'blocked' && x.reason === 'Staff meeting')
      .flatMap((x) => cal.appointments.filter((a) => a.status === 'booked' && a.providerId === x.providerId && a.locationId === x.locationId && local(a.start, zone).date === local(x.start, zone).date).map((a) => ({ a, x })))
      .sort((p, q) => Math.abs(Date.parse(p.a.start) - Date.parse(p.x.start)) - Math.abs(Date.parse(q.a.start) - Date.parse(q.x.start)));
    const { a: visit, x: meeting } = candidates[0]!;
    expect(visit).toBeTruthy();
    const day = local(visit.start, zone).date;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await goToDay(page, day);
    await filters(page).getByLabel('Provider', { exact: true }).selectOption(visit.providerId);
    await expect.poll(() => page.locator('.cal-colhead').count()).toBe(1);
    const block = page.locator(`[data-appt="${visit.id}"]`);
    const band = page.locator('.cal-exception', { hasText: 'Staff meeting' });
    await bringIntoView(page, band);
    const before = await box(block);
    const target = await box(band);
    const column = await box(page.locator('.cal-col').first());
    expect(before.y).toBeGreaterThan(0);
    expect(before.y + before.height).toBeLessThan(800);
    // Grab each visit near its left edge, away from the notices in the bottom-right corner.
    const x = before.x + 60;

    // Onto the meeting: the check refuses, the reason is on screen, nothing moves.
    await drag(page, { x, y: before.y + 7 }, { x, y: target.y + 14 }, async () => {
      await expect.poll(() => page.locator('.cal-ghost').count()).toBe(1);
    });
    const refusal = page.getByRole('alert').filter({ hasText: 'Not moved' });
    await expect.poll(() => refusal.textContent()).toMatch(/blocked.*Staff meeting/);
    await look(page, 'cal-08-drag-refused');
    const still = await get<Appt>(page, `/api/appointments/${visit.id}`);
    expect([still.start, still.end, still.providerId, still.version]).toEqual([visit.start, visit.end, visit.providerId, visit.version]);
    expect((await box(block)).y - (await box(page.locator('.cal-col').first())).y).toBe(before.y - column.y);
    expect(await page.locator('.cal-ghost').count()).toBe(0);
    // The front desk may not override: no "Move anyway".
    expect(await refusal.getByRole('button', { name: 'Move anyway' }).count()).toBe(0);
    await refusal.getByRole('button', { name: 'Dismiss' }).click();

    // To a free time the rules accept: moved, on screen and on the server.
    const { slots } = await post<{ slots: Slot[] }>(page, '/api/scheduling/slots', { typeId: visit.typeId, from: day, to: day, providerIds: [visit.providerId], patientId: visit.patientId, limit: 50 });
    const free = slots.filter((s) => s.locationId === visit.locationId && Math.abs(Date.parse(s.start) - Date.parse(meeting.start)) < 5 * 3_600_000 && clock(s.localStart) % 5 === 0 && s.start !== visit.start).sort((p, q) => Math.abs(Date.parse(p.start) - Date.parse(visit.start)) - Math.abs(Date.parse(q.start) - Date.parse(visit.start)))[0]!;
    expect(free).toBeTruthy();
    const start = await gridStart(page);
    const from = await box(block);
    const col = await box(page.locator('.cal-col').first());
    const grab = from.y + 7 - (col.y + (local(visit.start, zone).minutes - start) * PX);
    await drag(page, { x, y: from.y + 7 }, { x, y: col.y + (clock(free.localStart) - start) * PX + grab });
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Moved ${visit.patient.name} to` }).count()).toBe(1);
    const moved = await get<Appt>(page, `/api/appointments/${visit.id}`);
    expect(moved.start).toBe(free.start);
    expect(moved.version).toBe(visit.version + 1);
    await expect.poll(async () => Math.round((await box(block)).y - (await box(page.locator('.cal-col').first())).y)).toBe(Math.round((clock(free.localStart) - start) * PX));
    await look(page, 'cal-09-drag-moved');

    // The bottom edge: ten minutes shorter (five minutes from a grip 2 px above the edge is a 5 px
    // move, right at the drag threshold). The visit is scrolled into view first: moved to the top
    // of the day, it would sit under the grid's sticky column header.
    await bringIntoView(page, block);
    const now = await box(block);
    const top = (await box(page.locator('.cal-col').first())).y;
    const endMin = local(moved.end, zone).minutes;
    await drag(page, { x, y: now.y + now.height - 2 }, { x, y: top + (endMin - 10 - start) * PX });
    await expect.poll(async () => (await get<Appt>(page, `/api/appointments/${visit.id}`)).end).toBe(new Date(Date.parse(moved.end) - 10 * 60_000).toISOString());
    expect((await get<Appt>(page, `/api/appointments/${visit.id}`)).start).toBe(moved.start);
  });

  it('back office moves a visit onto the staff meeting anyway, with a reason', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'back_office');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    const { today, zone } = await practiceToday(page);
    const cal = await calendar(page, addDays(today, 1), 14);
    const meeting = cal.exceptions.find((x) => x.reason === 'Staff meeting' && cal.appointments.some((a) => a.status === 'booked' && a.providerId === x.providerId && a.locationId === x.locationId && local(a.start, zone).date === local(x.start, zone).date))!;
    const day = local(meeting.start, zone).date;
    const visit = cal.appointments.filter((a) => a.status === 'booked' && a.providerId === meeting.providerId && a.locationId === meeting.locationId && local(a.start, zone).date === day).sort((p, q) => Math.abs(Date.parse(p.start) - Date.parse(meeting.start)) - Math.abs(Date.parse(q.start) - Date.parse(meeting.start)))[0]!;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await goToDay(page, day);
    await filters(page).getByLabel('Provider', { exact: true }).selectOption(visit.providerId);
    const block = page.locator(`[data-appt="${visit.id}"]`);
    const band = page.locator('.cal-exception', { hasText: 'Staff meeting' });
    await bringIntoView(page, band);
    const from = await box(block);
    const to = await box(band);
    await drag(page, { x: from.x + 60, y: from.y + 7 }, { x: from.x + 60, y: to.y + 14 });
    const refusal = page.getByRole('alert').filter({ hasText: 'Not moved' });
    await expect.poll(() => refusal.textContent()).toMatch(/Staff meeting/);
    const form = refusal.getByRole('form', { name: 'Move anyway' });
    await form.getByRole('button', { name: 'Move anyway' }).click();
    await expect.poll(() => form.textContent()).toMatch(/Say why/);
    await form.getByLabel(/^Reason for the exception/).fill('Provider asked to see this patient during the meeting');
    await look(page, 'cal-10-override');
    await form.getByRole('button', { name: 'Move anyway' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Moved ${visit.patient.name} to` }).count()).toBe(1);
    const moved = await get<Appt & { override: { kind: string; reason: string } | null }>(page, `/api/appointments/${visit.id}`);
    expect(moved.override).toMatchObject({ kind: 'rule_exception', reason: 'Provider asked to see this patient during the meeting' });
    expect(Date.parse(moved.start)).toBeGreaterThanOrEqual(Date.parse(meeting.start));
    expect(Date.parse(moved.start)).toBeLessThan(Date.parse(meeting.end));
  });

  it('front desk reschedules a no-show from My day: suggestions, an outreach attempt, then one click books', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('button', { name: 'Check for new work' }).click();
    await expect.poll(() => page.getByText('The list is up to date.').count()).toBe(1);
    await page.getByLabel('Kind').selectOption({ label: 'No-shows to reschedule' });
    await expect.poll(() => page.locator('section.group h2').allTextContents()).toEqual([expect.stringMatching(/^No-shows to reschedule/)]);
    const showAll = page.getByRole('button', { name: /^Show all/ });
    if (await showAll.count()) await showAll.click();
    const cards = page.locator('li.work-item', { has: page.getByRole('button', { name: /^Reschedule/ }) });
    await expect.poll(() => cards.count()).toBeGreaterThan(0);
    const before = await cards.count();
    await look(page, 'cal-11-my-day-no-shows');

    await cards.first().getByRole('button', { name: /^Reschedule/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Reschedule the missed visit' });
    await expect.poll(() => dialog.locator('.suggestions li').count()).toBe(3);
    const missedId = (await dialog.locator('.rebook').getAttribute('data-appointment'))!;
    const attempts = await dialog.locator('.attempts li').count();
    await dialog.getByLabel('How').selectOption('phone');
    await dialog.getByLabel('Outcome').selectOption('left_message');
    await dialog.getByLabel(/^Note/).fill('Voicemail: asked to call back to confirm the new time');
    await dialog.getByRole('button', { name: 'Log attempt' }).click();
    await expect.poll(() => dialog.locator('.attempts li').count()).toBe(attempts + 1);
    await expect.poll(() => dialog.locator('.attempts').textContent()).toContain('Voicemail: asked to call back');
    await shot(page, 'cal-12-rebook-dialog', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);

    const rebooking = await get<{ appointment: Appt; suggestions: Slot[] }>(page, `/api/appointments/${missedId}/rebooking`);
    const pick = rebooking.suggestions[0]!;
    await dialog.getByRole('button', { name: /^Book / }).first().click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The missed visit is rebooked' }).count()).toBe(1);
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => cards.count()).toBe(before - 1);
    const { items } = await post<{ items: { link: { id: string } }[] }>(page, '/api/worklist/search', { kind: 'appointment_no_show', status: ['done'] });
    expect(items.filter((i) => i.link.id === missedId)).toHaveLength(1);
    const after = await calendar(page, local(pick.start, rebooking.appointment.timeZone).date, 1, { providerIds: [pick.providerId] });
    expect(after.appointments.some((a) => a.patientId === rebooking.appointment.patientId && a.start === pick.start && a.status === 'booked')).toBe(true);
    await look(page, 'cal-13-my-day-after-rebook');
  });
});
