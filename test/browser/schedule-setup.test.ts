import { describe, expect, it } from 'vitest';
import { browserSuite, forbiddenText, look, signIn, title } from './harness.ts';

// Schedule set-up: an administrator sees a provider's weekly working blocks and upcoming time off,
// and adds time off entered in the location's local time (stored as UTC instants).
const suite = browserSuite();

interface Exception { id: string; kind: string; providerId: string | null; locationId: string | null; start: string; end: string; reason: string }

const chicagoToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const plusDays = (date: string, n: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
/** The UTC offset of America/Chicago on a date at noon, in hours (-6 standard, -5 daylight). */
const chicagoOffsetHours = (date: string): number => {
  const noon = new Date(`${date}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', timeZoneName: 'shortOffset' }).formatToParts(noon).find((p) => p.type === 'timeZoneName')!.value;
  return Number(/GMT([+-]\d+)/.exec(name)![1]);
};

describe('schedule set-up in the admin screens', () => {
  it('an administrator sees Dr. Alvarez’s week and staff meetings, is told what is missing, then adds time off stored as UTC', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.url, 'admin');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule set-up' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Schedule set-up');

    await page.getByLabel('Provider').selectOption({ label: 'Maria Alvarez, MD' });
    const week = page.getByRole('table', { name: 'Weekly working blocks' });
    await expect.poll(() => week.getByRole('row').count()).toBe(8);
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
      expect(await week.getByRole('row', { name: new RegExp(`^${day}`) }).textContent()).toContain('8:00 AM – 5:00 PM');
    for (const day of ['Saturday', 'Sunday']) expect(await week.getByRole('row', { name: new RegExp(`^${day}`) }).textContent()).toContain('Not working');

    const upcoming = page.getByRole('table', { name: 'Time off, blocked time and holidays' });
    await expect.poll(() => upcoming.getByRole('row').filter({ hasText: 'Staff meeting' }).count()).toBeGreaterThan(20);
    expect(await upcoming.getByRole('row').filter({ hasText: 'Staff meeting' }).first().textContent()).toMatch(/Blocked time/);
    expect(await upcoming.getByRole('row').filter({ hasText: 'Staff meeting' }).first().textContent()).toMatch(/12:00 PM – 1:00 PM C[SD]T/);

    // Submitted empty: every missing field is named beside it and in the summary; nothing is saved.
    const form = page.getByRole('form', { name: 'Add time off or blocked time' });
    await form.scrollIntoViewIfNeeded();
    await form.getByRole('button', { name: 'Add time off' }).click();
    await expect.poll(() => form.locator('.field-error').count()).toBe(4);
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/Correct these 4 fields/);
    expect(await form.getByLabel('Date').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByText('Enter the date.').count()).toBeGreaterThan(0);
    expect(await form.getByText('Enter the start time.').count()).toBeGreaterThan(0);
    await look(page, 'setup-01-errors');

    const date = plusDays(chicagoToday(), 14);
    await form.getByLabel('Date').fill(date);
    await form.getByLabel('From').fill('09:00');
    await form.getByLabel('Until').fill('12:00');
    await form.getByLabel('Reason').fill('Dentist');
    await form.getByRole('button', { name: 'Add time off' }).click();
    await expect.poll(() => page.getByText('Time off added: Dentist.').count()).toBe(1);
    const dentist = upcoming.getByRole('row').filter({ hasText: 'Dentist' });
    await expect.poll(() => dentist.count()).toBe(1);
    expect(await dentist.textContent()).toMatch(/Time off/);
    expect(await dentist.textContent()).toMatch(/9:00 AM – 12:00 PM C[SD]T/);
    await dentist.scrollIntoViewIfNeeded();
    await look(page, 'setup-02-dentist');
    expect(await forbiddenText(page)).toEqual([]);

    const providers = (await (await page.request.get(`${suite.url}/api/providers`)).json()).providers as { id: string; familyName: string }[];
    const alvarez = providers.find((p) => p.familyName === 'Alvarez')!;
    const q = new URLSearchParams({ from: `${plusDays(date, -1)}T00:00:00Z`, to: `${plusDays(date, 2)}T00:00:00Z`, providerId: alvarez.id });
    const res = await page.request.get(`${suite.url}/api/scheduling/exceptions?${q}`);
    expect(res.status()).toBe(200);
    const stored = ((await res.json()).exceptions as Exception[]).filter((x) => x.reason === 'Dentist');
    expect(stored).toHaveLength(1);
    const off = -chicagoOffsetHours(date);
    const iso = (h: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + (h + off) * 3_600_000).toISOString();
    expect(stored[0]).toMatchObject({ kind: 'time_off', providerId: alvarez.id, locationId: null });
    expect(new Date(stored[0]!.start).toISOString()).toBe(iso(9));
    expect(new Date(stored[0]!.end).toISOString()).toBe(iso(12));
  }, 120_000);
});
