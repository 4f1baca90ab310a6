import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withNpiCheckDigit } from '../../src/core/reference/npi.ts';
import { browserSuite, look, shot, signIn, title } from './harness.ts';

// Suspected duplicates from registration to merge, and the practice settings forms, on their
// own server (fresh SQLite, demo data) in Chromium. The tests run in order.

const suite = browserSuite();
const newPage = suite.newPage;

interface Registered {
  id: string;
  mrn: string;
}

interface Person {
  given: string;
  family: string;
  birthDate: string;
  sex: string;
  phone: string;
}

const person: Person = { given: 'Marigold', family: 'Quillfeather', birthDate: '1984-07-19', sex: 'female', phone: '217-555-0142' };

/** Registers a person through the form; past the duplicate warning when one shows. */
const register = async (
  page: Page,
  extra: { middle?: string; email?: string; line1?: string; city?: string; state?: string; zip?: string },
  expectWarning: boolean,
  who: Person = person,
): Promise<Registered> => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a patient' }).click();
  await expect.poll(() => title(page).textContent()).toBe('Register a patient');
  const main = page.getByRole('main');
  await main.getByLabel('Given name').fill(who.given);
  if (extra.middle) await main.getByLabel('Middle name').fill(extra.middle);
  await main.getByLabel('Family name').fill(who.family);
  await main.getByLabel('Date of birth').fill(who.birthDate);
  await main.getByLabel(/^Sex/).selectOption(who.sex);
  await main.getByLabel(/^Phone$/).fill(who.phone);
  if (extra.email) await main.getByLabel(/^Email/).fill(extra.email);
  if (extra.line1) {
    await main.getByLabel('Street address').fill(extra.line1);
    await main.getByLabel('City').fill(extra.city!);
    await main.getByLabel(/^State/).fill(extra.state!);
    await main.getByLabel('ZIP code').fill(extra.zip!);
  }
  await page.getByRole('button', { name: 'Register patient' }).click();
  const registeredText = page.getByText(/is registered with MRN/);
  const warning = page.getByRole('heading', { name: 'Is this patient already registered?' });
  await expect.poll(async () => (await registeredText.count()) + (await warning.count())).toBeGreaterThan(0);
  if (expectWarning) expect(await warning.count()).toBe(1);
  if (await warning.count()) await page.getByRole('button', { name: /This is a new patient/ }).click();
  await expect.poll(() => registeredText.count()).toBe(1);
  return {
    id: decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!),
    mrn: /MRN (M\d+)/.exec((await registeredText.textContent())!)![1]!,
  };
};

