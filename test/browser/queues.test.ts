import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, forbiddenText, look, shot, signIn, title } from './harness.ts';

// The scheduling queues (referrals, recalls, the waitlist) on their own server (fresh SQLite,
// the demo practice) in Chromium: the queue screen, booking from its slot picker, a recall added
// from a patient's Appointments tab, and a waitlist offer booked from My day. Ids, names and
// free times come from the API the screens read, never hard-coded. The tests run in order.

const suite = browserSuite();
const newPage = suite.newPage;

interface Referral {
  id: string;
  patientId: string;
  referringName: string;
  reason: string;
  authorizationNumber: string | null;
  visitLimit: number | null;
  expiresOn: string | null;
  typeId: string | null;
  status: string;
}
interface Recall {
  id: string;
  patientId: string;
  locationId: string | null;
  reason: string;
  dueOn: string;
  status: string;
  appointmentId: string | null;
}
interface WaitlistEntry {
  id: string;
  patientId: string;
  typeId: string;
  currentAppointmentId: string | null;
  status: string;
  appointmentId: string | null;
}
interface Appt {
  id: string;
  patientId: string;
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  end: string;
  status: string;
  referralId: string | null;
  recallId?: string | null;
}
interface Slot {
  id: string;
  providerId: string;
  locationId: string;
  typeId: string;
  start: string;
  end: string;
}
interface Patient {
  id: string;
  familyName: string;
  givenName: string;
}

const post = async <T>(page: Page, path: string, data: unknown, headers: Record<string, string> = {}): Promise<T> => {
  const r = await page.request.post(`${suite.url}${path}`, { data, headers });
  expect(r.status(), `${path}: ${await r.text()}`).toBeLessThan(300);
  return (await r.json()) as T;
};
const get = async <T>(page: Page, path: string): Promise<T> => {
  const r = await page.request.get(`${suite.url}${path}`);
  expect(r.status(), `${path}: ${await r.text()}`).toBe(200);
  return (await r.json()) as T;
};

const DAY = 86_400_000;
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** Today's date in a zone (the practice's today, not the test machine's). */
const localToday = (zone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const visitsOf = (page: Page, patientId: string): Promise<Appt[]> =>
  post<{ appointments: Appt[] }>(page, '/api/appointments/search', { patientId, from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + 90 * DAY).toISOString(), includeCancelled: true }).then((r) => r.appointments);

const tab = (page: Page, name: string): Locator => page.getByRole('tab', { name: new RegExp(`^${name}`) });
const cards = (page: Page, kind: string): Locator => page.locator(`li.queue-item[data-kind="${kind}"]`);
/** Waits until every patient name on the queue screen is read. */
const namesShown = (page: Page): Promise<unknown> => page.waitForFunction(() => !document.querySelector('.queue-patient.pending, .state.loading'), undefined, { timeout: 15_000 });

/** "Check for new work": every worklist generator runs (the waitlist's searches slots), slow on a busy machine. */
const checkForNewWork = async (page: Page): Promise<void> => {
  await page.getByRole('button', { name: 'Check for new work' }).click();
  await expect.poll(() => page.getByText('The list is up to date.').count(), { timeout: 60_000 }).toBe(1);
};

const openQueues = async (page: Page): Promise<void> => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scheduling queues' }).click();
  await expect.poll(() => title(page).textContent()).toBe('Scheduling queues');
};

