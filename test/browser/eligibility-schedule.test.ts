import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, forbiddenText, look, RESULTS, shot, signIn, title } from './harness.ts';

// Issue 5's acceptance in Chromium: a back-office user opens tomorrow's schedule, sees each
// visit's eligibility status, opens a visit with a deductible and reads the benefits in plain
// words and the estimate at check-in. The server is fresh demo data whose payers are answered by
// the local payer simulator; it sweeps the next three days' visits shortly after start. Visits,
// statuses, checks and estimates come from the API the screens read, never hard-coded.

const suite = browserSuite();

interface Appt {
  id: string;
  patientId: string;
  start: string;
  status: string;
  patient: { name: string };
}
interface Status {
  outcome: 'active' | 'inactive' | 'not_found' | 'mismatch' | 'needs_authorization' | 'could_not_check' | null;
  headline: string | null;
  checkedAt: string | null;
  source: 'electronic' | 'manual';
}
interface Check {
  id: string;
  coverageId: string;
  appointmentId: string | null;
  state: 'sending' | 'done';
  outcome: string | null;
  summary: string[];
}
interface Estimate {
  chargeCents: number;
  patientCents: number;
  collectNowCents: number;
  lines: { code: string; chargeCents: number; patientCents: number; why: string }[];
  sentences: string[];
  unpriced: string[];
  checkId: string | null;
  checkedAt: string | null;
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

const localDate = (ms: number, zone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
/** "Monday, November 30, 2026" contains "November 30, 2026". */
const dayLabel = (date: string): string => `${new Date(`${date}T00:00:00Z`).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${Number(date.slice(8, 10))}, ${date.slice(0, 4)}`;
/** Cents as the estimate writes them: "$1,500.00". */
const dollars = (cents: number): string => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** What the mark of a status should be, and the words a screen reader hears for it. */
const expectedMark = (s: Status | null): { kind: 'ok' | 'attention' | 'unchecked'; words: string } => {
  switch (s?.outcome ?? null) {
    case null:
      return { kind: 'unchecked', words: 'insurance not checked' };
    case 'active':
      return { kind: 'ok', words: 'insurance verified active' };
    case 'inactive':
      return { kind: 'attention', words: 'insurance inactive' };
    case 'not_found':
      return { kind: 'attention', words: 'member not found by the payer' };
    case 'mismatch':
      return { kind: 'attention', words: 'patient data differs from the payer’s' };
    case 'needs_authorization':
      return { kind: 'attention', words: 'referral or authorisation needed' };
    case 'could_not_check':
      return { kind: 'attention', words: 'insurance could not be checked' };
  }
};

const DEDUCTIBLE = /^Deductible \$[\d,]+(\.\d\d)?, \$[\d,]+(\.\d\d)? left this year\.$/;

describe('Eligibility on the schedule', () => {
  it('a back-office user opens tomorrow’s schedule, sees each visit’s eligibility, opens a visit with a deductible and reads the benefits and the estimate', async () => {
    const page = await suite.newPage();
    // Every eligibility request the screens make, to show the calendar asks once per view, not per visit.
    const eligibilityRequests: Request[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/eligibility/')) eligibilityRequests.push(r);
    });
    await signIn(page, suite.url, 'back_office');
    const calendarLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' });
    await expect.poll(() => calendarLink.count()).toBe(1);
    const me = await get<{ permissions: string[] }>(page, '/api/me');
    expect(me.permissions).toContain('eligibility.read');

    // Tomorrow in the practice's zone; on a day without visits (a weekend), the next weekday with visits.
    const zone = (await post<{ timeZone: string }>(page, '/api/scheduling/calendar', { from: localDate(Date.now(), 'UTC'), days: 1 })).timeZone;
    const today = localDate(Date.now(), zone);
    let day = '';
    let visits: Appt[] = [];
    for (let n = 1; n <= 7 && !visits.length; n++) {
      const d = addDays(today, n);
      if (n > 1 && (weekday(d) === 0 || weekday(d) === 6)) continue;
      visits = (await post<{ appointments: Appt[] }>(page, '/api/scheduling/calendar', { from: d, days: 1, includeCancelled: false })).appointments;
      day = d;
    }
    expect(visits.length, `visits on ${day} (tomorrow or the next weekday with visits)`).toBeGreaterThan(0);
    const ids = visits.map((v) => v.id);
    const booked = visits.filter((v) => v.status === 'booked');
    expect(booked.length).toBeGreaterThan(0);

    // The start-up sweep checks every booked visit in the next three days: wait until it has got through the day.
    let statuses: Record<string, Status | null> = {};
    await expect
      .poll(
        async () => {
          statuses = (await post<{ statuses: Record<string, Status | null> }>(page, '/api/eligibility/statuses', { appointmentIds: ids })).statuses;
          return booked.filter((v) => !statuses[v.id]).length;
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(0);
    // The demo's plans give a mix: verified visits and exceptions both.
    expect(ids.some((id) => statuses[id]?.outcome === 'active')).toBe(true);
    expect(ids.some((id) => statuses[id] && statuses[id].outcome !== 'active')).toBe(true);

    // The calendar opens on today in the practice's zone; "Next day" until the chosen day.
    await calendarLink.click();
    await expect.poll(() => title(page).textContent()).toBe('Calendar');
    const range = page.locator('#cal-range');
    await expect.poll(() => range.textContent()).toContain(dayLabel(today));
    for (let d = today; d !== day; ) {
      d = addDays(d, 1);
      await page.getByRole('button', { name: 'Next day' }).click();
      await expect.poll(() => range.textContent()).toContain(dayLabel(d));
    }
    await page.waitForFunction(() => !document.querySelector('.state.loading') && document.querySelector('.cal-col'));
    await expect.poll(() => page.locator('.cal-col .appt').count()).toBe(ids.length);
    // The marks come in one request after the calendar: poll until every visit has one.
    await expect.poll(() => page.locator('.cal-col .appt .elig-mark').count(), { timeout: 30_000 }).toBe(ids.length);

    // Each visit's mark is the server's status: its kind, its words for screen readers, the headline as its tooltip.
    const onScreen = await page.$$eval('.cal-col .appt', (els) =>
      els.map((e) => {
        const mark = e.querySelector<HTMLElement>('.elig-mark');
        return { id: (e as HTMLElement).dataset.appt ?? '', kind: mark?.dataset.elig ?? null, symbol: mark?.textContent ?? null, title: mark?.getAttribute('title') ?? null, hidden: mark?.getAttribute('aria-hidden') ?? null, label: e.getAttribute('aria-label') ?? '' };
      }),
    );
    expect(onScreen.map((m) => m.id).sort()).toEqual([...ids].sort());
    const symbols = { ok: '✓', attention: '!', unchecked: '?' };
    for (const m of onScreen) {
      const want = expectedMark(statuses[m.id] ?? null);
      const s = statuses[m.id] ?? null;
      expect({ id: m.id, kind: m.kind, symbol: m.symbol, hidden: m.hidden }).toEqual({ id: m.id, kind: want.kind, symbol: symbols[want.kind], hidden: 'true' });
      expect(m.label.endsWith(`, ${want.words}`), `${m.label} ends with "${want.words}"`).toBe(true);
      if (s?.headline) expect(m.title).toContain(s.headline);
    }
    const legend = page.getByRole('list', { name: 'Appointment types' });
    expect(await legend.locator('li.legend-elig').allTextContents()).toEqual(['✓ Insurance verified', '! Insurance needs attention', '? Insurance not checked']);

    // Cheap: one statuses request per view (this day's is the last and names exactly its visits), nothing per visit.
    const statusCalls = eligibilityRequests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/eligibility/statuses');
    expect(eligibilityRequests.length).toBe(statusCalls.length);
    expect(statusCalls.length).toBeLessThanOrEqual(2);
    expect(((statusCalls.at(-1)!.postDataJSON() as { appointmentIds: string[] }).appointmentIds).sort()).toEqual([...ids].sort());
    await look(page, 'elig-sched-01-tomorrow');
    await page.locator('.cal-scroll').screenshot({ path: join(RESULTS, 'elig-sched-02-marks.png') });

    // A visit whose latest check has a deductible (the simulator's PPO plan), found through the API
    // as the dialog finds it: the sweep's check of the visit, then the newest check of that coverage.
    let chosen: { visit: Appt; check: Check; estimate: Estimate } | null = null;
    for (const v of booked.filter((b) => statuses[b.id]?.outcome === 'active')) {
      const checks = (await get<{ checks: Check[] }>(page, `/api/eligibility/patients/${encodeURIComponent(v.patientId)}`)).checks;
      const own = checks.find((c) => c.appointmentId === v.id);
      const check = own && checks.find((c) => c.coverageId === own.coverageId);
      if (!check || check.state !== 'done' || check.outcome !== 'active' || !check.summary.some((s) => DEDUCTIBLE.test(s))) continue;
      const estimate = await get<Estimate>(page, `/api/eligibility/appointments/${encodeURIComponent(v.id)}/estimate`);
      // Best of all a visit whose charges go to the deductible; else the first with a deductible.
      if (!chosen || estimate.lines.some((l) => l.why.includes('to the deductible'))) chosen = { visit: v, check, estimate };
      if (estimate.lines.some((l) => l.why.includes('to the deductible'))) break;
    }
    expect(chosen, `a visit on ${day} whose latest check has a deductible`).toBeTruthy();
    const { visit, check, estimate } = chosen!;
    expect(check.summary).toContain('Deductible $1,500, $400 left this year.');
    expect(estimate.checkId).toBe(check.id);
    expect(estimate.sentences[0]).toMatch(/^Estimated patient share \$[\d,]+\.\d\d of \$[\d,]+\.\d\d in charges\.$/);
    expect(onScreen.find((m) => m.id === visit.id)?.kind).toBe('ok');

    await page.locator(`[data-appt="${visit.id}"]`).click();
    const details = page.getByRole('dialog', { name: 'Appointment' });
    expect(await details.locator('.appt-details-name').textContent()).toContain(visit.patient.name);
    const benefits = details.getByRole('region', { name: 'Insurance for this visit' });
    await expect.poll(() => benefits.locator('.elig-summary li').allTextContents()).toEqual(check.summary);
    expect(await benefits.locator('.elig-chip').textContent()).toBe('Verified active');
    expect(await benefits.locator('.elig-how').textContent()).toMatch(/^Checked electronically on .+ by the pre-visit sweep, for /);

    // The estimate at check-in: the server's sentences, and its lines as a table.
    const est = details.getByRole('region', { name: 'Estimate at check-in' });
    await expect.poll(() => est.locator('.estimate-sentences li').allTextContents()).toEqual(estimate.sentences);
    const rows = await est.locator('table.estimate-lines tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
    expect(rows).toEqual(estimate.lines.map((l) => [l.code, dollars(l.chargeCents), dollars(l.patientCents), l.why]));
    expect(await est.locator('table.estimate-lines thead th').allTextContents()).toEqual(['Code', 'Charge', 'Patient share', 'Why']);
    expect(await est.locator('.estimate-basis').textContent()).toMatch(/^From the fee schedule and the insurance check of .+\. An estimate, not a bill\.$/);
    await details.evaluate((d) => d.scrollTo?.(0, d.scrollHeight));
    await shot(page, 'elig-sched-03-visit-estimate', { fullPage: false });
    await details.screenshot({ path: join(RESULTS, 'elig-sched-04-dialog.png') });
    expect(await forbiddenText(page)).toEqual([]);
  });
});