describe('Suspected duplicates and practice settings', () => {
  it('back office compares a suspected duplicate pair, merges it, and the merged record says where it went', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'back_office');
    await expect.poll(() => title(page).textContent()).toBe('My day');

    // Two registrations of the same person: the second differs in middle name, email and address.
    const first = await register(page, { email: 'marigold.q@example.com', line1: '12 Orchard Lane', city: 'Springfield', state: 'IL', zip: '62704' }, false);
    const second = await register(page, { middle: 'Rose', email: 'mq1984@example.net' }, true);
    expect(second.mrn).not.toBe(first.mrn);

    // The worklist finds the pair; its primary action is "Compare".
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My day' }).click();
    await page.getByRole('button', { name: 'Check for new work' }).click();
    await expect.poll(() => page.getByText('The list is up to date.').count()).toBe(1);
    await page.getByLabel('Kind').selectOption({ label: 'Possible duplicate patients' });
    const showAll = page.getByRole('button', { name: /^Show all/ });
    if (await showAll.count()) await showAll.click();
    const item = page.locator('li.work-item', { hasText: `MRN ${second.mrn}` });
    await expect.poll(() => item.count()).toBe(1);
    await look(page, '24-my-day-duplicate');
    await item.getByRole('link', { name: /^Compare/ }).click();

    await expect.poll(() => title(page).textContent()).toBe('Compare possible duplicates');
    const table = page.locator('table.compare');
    await expect.poll(() => table.locator('thead').textContent()).toContain(`MRN ${first.mrn}`);
    expect(await table.locator('thead').textContent()).toContain(`MRN ${second.mrn}`);
    for (const field of ['Middle name', 'Email', 'Address']) expect(await table.locator('tr.differs', { hasText: field }).count(), field).toBe(1);
    for (const field of ['Family name', 'Given name', 'Date of birth', 'Phones']) expect(await table.locator('tr.differs', { hasText: field }).count(), field).toBe(0);
    expect(await page.locator('.summary').textContent()).toMatch(/3 of \d+ compared fields differ: middle name, email and address\./);
    await look(page, '25-duplicates-compare');

    // The front desk may look but not merge, and is told who can.
    const desk = await newPage();
    await signIn(desk, suite.url, 'front_desk');
    await expect.poll(() => title(desk).textContent()).toBe('My day');
    await desk.goto(`${suite.url}/duplicates/${encodeURIComponent(second.id)}/${encodeURIComponent(first.id)}`);
    await expect.poll(() => desk.locator('.callout.info').textContent()).toMatch(/Only the Administrator and Back office roles can merge records/);
    expect(await desk.getByRole('button', { name: /Merge into this record/ }).count()).toBe(0);
    expect(await desk.getByRole('button', { name: 'Not the same person' }).count()).toBe(0);
    await look(desk, '26-duplicates-compare-front-desk');
    suite.focus(page);

    // Keep the first record: the merge asks why, then closes the worklist item and goes back to My day.
    await page.getByRole('button', { name: new RegExp(`^Merge into this record: .*MRN ${first.mrn}$`) }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge these records?' });
    await expect.poll(() => dialog.textContent()).toContain(`will be merged into ${person.family}, ${person.given} (MRN ${first.mrn})`);
    await dialog.getByRole('button', { name: 'Merge records' }).click();
    await expect.poll(() => dialog.textContent()).toMatch(/at least 4 characters/);
    await shot(page, '27-merge-dialog', { fullPage: false });
    await dialog.getByLabel(/^Why are these the same person/).fill('Same birth date and phone; confirmed with the patient’s driving licence');
    await dialog.getByRole('button', { name: 'Merge records' }).click();
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await expect.poll(() => page.getByRole('status').filter({ hasText: `is merged into ${person.family}, ${person.given} (MRN ${first.mrn}). The worklist item is closed.` }).count()).toBe(1);
    await look(page, '28-my-day-after-merge');
    const open = await page.request.post(`${suite.url}/api/worklist/search`, { data: { kind: 'patient.duplicate', status: ['open'], limit: 100 } });
    expect(((await open.json()) as { items: { patientId: string }[] }).items.filter((i) => i.patientId === second.id)).toEqual([]);

    // The merged record: a clear notice with a link to the surviving one, and nothing to edit.
    await page.goto(`${suite.url}/patients/${encodeURIComponent(second.id)}`);
    const notice = page.getByRole('note', { name: 'Merged record' });
    await expect.poll(() => notice.textContent()).toContain(`This record was merged into ${person.family}, ${person.given} (MRN ${first.mrn}).`);
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await page.getByRole('link', { name: /^Coverages/ }).click();
    expect(await page.getByRole('button', { name: 'Add coverage' }).count()).toBe(0);
    await page.getByRole('link', { name: /^Demographics/ }).click();
    await look(page, '29-merged-record');
    await notice.getByRole('link').click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/patients/${first.id}`);
    await expect.poll(() => page.getByRole('region', { name: 'Patient summary' }).textContent()).toContain(first.mrn);
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(1);
  });

  it('back office dismisses the match of two different people', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'back_office');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    // Twins: same family name, birth date and phone, different given names.
    const twin = { given: 'Bartholomew', family: 'Featherstonehaugh', birthDate: '2011-02-03', sex: 'male', phone: '217-555-0177' };
    const first = await register(page, {}, false, twin);
    const second = await register(page, {}, true, { ...twin, given: 'Barnaby' });
    await page.goto(`${suite.url}/duplicates/${encodeURIComponent(second.id)}/${encodeURIComponent(first.id)}`);
    await expect.poll(() => page.locator('table.compare tr.differs', { hasText: 'Given name' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Not the same person' }).click();
    const dialog = page.getByRole('dialog', { name: 'Not the same person?' });
    await dialog.getByRole('button', { name: 'Dismiss the match' }).click();
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await expect.poll(() => page.getByRole('status').filter({ hasText: `The match between MRN ${second.mrn} and MRN ${first.mrn} is dismissed` }).count()).toBe(1);
    const open = await page.request.post(`${suite.url}/api/worklist/search`, { data: { kind: 'patient.duplicate', status: ['open'], limit: 100 } });
    expect(((await open.json()) as { items: { patientId: string }[] }).items.filter((i) => i.patientId === second.id)).toEqual([]);
    // Both records stay active and editable.
    await page.goto(`${suite.url}/patients/${encodeURIComponent(second.id)}`);
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).count()).toBe(1);
    expect(await page.getByRole('note', { name: 'Merged record' }).count()).toBe(0);
  });

  it('admin adds a provider (the NPI check digit is checked as typed) and a payer', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'admin');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practice settings' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Practice settings');

    await page.getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'Add provider' });
    const npi = form.getByLabel(/^NPI/);
    await npi.fill('1234567890');
    await expect.poll(() => form.locator('.field.has-error', { has: page.getByLabel(/^NPI/) }).textContent()).toMatch(/fails the check digit/);
    await form.getByLabel(/^Taxonomy code/).fill('207Q0000');
    await form.getByLabel(/^Taxonomy code/).blur();
    await expect.poll(() => form.textContent()).toMatch(/A taxonomy code is 10 letters and digits ending in X/);
    await look(page, '30-add-provider-invalid-npi');

    const valid = withNpiCheckDigit(`1${String(Date.now()).slice(-8)}`);
    await npi.fill(valid);
    await expect.poll(() => form.getByText('The check digit is correct.').count()).toBe(1);
    await form.getByLabel(/^Given name/).fill('Adaeze');
    await form.getByLabel(/^Family name/).fill('Okonkwo');
    await form.getByLabel(/^Credentials/).fill('MD');
    // Well-formed but not a NUCC code: the API's field error lands on the field.
    await form.getByLabel(/^Taxonomy code/).fill('999Z00000X');
    await form.getByLabel(/^Specialty/).fill('Family Medicine');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await expect.poll(() => form.locator('.field.has-error', { has: page.getByLabel(/^Taxonomy code/) }).textContent()).toMatch(/not in the NUCC code set/);
    await look(page, '31-add-provider-unknown-taxonomy');
    await form.getByLabel(/^Taxonomy code/).fill('207q00000x');
    await form.getByLabel(/^Specialty/).fill('Family Medicine');
    await form.getByLabel(/^Email/).fill('a.okonkwo@example.org');
    await form.getByRole('checkbox').first().check();
    await form.getByRole('button', { name: 'Add provider' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Adaeze Okonkwo, MD is added to the providers (NPI ${valid}).` }).count()).toBe(1);
    await expect.poll(() => page.locator('tbody tr', { hasText: valid }).count()).toBe(1);
    await look(page, '32-provider-added');

    // The same NPI again: the API's conflict lands on the NPI field.
    await page.getByRole('button', { name: 'Add provider' }).click();
    await form.getByLabel(/^NPI/).fill(valid);
    await form.getByLabel(/^Given name/).fill('Adaeze');
    await form.getByLabel(/^Family name/).fill('Okonkwo');
    await form.getByLabel(/^Taxonomy code/).fill('207Q00000X');
    await form.getByLabel(/^Specialty/).fill('Family Medicine');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await expect.poll(() => form.locator('.field.has-error', { has: page.getByLabel(/^NPI/) }).textContent()).toMatch(/already on file/);
    await form.getByRole('button', { name: 'Cancel' }).click();

    // A payer: at least one plan type is required.
    await page.getByRole('button', { name: 'Add payer' }).click();
    const payer = page.getByRole('form', { name: 'Add payer' });
    await payer.getByRole('button', { name: 'Add payer' }).click();
    await expect.poll(() => payer.locator('.error-summary').textContent()).toMatch(/Choose at least one plan type/);
    const code = `PM${String(Date.now()).slice(-6)}`;
    await payer.getByLabel(/^Name/).fill('Prairie Mutual Health');
    await payer.getByLabel(/^Payer ID/).fill(code);
    await payer.getByRole('checkbox', { name: 'PPO', exact: true }).check();
    await payer.getByRole('checkbox', { name: 'HMO', exact: true }).check();
    await look(page, '33-add-payer');
    await payer.getByRole('button', { name: 'Add payer' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Prairie Mutual Health is added to the payers.' }).count()).toBe(1);
    await expect.poll(() => page.locator('tbody tr', { hasText: code }).textContent()).toContain('PPO, HMO');
  });
});
