import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, forbiddenText, look, shot, signIn, title } from './harness.ts';

// Insurance eligibility on its own server (fresh SQLite, the demo practice whose payers are
// answered by the local payer simulator; the server sweeps the next three days' visits at start)
// in Chromium. Patients, visits and checks come from the API the screens read, never hard-coded.

const suite = browserSuite();

interface Appt {
  id: string;
  patientId: string;
  start: string;
  status: string;
  timeZone: string;
  patient: { name: string };
}
interface Check {
  id: string;
  coverageId: string;
  patientId: string;
  appointmentId: string | null;
  source: 'electronic' | 'manual';
  state: 'sending' | 'done';
  outcome: string | null;
  summary: string[];
  requestedBy: string;
  manual: { verifiedWith: string; reference: string; note: string | null } | null;
  snapshot: { costShares: { kind: string; basis: string; amountCents: number | null }[] } | null;
}
interface Patient {
  id: string;
  familyName: string;
  givenName: string;
  coverages: { id: string; payerId: string; priority: number }[];
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
const checksOf = async (page: Page, patientId: string): Promise<Check[]> => (await get<{ checks: Check[] }>(page, `/api/eligibility/patients/${encodeURIComponent(patientId)}`)).checks;

/** Local date of an instant in a zone. */
const localDate = (iso: string, zone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/** Booked visits from today for `days` days, earliest first. */
const upcoming = async (page: Page, days: number): Promise<Appt[]> => {
  // From yesterday (UTC), so the practice's today is covered whatever its zone.
  const cal = await post<{ timeZone: string; appointments: Appt[] }>(page, '/api/scheduling/calendar', { from: localDate(new Date(Date.now() - 86_400_000).toISOString(), 'UTC'), days: days + 2 });
  const now = Date.now();
  return cal.appointments.filter((a) => a.status === 'booked' && Date.parse(a.start) > now && Date.parse(a.start) < now + days * 86_400_000).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
};

/**
 * A visit in the next three days that the start-up sweep checked, active with a deductible and a
 * co-pay (the PPO plan), and its patient's checks. Polls until the sweep has got that far.
 */
const sweptVisit = async (page: Page): Promise<{ visit: Appt; check: Check }> => {
  const visits = await upcoming(page, 3);
  expect(visits.length, 'booked visits in the next three days').toBeGreaterThan(0);
  const patients = [...new Map(visits.map((v) => [v.patientId, v])).values()].slice(0, 30);
  let found: { visit: Appt; check: Check } | null = null;
  await expect
    .poll(
      async () => {
        for (const v of patients) {
          const check = (await checksOf(page, v.patientId)).find(
            (c) => c.requestedBy === 'eligibility sweep' && c.appointmentId && c.state === 'done' && c.outcome === 'active' && c.summary.some((s) => s.startsWith('Deductible')) && c.summary.some((s) => /co-pay/.test(s)),
          );
          const visit = check && visits.find((a) => a.id === check.appointmentId);
          if (check && visit) {
            found = { visit, check };
            return true;
          }
        }
        return false;
      },
      { timeout: 60_000, interval: 1000 },
    )
    .toBe(true);
  return found!;
};

const filters = (page: Page): Locator => page.getByRole('form', { name: 'Calendar date and filters' });

/** Shows a day in the calendar's day view; waits until the grid for it is drawn. */
const goToDay = async (page: Page, date: string): Promise<void> => {
  await filters(page).getByLabel('Go to date').fill(date);
  await expect.poll(() => page.locator('#cal-range').textContent()).toContain(`${Number(date.slice(8, 10))}, ${date.slice(0, 4)}`);
  await page.waitForFunction(() => !document.querySelector('.state.loading') && document.querySelector('.cal-col'));
};

describe('Eligibility in the browser', () => {
  let swept: { visit: Appt; check: Check } | null = null;
  let patient: Patient | null = null;
  const reference = `REF-${Date.now().toString().slice(-6)}`;

  it('front desk reads the swept benefits in plain words on the Coverages tab, opens the raw 271 and records a phone verification', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    swept = await sweptVisit(page);
    const { check } = swept;
    patient = await get<Patient>(page, `/api/patients/${encodeURIComponent(swept.visit.patientId)}`);

    await page.goto(`${suite.url}/patients/${encodeURIComponent(patient.id)}/coverages`);
    await expect.poll(() => title(page).textContent()).toContain(`${patient.familyName}, ${patient.givenName}`);
    const card = page.locator('li.card', { has: page.locator('.elig') }).filter({ has: page.getByRole('button', { name: 'Show the payer’s answer' }) });
    await expect.poll(() => card.count()).toBe(1);
    // Pinned by its name ("Eligibility of <payer>"): the button's name changes once pressed.
    const panel = page.getByRole('region', { name: (await card.locator('section.elig').getAttribute('aria-label'))!, exact: true });
    // The latest check: status, when and how, and every benefit sentence as the server wrote it.
    await expect.poll(() => panel.locator('.elig-head .chip').textContent()).toBe('Verified active');
    expect(await panel.locator('.elig-latest .elig-how').textContent()).toMatch(/^Checked electronically on .+ by the pre-visit sweep, for [A-Z][a-z]{2} \d{1,2}, \d{4}\.$/);
    expect(await panel.locator('.elig-latest .elig-summary li').allTextContents()).toEqual(check.summary);
    expect(check.summary[0]).toMatch(/^Active since /);
    await look(page, 'elig-01-coverages-benefits');

    // The payer's answer, one click away: the raw 271 one segment per line.
    await panel.getByRole('button', { name: 'Show the payer’s answer' }).click();
    const raw271 = panel.locator('pre[aria-label="Raw 271"]');
    await expect.poll(() => raw271.textContent()).toMatch(/^ISA\*/);
    const lines = ((await raw271.textContent()) ?? '').split('\n');
    expect(lines.length).toBeGreaterThan(8);
    expect(lines.every((l) => l.endsWith('~') && l.split('~').length === 2)).toBe(true);
    expect(lines.some((l) => l.startsWith('ST*271*'))).toBe(true);
    expect(lines.some((l) => l.startsWith('EB*'))).toBe(true);
    expect(await panel.locator('pre[aria-label="Raw 270"]').textContent()).toMatch(/^ISA\*[\s\S]*\nST\*270\*/);
    await shot(page, 'elig-02-raw-271');
    expect(await forbiddenText(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Hide the payer’s answer' }).click();
    expect(await panel.locator('pre.x12').count()).toBe(0);

    // History of checks: collapsed, then the sweep's check in it.
    const history = panel.locator('details.elig-history');
    expect(await history.getAttribute('open')).toBeNull();
    await history.locator('summary').click();
    await expect.poll(() => history.locator('ol > li').count()).toBeGreaterThan(0);
    const before = await history.locator('ol > li').count();

    // A phone verification: inline validation first, then saved and listed as verified by phone.
    await panel.getByRole('button', { name: /^Record a phone verification/ }).click();
    const form = panel.getByRole('form', { name: /^Record a phone verification/ });
    await form.getByRole('button', { name: 'Save the verification' }).click();
    const summary = form.locator('.error-summary');
    await expect.poll(() => summary.textContent()).toContain('Choose what the payer said about the coverage.');
    expect(await summary.textContent()).toContain('Enter whom you spoke with at the payer.');
    expect(await summary.textContent()).toContain('Enter the call reference number the payer gave you.');
    await form.getByLabel(/^What the payer said/).selectOption('active');
    await form.getByLabel(/^Who you spoke with/).fill('Dana at provider services');
    await form.getByLabel(/^Reference number/).fill(reference);
    await form.getByLabel(/^What was said/).fill('Plan active, no referral needed for office visits');
    await form.getByLabel(/^Office visit co-pay/).fill('30 dollars');
    await form.getByLabel(/^Deductible left/).fill('$1,250.50');
    await form.getByLabel(/^Office visit co-pay/).blur();
    await expect.poll(() => form.locator('.field.has-error').textContent()).toContain('Enter the co-pay in dollars, for example 25 or 1,500.50');
    await shot(page, 'elig-03-phone-form-errors');
    expect(await forbiddenText(page)).toEqual([]);
    await form.getByLabel(/^Office visit co-pay/).fill('30');
    await expect.poll(() => form.locator('.field.has-error').count()).toBe(0);
    await form.getByRole('button', { name: 'Save the verification' }).click();
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'The phone verification with Dana at provider services is recorded' }).count()).toBe(1);
    expect(await form.count()).toBe(0);
    await expect.poll(() => panel.locator('.elig-head .chip').textContent()).toBe('Verified active');
    expect(await panel.locator('.elig-latest .elig-how').textContent()).toMatch(new RegExp(`^Verified by phone with Dana at provider services, ref ${reference}, on .+ by you\\.$`));
    expect(await panel.locator('.elig-latest .elig-summary li').allTextContents()).toEqual(['Active.', 'Office visit co-pay $30.', 'Deductible: $1,250.50 left this year.']);
    expect(await panel.locator('.elig-latest').textContent()).toContain('They said: “Plan active, no referral needed for office visits”');
    // No raw exchange for a phone call; the history has one more check, newest first.
    expect(await panel.locator('.elig-actions').getByRole('button', { name: 'Show the payer’s answer' }).count()).toBe(0);
    await expect.poll(() => history.locator('ol > li').count()).toBe(before + 1);
    expect(await history.locator('ol > li').first().textContent()).toContain(`Verified by phone with Dana at provider services, ref ${reference}`);
    await look(page, 'elig-04-phone-verified');

    // On the server: a manual check of the same coverage, counted as verified.
    const stored = (await checksOf(page, patient.id)).find((c) => c.source === 'manual' && c.manual?.reference === reference);
    expect(stored).toMatchObject({ coverageId: check.coverageId, outcome: 'active', manual: { verifiedWith: 'Dana at provider services', reference, note: 'Plan active, no referral needed for office visits' } });
    expect(stored!.snapshot!.costShares.map((l) => [l.kind, l.basis, l.amountCents])).toEqual([
      ['copay', 'total', 3000],
      ['deductible', 'remaining', 125050],
    ]);

    // The record's change survives a reload: the list comes from the server.
    await page.reload();
    await expect.poll(() => page.locator('section.elig .elig-latest .elig-how').first().textContent()).toContain(`ref ${reference}`);
  });

  it('in the calendar, the visit shows its latest benefits line and "Check insurance now" shows the payer’s answer', async () => {
    expect(swept && patient, 'the first test found a swept visit').toBeTruthy();
    const { visit } = swept!;
    const page = await suite.newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Calendar');
    await goToDay(page, localDate(visit.start, visit.timeZone));
    await page.locator(`[data-appt="${visit.id}"]`).click();
    const details = page.getByRole('dialog', { name: 'Appointment' });
    const benefits = details.getByRole('region', { name: 'Insurance for this visit' });
    // The newest check of the visit's coverage is the phone verification just recorded.
    await expect.poll(() => benefits.locator('.elig-how').textContent()).toMatch(new RegExp(`^Verified by phone with Dana at provider services, ref ${reference}`));
    expect(await benefits.locator('.elig-chip').textContent()).toBe('Verified active');
    expect(await benefits.locator('.elig-summary li').allTextContents()).toEqual(['Active.', 'Office visit co-pay $30.', 'Deductible: $1,250.50 left this year.']);
    await shot(page, 'elig-05-visit-details', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);

    const count = (await checksOf(page, visit.patientId)).length;
    await benefits.getByRole('button', { name: 'Check insurance now' }).click();
    await expect.poll(() => benefits.getByRole('status').textContent()).toContain('The payer answered just now.');
    const checks = await checksOf(page, visit.patientId);
    expect(checks.length).toBe(count + 1);
    const fresh = checks[0]!;
    expect(fresh).toMatchObject({ appointmentId: visit.id, source: 'electronic', state: 'done', outcome: 'active' });
    expect(await benefits.locator('.elig-summary li').allTextContents()).toEqual(fresh.summary);
    expect(fresh.summary[0]).toMatch(/^Active since /);
    expect(await benefits.locator('.elig-chip').textContent()).toBe('Verified active');
    expect(await benefits.locator('.elig-how').textContent()).toMatch(/^Checked electronically on .+ by you, for /);
    await shot(page, 'elig-06-checked-now', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);
  });

  it('an HMO coverage reads "Referral needed"; "Check insurance now" on a visit without coverage says what to do next', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    // A visit the sweep found needing a referral (the simulator's HMO plan): the chip and the sentence say so.
    const soon = await upcoming(page, 3);
    let hmo: Check | undefined;
    for (const v of [...new Map(soon.map((a) => [a.patientId, a])).values()]) {
      hmo = (await checksOf(page, v.patientId)).find((c) => c.source === 'electronic' && c.outcome === 'needs_authorization');
      if (hmo) break;
    }
    expect(hmo, 'a swept visit needing a referral').toBeTruthy();
    expect(hmo!.summary).toContain('Referral required.');
    await page.goto(`${suite.url}/patients/${encodeURIComponent(hmo!.patientId)}/coverages`);
    const panel = page.locator('li.card', { has: page.locator('section.elig .elig-latest') }).filter({ hasText: 'Referral required.' }).locator('section.elig');
    await expect.poll(() => panel.locator('.elig-head .chip').textContent()).toBe('Referral needed');
    expect(await panel.locator('.elig-latest .elig-summary li').allTextContents()).toEqual(hmo!.summary);
    await look(page, 'elig-07-referral-needed');

    // A visit in the next twelve days whose patient now pays for themselves: their coverage is
    // removed (every demo patient with visits has one), so there is nothing to ask a payer about.
    const selfPay = (await upcoming(page, 12)).filter((v) => v.patientId !== hmo!.patientId && v.patientId !== swept?.visit.patientId).at(-1);
    expect(selfPay, 'a booked visit in the next twelve days').toBeTruthy();
    const owner = await get<Patient>(page, `/api/patients/${encodeURIComponent(selfPay!.patientId)}`);
    for (const c of owner.coverages) {
      const r = await page.request.delete(`${suite.url}/api/patients/${encodeURIComponent(owner.id)}/coverages/${encodeURIComponent(c.id)}`);
      expect(r.status(), await r.text()).toBeLessThan(300);
    }
    expect((await get<Patient>(page, `/api/patients/${encodeURIComponent(owner.id)}`)).coverages).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Calendar');
    await goToDay(page, localDate(selfPay!.start, selfPay!.timeZone));
    await page.locator(`[data-appt="${selfPay!.id}"]`).click();
    const benefits = page.getByRole('dialog', { name: 'Appointment' }).getByRole('region', { name: 'Insurance for this visit' });
    // Whether the sweep checked the patient's earlier coverage (a visit in the next three days) depends on the demo data.
    await expect.poll(() => benefits.locator('p.muted').first().textContent()).toMatch(/^(Not checked yet for this visit’s coverage|No insurance on file for the visit’s date: nothing to check with a payer)\.$/);
    await benefits.getByRole('button', { name: 'Check insurance now' }).click();
    await expect.poll(() => benefits.getByRole('alert').textContent()).toBe('The patient has no insurance coverage on file for this visit. Add the patient’s insurance on the Coverages tab of the record, then check again.');
    expect(await benefits.locator('p.muted').count()).toBe(0);
    await shot(page, 'elig-08-self-pay', { fullPage: false });
    expect(await forbiddenText(page)).toEqual([]);
  });
});