describe('Scheduling queues in the browser', () => {
  it('lists the demo referrals, recalls and waitlist, and books a referral from the slot picker', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await openQueues(page);

    const { referrals } = await get<{ referrals: Referral[] }>(page, '/api/scheduling/referrals?status=open');
    const { recalls } = await get<{ recalls: Recall[] }>(page, '/api/scheduling/recalls?status=pending');
    const { entries } = await get<{ entries: WaitlistEntry[] }>(page, '/api/scheduling/waitlist?status=waiting');
    expect(referrals.length).toBe(4);
    expect(recalls.length).toBe(6);
    expect(entries.length).toBe(3);

    // Referrals: every one waits to be booked, with the referring physician, authorisation and expiry.
    await expect.poll(() => tab(page, 'Referrals').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => tab(page, 'Referrals').textContent()).toBe('Referrals4');
    const waitingSection = page.getByRole('region', { name: /^Waiting to be booked/ });
    await expect.poll(() => waitingSection.locator('li.queue-item').count()).toBe(4);
    await namesShown(page);
    const withAuth = referrals.find((r) => r.authorizationNumber && r.expiresOn)!;
    const card = page.locator(`li.queue-item[data-id="${withAuth.id}"]`);
    expect(await card.textContent()).toContain(withAuth.referringName);
    expect(await card.textContent()).toContain(withAuth.authorizationNumber!);
    expect(await card.textContent()).toContain(String(withAuth.visitLimit));
    // The demo referral expiring in ten days is flagged.
    await expect.poll(() => page.locator('li.queue-item .chip.warn', { hasText: /^Expires in 10 days$/ }).count()).toBe(1);
    const firstPatient = await get<Patient>(page, `/api/patients/${referrals[0]!.patientId}`);
    expect(await page.locator(`li.queue-item[data-id="${referrals[0]!.id}"] .queue-patient-name`).textContent()).toBe(`${firstPatient.familyName}, ${firstPatient.givenName}`);
    await look(page, 'queues-01-referrals');

    // Recalls: the overdue one highlighted.
    await tab(page, 'Recalls').click();
    await expect.poll(() => cards(page, 'recall').count()).toBe(6);
    await namesShown(page);
    const { locations } = await get<{ locations: { id: string; timeZone: string }[] }>(page, '/api/locations');
    const overdue = recalls.filter((r) => r.dueOn < localToday(locations.find((l) => l.id === r.locationId)?.timeZone ?? locations[0]!.timeZone));
    expect(overdue.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('li.queue-item[data-kind="recall"] .chip.danger', { hasText: /^Overdue by/ }).count()).toBe(overdue.length);
    for (const r of recalls) expect(await page.locator(`li.queue-item[data-id="${r.id}"]`).textContent()).toContain(r.reason);
    await look(page, 'queues-02-recalls');

    // Waitlist: the window and the visit each patient holds.
    await tab(page, 'Waitlist').click();
    await expect.poll(() => cards(page, 'waitlist').count()).toBe(3);
    await namesShown(page);
    await expect.poll(() => page.locator('li.queue-item[data-kind="waitlist"] .chip.st-booked').count()).toBe(3);
    await look(page, 'queues-03-waitlist');

    // Book a referral: "Find a time" lists open times for its type; one is taken meanwhile (409), then another books.
    await tab(page, 'Referrals').click();
    // A referral whose patient has open times for its type (a Follow-up is for established patients only), one without an authorisation first.
    const today = localToday(locations[0]!.timeZone);
    // A referral names no location: the picker looks at every provider, first available.
    const providerIds = (await get<{ providers: { id: string; active: boolean }[] }>(page, '/api/providers')).providers.filter((p) => p.active).map((p) => p.id);
    const candidates: Referral[] = [];
    for (const r of [...referrals].filter((x) => x.typeId).sort((a, b) => Number(!!a.authorizationNumber) - Number(!!b.authorizationNumber))) {
      const { slots } = await post<{ slots: Slot[] }>(page, '/api/scheduling/slots', { typeId: r.typeId, from: today, to: addDays(today, 60), providerIds, patientId: r.patientId, limit: 1 });
      if (slots.length) candidates.push(r);
    }
    expect(candidates.length, 'a referral with open times for its patient').toBeGreaterThan(0);
    const target = candidates[0]!;
    await page.locator(`li.queue-item[data-id="${target.id}"]`).getByRole('button', { name: /^Find a time/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Find a time for the referral' });
    await expect.poll(() => dialog.locator('.slot-day li').count()).toBeGreaterThan(2);
    expect(await dialog.getByLabel('Appointment type').inputValue()).toBe(target.typeId);
    expect(await dialog.getByLabel('Location').inputValue()).toBe('');
    await shot(page, 'queues-04-slot-picker', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);

    // The first time offered is booked by someone else (another waiting patient) before the click.
    const [first] = await post<{ slots: Slot[] }>(page, '/api/scheduling/slots', {
      typeId: target.typeId,
      from: (await dialog.getByLabel('From').inputValue()),
      to: addDays(await dialog.getByLabel('From').inputValue(), 60),
      providerIds,
      patientId: target.patientId,
      limit: 1,
    }).then((r) => r.slots);
    const firstRow = dialog.locator('.slot-day li').first();
    expect([await firstRow.getAttribute('data-start'), await firstRow.getAttribute('data-provider')]).toEqual([first!.start, first!.providerId]);
    // Another patient (the first the rules allow this type for) takes that time.
    // Queue patients are established; a new-patient visit needs someone new: a patient registered now.
    const newcomer = await page.request.post(`${suite.url}/api/patients`, { data: { familyName: 'Walkin', givenName: 'Newton', birthDate: '1985-05-05', sex: 'male', acknowledgeDuplicates: true } });
    expect(newcomer.status()).toBe(201);
    const others = [...new Set([...referrals.map((r) => r.patientId), ...entries.map((e) => e.patientId), ((await newcomer.json()) as { id: string }).id])].filter((id) => id !== target.patientId);
    let taken = false;
    for (const patientId of others) {
      const r = await page.request.post(`${suite.url}/api/appointments`, { data: { patientId, providerId: first!.providerId, locationId: first!.locationId, typeId: first!.typeId, start: first!.start }, headers: { 'idempotency-key': `queues-test-${patientId}` } });
      if (r.status() === 201) {
        taken = true;
        break;
      }
      expect(r.status(), await r.text()).toBe(409);
    }
    expect(taken, 'another patient booked the first time').toBe(true);
    await firstRow.getByRole('button', { name: /^Book / }).click();
    const refusal = dialog.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toMatch(/already booked|could not be booked/);
    // The list is read again, without the time just taken.
    await expect.poll(() => dialog.locator(`.slot-day li[data-start="${first!.start}"][data-provider="${first!.providerId}"]`).count()).toBe(0);
    await shot(page, 'queues-05-slot-refused', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);

    // Book the first time now offered.
    const before = (await visitsOf(page, target.patientId)).filter((a) => a.referralId === target.id);
    expect(before).toHaveLength(0);
    await dialog.locator('.slot-day li').first().getByRole('button', { name: /^Book / }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The visit is linked to the referral' }).count()).toBe(1);
    expect(await dialog.isVisible()).toBe(false);
    const linked = (await visitsOf(page, target.patientId)).filter((a) => a.referralId === target.id && a.status === 'booked');
    expect(linked).toHaveLength(1);

    // It leaves the list of referrals waiting to be booked, and shows as booked, still open.
    await expect.poll(() => waitingSection.locator('li.queue-item').count()).toBe(3);
    expect(await waitingSection.locator(`li.queue-item[data-id="${target.id}"]`).count()).toBe(0);
    const bookedSection = page.getByRole('region', { name: /^Booked, still open/ });
    await expect.poll(() => bookedSection.locator(`li.queue-item[data-id="${target.id}"]`).count()).toBe(1);
    expect(await bookedSection.locator(`li.queue-item[data-id="${target.id}"]`).textContent()).toContain('1 booked');
    await look(page, 'queues-06-referral-booked');
  });

  it('adds a recall from a patient’s Appointments tab, with inline validation, and sees it listed', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    const { entries } = await get<{ entries: WaitlistEntry[] }>(page, '/api/scheduling/waitlist?status=waiting');
    const entry = entries[0]!;
    const patient = await get<Patient>(page, `/api/patients/${entry.patientId}`);

    // From the queue, the patient's name opens the record; its Appointments tab lists the visits.
    await openQueues(page);
    await tab(page, 'Waitlist').click();
    await namesShown(page);
    await page.locator(`li.queue-item[data-id="${entry.id}"] .queue-patient-name`).click();
    await expect.poll(() => title(page).textContent()).toContain(`${patient.familyName}, ${patient.givenName}`);
    await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Appointments' }).click();
    expect(new URL(page.url()).pathname).toBe(`/patients/${entry.patientId}/appointments`);
    const upcoming = page.getByRole('region', { name: 'Upcoming visits' });
    await expect.poll(() => upcoming.locator(`tr[data-appointment="${entry.currentAppointmentId}"]`).count()).toBe(1);
    expect(await upcoming.locator(`tr[data-appointment="${entry.currentAppointmentId}"]`).textContent()).toContain('Booked');
    const waiting = page.getByRole('region', { name: 'Waiting to be scheduled' });
    await expect.poll(() => waiting.locator('li').count()).toBe(1);
    expect(await waiting.locator('li').textContent()).toContain('Waitlist');

    // Add recall: the patient is filled in; an empty form says what is missing, field by field.
    await page.getByRole('button', { name: 'Add recall' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a recall' });
    await expect.poll(() => dialog.locator('.picked').textContent()).toContain(`${patient.familyName}, ${patient.givenName}`);
    await dialog.getByRole('button', { name: 'Add recall' }).click();
    await expect.poll(() => dialog.locator('.error-summary li').count()).toBe(3);
    expect(await dialog.getByLabel(/^Reason/).getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.field-error').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Enter the reason/), expect.stringMatching(/^Choose the appointment type/), expect.stringMatching(/^Enter the date/)]));
    await shot(page, 'queues-07-recall-form-errors', { fullPage: false });
    await dialog.getByLabel(/^Reason/).fill('Blood pressure recheck after the new medicine');
    await dialog.getByLabel(/^Appointment type/).selectOption({ label: 'Follow-up (20 min)' });
    await dialog.getByRole('button', { name: 'In 3 months' }).click();
    await expect.poll(() => dialog.locator('.field-error').count()).toBe(0);
    const due = await dialog.getByLabel(/^Due on/).inputValue();
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await dialog.getByRole('button', { name: 'Add recall' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Recall added for' }).count()).toBe(1);
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => waiting.locator('li').count()).toBe(2);
    expect(await waiting.textContent()).toContain('Blood pressure recheck after the new medicine');
    const { recalls } = await get<{ recalls: Recall[] }>(page, `/api/scheduling/recalls?status=pending&patientId=${entry.patientId}`);
    expect(recalls.map((r) => [r.reason, r.dueOn])).toEqual([['Blood pressure recheck after the new medicine', due]]);
    await look(page, 'queues-08-patient-appointments');

    // The queue lists it too.
    await openQueues(page);
    await tab(page, 'Recalls').click();
    await expect.poll(() => cards(page, 'recall').count()).toBe(7);
    await expect.poll(() => page.locator(`li.queue-item[data-id="${recalls[0]!.id}"]`).textContent()).toContain('Blood pressure recheck after the new medicine');
  });

  it('front desk books a waitlist offer from My day: the held visit is cancelled and the item is done', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await checkForNewWork(page);
    await page.getByLabel('Kind').selectOption({ label: 'Waitlist offers' });
    await expect.poll(() => page.locator('section.group h2').allTextContents()).toEqual([expect.stringMatching(/^Waitlist offers/)]);
    const items = page.locator('li.work-item', { has: page.getByRole('button', { name: /^Book:/ }) });
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const before = await items.count();
    await look(page, 'queues-09-my-day-waitlist');

    await items.first().getByRole('button', { name: /^Book:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Offer an earlier time' });
    await expect.poll(() => dialog.locator('.queue-picker').count()).toBe(1);
    const entryId = (await dialog.locator('.queue-picker').getAttribute('data-record'))!;
    const { entry, offer } = await get<{ entry: WaitlistEntry; offer: Slot | null }>(page, `/api/scheduling/waitlist/${entryId}/offer`);
    expect(offer).not.toBeNull();
    expect(entry.currentAppointmentId).toBeTruthy();
    const held = await get<Appt>(page, `/api/appointments/${entry.currentAppointmentId}`);
    expect(held.status).toBe('booked');
    await expect.poll(() => dialog.getByRole('button', { name: /^Book this time/ }).count()).toBe(1);
    // Other times, all earlier than the visit held.
    await expect.poll(() => dialog.locator('.slot-day li').count()).toBeGreaterThan(0);
    await shot(page, 'queues-10-waitlist-offer', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);

    await dialog.getByRole('button', { name: /^Book this time/ }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The later visit the patient held is cancelled' }).count()).toBe(1);
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => items.count()).toBe(before - 1);

    expect((await get<Appt>(page, `/api/appointments/${held.id}`)).status).toBe('cancelled');
    const after = await get<{ entries: WaitlistEntry[] }>(page, `/api/scheduling/waitlist?patientId=${entry.patientId}`);
    const booked = after.entries.find((e) => e.id === entryId)!;
    expect(booked.status).toBe('booked');
    const visit = await get<Appt>(page, `/api/appointments/${booked.appointmentId}`);
    expect([visit.start, visit.providerId, visit.status]).toEqual([offer!.start, offer!.providerId, 'booked']);
    const { items: done } = await post<{ items: { link: { id: string }; completionNote: string | null }[] }>(page, '/api/worklist/search', { kind: 'waitlist_offer', status: ['done'] });
    expect(done.filter((i) => i.link.id === entryId)).toHaveLength(1);
    expect(done.find((i) => i.link.id === entryId)!.completionNote).toMatch(/^Booked: /);
    await look(page, 'queues-11-my-day-after-offer');
  });

  it('front desk books a recall due from My day: the recall is booked with the visit and the item is done', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await checkForNewWork(page);
    await page.getByLabel('Kind').selectOption({ label: 'Recalls due' });
    await expect.poll(() => page.locator('section.group h2').allTextContents()).toEqual([expect.stringMatching(/^Recalls due/)]);
    const items = page.locator('li.work-item', { has: page.getByRole('button', { name: /^Book:/ }) });
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const before = await items.count();

    // A recall whose patient has open times for its type (a Follow-up is for established patients only).
    const { recalls: pending } = await get<{ recalls: (Recall & { typeId: string })[] }>(page, '/api/scheduling/recalls?status=pending');
    const { locations } = await get<{ locations: { id: string; timeZone: string }[] }>(page, '/api/locations');
    const today = localToday(locations[0]!.timeZone);
    let chosen: Recall | undefined;
    for (const r of pending.filter((x) => x.dueOn <= addDays(today, 14) && x.locationId)) {
      const { slots } = await post<{ slots: Slot[] }>(page, '/api/scheduling/slots', { typeId: r.typeId, from: today, to: addDays(today, 60), locationId: r.locationId, patientId: r.patientId, limit: 1 });
      if (slots.length) {
        chosen = r;
        break;
      }
    }
    expect(chosen, 'a recall due with open times for its patient').toBeTruthy();
    await items.filter({ hasText: chosen!.reason }).getByRole('button', { name: /^Book:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Find a time for the recall' });
    await expect.poll(() => dialog.locator('.slot-day li').count()).toBeGreaterThan(0);
    const recallId = (await dialog.locator('.queue-picker').getAttribute('data-record'))!;
    expect(recallId).toBe(chosen!.id);
    const row = dialog.locator('.slot-day li').first();
    const start = (await row.getAttribute('data-start'))!;
    await row.getByRole('button', { name: /^Book / }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The recall is booked. The item is done.' }).count()).toBe(1);
    await expect.poll(() => items.count()).toBe(before - 1);

    const { recalls } = await get<{ recalls: Recall[] }>(page, '/api/scheduling/recalls?status=booked');
    const recall = recalls.find((r) => r.id === recallId)!;
    expect(recall.appointmentId).toBeTruthy();
    const visit = await get<Appt>(page, `/api/appointments/${recall.appointmentId}`);
    expect([visit.start, visit.status, visit.recallId]).toEqual([start, 'booked', recallId]);
    const { items: done } = await post<{ items: { link: { id: string } }[] }>(page, '/api/worklist/search', { kind: 'recall_due', status: ['done'] });
    expect(done.filter((i) => i.link.id === recallId)).toHaveLength(1);
  });

  it('an administrator opens an overridden visit from its review item', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'admin');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await checkForNewWork(page);
    await page.getByLabel('Kind').selectOption({ label: 'Overrides to review' });
    const items = page.locator('li.work-item', { has: page.getByRole('button', { name: /^Open visit:/ }) });
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    await items.first().getByRole('button', { name: /^Open visit:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Appointment' });
    await expect.poll(() => dialog.locator('.appt-details').count()).toBe(1);
    await expect.poll(() => dialog.textContent()).toContain('Work-in approved by the provider');
    await shot(page, 'queues-12-override-visit', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);
  });

  it('adds a referral from the queue and a waitlist entry for a booked visit, with inline validation', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    const { entries } = await get<{ entries: WaitlistEntry[] }>(page, '/api/scheduling/waitlist?status=waiting');
    const { referrals } = await get<{ referrals: Referral[] }>(page, '/api/scheduling/referrals?status=open');
    const patient = await get<Patient & { mrn: string }>(page, `/api/patients/${entries[0]!.patientId}`);

    // Add referral: fields checked as they are left, the NPI's check digit included.
    await openQueues(page);
    await page.getByRole('button', { name: 'Add referral' }).click();
    const form = page.getByRole('dialog', { name: 'Add a referral' });
    await form.getByLabel(/^Referring NPI/).fill('1234567890');
    await form.getByLabel(/^Visits allowed/).fill('0');
    await form.getByLabel(/^Reason for the referral/).focus();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual([expect.stringMatching(/^Check the NPI/), expect.stringMatching(/^Visits allowed must be between 1 and 100/)]);
    await form.getByRole('button', { name: 'Add referral' }).click();
    await expect.poll(() => form.locator('.error-summary li').allTextContents()).toEqual([
      'Choose the patient.',
      expect.stringMatching(/^Enter the referring physician/),
      expect.stringMatching(/^Check the NPI/),
      expect.stringMatching(/^Enter the reason/),
      expect.stringMatching(/^Visits allowed/),
    ]);
    await shot(page, 'queues-13-referral-form-errors', { fullPage: false });
    await form.getByRole('combobox', { name: /^Patient/ }).fill(patient.mrn);
    await form.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').first().click();
    await expect.poll(() => form.locator('.picked').textContent()).toContain(`${patient.familyName}, ${patient.givenName}`);
    await form.getByLabel(/^Referring physician or practice/).fill('Dr. Amara Osei (neurology)');
    await form.getByLabel(/^Referring NPI/).fill('1245319599');
    await form.getByLabel(/^Reason for the referral/).fill('Recurring headaches, evaluation');
    await form.getByLabel(/^Authorisation number/).fill('AUTH-9001');
    await form.getByLabel(/^Visits allowed/).fill('2');
    await form.getByLabel(/^Visit type to book/).selectOption({ label: 'Follow-up' });
    await expect.poll(() => form.locator('.field-error').count()).toBe(0);
    await form.getByRole('button', { name: 'Add referral' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'from Dr. Amara Osei (neurology) is in the queue' }).count()).toBe(1);
    const waitingSection = page.getByRole('region', { name: /^Waiting to be booked/ });
    const added = (await get<{ referrals: Referral[] }>(page, '/api/scheduling/referrals?status=open')).referrals.find((r) => !referrals.some((x) => x.id === r.id))!;
    expect([added.patientId, added.referringName, added.authorizationNumber, added.visitLimit]).toEqual([patient.id, 'Dr. Amara Osei (neurology)', 'AUTH-9001', 2]);
    await expect.poll(() => waitingSection.locator(`li.queue-item[data-id="${added.id}"]`).count()).toBe(1);

    // "Earlier if possible" on a booked visit of the patient's Appointments tab: the waitlist form, filled from the visit.
    const { appointments } = await post<{ appointments: Appt[] }>(page, '/api/appointments/search', { patientId: patient.id, from: new Date().toISOString(), to: new Date(Date.now() + 90 * DAY).toISOString() });
    const held = appointments.filter((a) => a.status === 'booked' && !entries.some((e) => e.currentAppointmentId === a.id)).sort((a, b) => (a.start < b.start ? 1 : -1))[0];
    expect(held, 'a booked visit not yet on the waitlist').toBeTruthy();
    await page.locator(`li.queue-item[data-id="${added.id}"] .queue-patient-name`).click();
    await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Appointments' }).click();
    await page.locator(`tr[data-appointment="${held!.id}"]`).getByRole('button', { name: /^Earlier if possible/ }).click();
    const wl = page.getByRole('dialog', { name: 'Add to the waitlist' });
    await expect.poll(() => wl.getByLabel('Visit the patient holds now').inputValue()).toBe(held!.id);
    expect(await wl.getByLabel(/^Appointment type/).inputValue()).toBe(held!.typeId);
    expect(await wl.getByLabel(/^Location/).inputValue()).toBe(held!.locationId);
    await wl.getByLabel(/^Earliest date/).fill(addDays(await wl.getByLabel(/^Latest date/).inputValue(), 1));
    await wl.getByLabel(/^Note/).focus();
    await expect.poll(() => wl.locator('.field-error').allTextContents()).toEqual(['The latest date cannot be before the earliest date.']);
    await shot(page, 'queues-14-waitlist-form', { fullPage: false });
    await wl.getByLabel(/^Earliest date/).fill(await wl.getByLabel(/^Earliest date/).getAttribute('min').then((m) => m!));
    await wl.getByLabel(/^Note/).fill('Mornings are best');
    await expect.poll(() => wl.locator('.field-error').count()).toBe(0);
    await wl.getByRole('button', { name: 'Add to waitlist' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'is on the waitlist for a' }).count()).toBe(1);
    const after = (await get<{ entries: WaitlistEntry[] }>(page, `/api/scheduling/waitlist?status=waiting&patientId=${patient.id}`)).entries;
    expect(after.filter((e) => e.currentAppointmentId === held!.id)).toHaveLength(1);
    const recalls = (await get<{ recalls: Recall[] }>(page, `/api/scheduling/recalls?status=pending&patientId=${patient.id}`)).recalls;
    const open = (await get<{ referrals: Referral[] }>(page, `/api/scheduling/referrals?status=open&patientId=${patient.id}`)).referrals;
    await expect.poll(() => page.getByRole('region', { name: 'Waiting to be scheduled' }).locator('li').count()).toBe(after.length + recalls.length + open.length);
    await look(page, 'queues-15-patient-after-waitlist');
  });
});
