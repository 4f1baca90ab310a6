import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite, isoDay, look, shot, signIn, title, totp } from './harness.ts';

// The staff's main journeys through the real server (fresh SQLite, demo data) in Chromium.
// The tests run in order: later ones look for what earlier ones did (the audit CSV).

const suite = browserSuite();
const newPage = suite.newPage;

/** What the front desk registered, for the later checks. */
const registered = { id: '', mrn: '', name: '' };

describe('Medoffice in the browser', () => {
  it('admin signs in, sets up MFA, and signs in again with a code', async () => {
    const page = await newPage();
    await page.goto(`${suite.url}/`);
    await expect.poll(() => title(page).textContent()).toBe('Sign in to Medoffice');
    await look(page, '01-login');

    // A wrong password says what to do, in words.
    await signIn(page, suite.url, 'admin', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Wrong username or password/);

    await signIn(page, suite.url, 'admin');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('link', { name: /Administrator/ }).click();
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect.poll(() => page.getByRole('img', { name: /QR code/ }).getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await look(page, '02-mfa-enrol');
    await page.getByLabel(/Code from your app/).fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Two-step sign-in is now on' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('You have signed out.').count()).toBe(1);
    await signIn(page, suite.url, 'admin');
    await expect.poll(() => title(page).textContent()).toBe('Enter your sign-in code');
    await look(page, '03-mfa-code');
    // The enrolment used this 30-second step's code; each code works once, so use the next step's (one step of drift is accepted).
    await page.getByLabel('6-digit code').fill(totp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect.poll(() => title(page).textContent()).toBe('My day');

    // Role-aware navigation: the admin sees the admin screens.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, heading, file] of [
      ['Users', 'Users', '04-admin-users'],
      ['Emergency access review', 'Emergency access review', '05-admin-break-glass'],
      ['Practice settings', 'Practice settings', '06-admin-practice'],
      ['Team overview', 'Team overview', '07-team-overview'],
    ] as const) {
      await nav.getByRole('link', { name: link }).click();
      await expect.poll(() => title(page).textContent()).toBe(heading);
      await look(page, file);
      if (link === 'Users') expect(await page.locator('tbody tr', { hasText: 'front_desk' }).count()).toBe(1);
    }

    // A new staff account, with inline validation of the password rule.
    await nav.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add a user' }).click();
    const add = page.getByRole('form', { name: 'Add a user' });
    await add.getByLabel(/^Full name/).fill('Robin Reception');
    await add.getByLabel(/^Username/).fill('robin');
    await add.getByLabel(/^Role/).selectOption('biller');
    await add.getByLabel(/^First password/).fill('short');
    await add.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => add.locator('.error-summary').textContent()).toMatch(/at least 12 characters/);
    await add.getByLabel(/^First password/).fill('correct horse battery');
    await add.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => page.getByText('Robin Reception can now sign in as “robin”.').count()).toBe(1);
    await expect.poll(() => page.locator('tbody tr', { hasText: 'robin' }).count()).toBe(1);

    // A biller must enrol in MFA before the first session: the sign-in shows the QR code and key.
    const robin = await newPage();
    await signIn(robin, suite.url, 'robin', 'correct horse battery');
    await expect.poll(() => title(robin).textContent()).toBe('Set up two-step sign-in');
    const key = (await robin.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    await look(robin, '03b-mfa-enrol-at-sign-in');
    await robin.getByLabel(/Code from your app/).fill(totp(key));
    await robin.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect.poll(() => title(robin).textContent()).toBe('My day');
  });

  it('front desk: search, register past the duplicate warning, edit a coverage, complete the worklist item', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'front_desk');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await look(page, '08-my-day');

    // A seeded patient to search for and to duplicate.
    const found = await page.request.post(`${suite.url}/api/patients/search`, { data: { q: 'Smith', limit: 1 } });
    const [seed] = ((await found.json()) as { patients: { id: string; familyName: string; givenName: string; birthDate: string; sex: string; mrn: string; phones: { number: string }[] }[] }).patients;
    expect(seed).toBeTruthy();

    // Global search: type, move with the arrow keys to the patient, Enter opens the record.
    const box = page.getByRole('combobox', { name: /Find a patient/ });
    await box.fill(`${seed!.familyName}, ${seed!.givenName}`);
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0);
    await box.press('ArrowDown');
    for (let i = 0; i < 8 && !(await page.locator('[role=option][aria-selected=true]').textContent())?.includes(seed!.mrn); i++) await box.press('ArrowDown');
    await box.press('Enter');
    await expect.poll(() => title(page).textContent()).toContain(`${seed!.familyName}, ${seed!.givenName}`);
    const banner = page.getByRole('region', { name: 'Patient summary' });
    await expect.poll(() => banner.textContent()).toContain(seed!.mrn);
    expect(await banner.textContent()).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/);
    expect(await page.getByRole('button', { name: 'Unmask SSN' }).count()).toBe(0);
    expect(page.url()).not.toContain(seed!.familyName);
    await look(page, '09-patient');
    await page.setViewportSize({ width: 820, height: 1180 });
    await look(page, '10-patient-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The search page: several fields at once, results as a table.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find a patient' }).click();
    await page.getByRole('main').getByLabel(/^MRN/).fill(seed!.mrn);
    await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByRole('main').getByRole('table').textContent()).toContain(seed!.mrn);
    await look(page, '10b-find-patient');

    // Register: inline validation first, then the duplicate warning with the suspected match.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register a patient' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Register a patient');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toMatch(/Enter the given name/);
    await look(page, '11-register-validation');
    const main = page.getByRole('main');
    await main.getByLabel('Given name').fill(seed!.givenName);
    await main.getByLabel('Family name').fill(seed!.familyName);
    await main.getByLabel('Date of birth').fill(seed!.birthDate);
    await main.getByLabel(/^Sex/).selectOption(seed!.sex);
    await main.getByLabel(/^Phone$/).fill(seed!.phones[0]?.number ?? '217-555-0199');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Is this patient already registered?');
    await expect.poll(() => page.getByRole('row', { name: new RegExp(seed!.mrn) }).count()).toBe(1);
    await look(page, '12-duplicate-warning');
    await page.getByRole('button', { name: /This is a new patient/ }).click();
    await expect.poll(() => page.getByText(/is registered with MRN/).count()).toBe(1);
    registered.id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    registered.mrn = /MRN (M\d+)/.exec((await page.getByText(/is registered with MRN/).textContent())!)![1]!;
    registered.name = `${seed!.familyName}, ${seed!.givenName}`;
    expect(registered.mrn).not.toBe(seed!.mrn);

    // Coverage: add one, then edit it so that it ends within 30 days.
    await page.getByRole('link', { name: /^Coverages/ }).click();
    await page.getByRole('button', { name: 'Add coverage' }).click();
    const form = page.getByRole('form', { name: 'Add coverage' });
    await form.getByLabel('Payer').selectOption({ index: 1 });
    await form.getByLabel('Member ID').fill('QA123456');
    await form.getByLabel('Start date').fill(isoDay(-200));
    await form.getByLabel('End date').fill(isoDay(90));
    await form.getByRole('button', { name: 'Add coverage' }).click();
    await expect.poll(() => page.getByText('The coverage was added.').count()).toBe(1);
    await page.getByRole('button', { name: /^Edit .* coverage$/ }).click();
    const edit = page.getByRole('form', { name: 'Edit coverage' });
    await edit.getByLabel('Member ID').fill('QA654321');
    await edit.getByLabel('End date').fill(isoDay(10));
    await edit.getByRole('button', { name: 'Save coverage' }).click();
    await expect.poll(() => page.getByText('The coverage is saved.').count()).toBe(1);
    await expect.poll(() => page.locator('.chip', { hasText: 'Ends in 10 days' }).count()).toBe(1);
    await expect.poll(() => page.getByText('QA654321').count()).toBeGreaterThan(0);
    await look(page, '13-coverages');

    // The worklist: the ending coverage becomes an item; assign it, then complete it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My day' }).click();
    await page.getByRole('button', { name: 'Check for new work' }).click();
    await expect.poll(() => page.getByText('The list is up to date.').count()).toBe(1);
    await page.getByLabel('Kind').selectOption({ label: 'Coverage ending soon' });
    // The demo day has other kinds too (no-shows, recalls, insurance): wait until only this one is listed.
    await expect.poll(() => page.locator('ul.work-items').count()).toBe(1);
    const showAll = page.getByRole('button', { name: /^Show all/ });
    if (await showAll.count()) await showAll.click();
    const item = page.locator('li.work-item', { hasText: `MRN ${registered.mrn}` });
    await expect.poll(() => item.count()).toBe(1);
    await item.getByRole('button', { name: /^Assign to me/ }).click();
    await expect.poll(() => page.getByText('The item is assigned to you.').count()).toBe(1);
    await expect.poll(() => item.textContent()).toContain('Assigned to you');
    await look(page, '14-my-day-coverage');
    await item.getByRole('button', { name: /^Mark as done/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark as done' });
    await dialog.getByLabel(/Note/).fill('New card scanned');
    await dialog.getByRole('button', { name: 'Mark as done' }).click();
    await expect.poll(() => page.getByText('Done. The item is off your list.').count()).toBe(1);
    await expect.poll(() => item.count()).toBe(0);

    // Admin screens are refused by URL, and the server refuses their data anyway.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    for (const path of ['/admin/users', '/admin/break-glass', '/admin/practice', '/audit']) {
      await page.goto(`${suite.url}${path}`);
      await expect.poll(() => title(page).textContent()).toBe('You do not have access to this page');
      if (path === '/admin/users') await look(page, '15-front-desk-refused');
    }
    expect((await page.request.get(`${suite.url}/api/users`)).status()).toBe(403);

    // Sign-out leaves nothing behind in browser storage.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('You have signed out.').count()).toBe(1);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('provider records a disclosure, unmasks an SSN with a reason, and breaks the glass', async () => {
    const page = await newPage();
    await signIn(page, suite.url, 'provider');
    await expect.poll(() => title(page).textContent()).toBe('My day');

    await page.goto(`${suite.url}/patients/${encodeURIComponent(registered.id)}/timeline`);
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('Record created');
    await page.getByRole('button', { name: 'Record a disclosure' }).click();
    const form = page.getByRole('form', { name: 'Record a disclosure' });
    await form.getByLabel(/^Recipient/).fill('Springfield County Health Department');
    await form.getByLabel(/^Purpose/).fill('Public health report');
    await form.getByLabel(/^What was disclosed/).fill('Immunization history');
    await form.getByRole('button', { name: 'Record disclosure' }).click();
    await expect.poll(() => page.getByText('The disclosure is recorded.').count()).toBe(1);
    await look(page, '16-timeline');

    // An allergy, added in its tab, shows in the banner at once.
    await page.getByRole('link', { name: /^Allergies/ }).click();
    await page.getByRole('button', { name: 'Add allergy' }).click();
    const allergy = page.getByRole('form', { name: 'Add allergy' });
    await allergy.getByLabel(/^Substance/).fill('Latex');
    await allergy.getByLabel(/^Reaction/).fill('Hives');
    await allergy.getByLabel(/^Severity/).selectOption('severe');
    await allergy.getByRole('button', { name: 'Add allergy' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Patient summary' }).textContent()).toContain('Allergies: Latex (severe)');
    await look(page, '16b-allergies');

    // Unmasking asks for a reason and shows the SSN only in the dialog.
    const res = await page.request.post(`${suite.url}/api/patients/search`, { data: { q: 'Smith', limit: 20 } });
    const withSsn = ((await res.json()) as { patients: { id: string; ssnMasked: string | null }[] }).patients.find((p) => p.ssnMasked);
    await page.goto(`${suite.url}/patients/${encodeURIComponent(withSsn!.id)}`);
    await page.getByRole('button', { name: 'Unmask SSN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unmask SSN' });
    await dialog.getByRole('button', { name: 'Show SSN' }).click();
    await expect.poll(() => dialog.textContent()).toMatch(/State why you need the full SSN/);
    await dialog.getByLabel(/Why do you need/).fill('Verifying identity with the payer');
    await dialog.getByRole('button', { name: 'Show SSN' }).click();
    await expect.poll(() => dialog.locator('.ssn').textContent()).toMatch(/^\d{3}-?\d{2}-?\d{4}$/);
    await shot(page, '17-unmask-ssn', { fullPage: false });
    await dialog.getByRole('button', { name: 'Hide SSN and close' }).click();
    expect(await page.locator('body').innerText()).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/);

    await page.getByRole('link', { name: /Provider$/ }).click();
    await page.getByLabel(/^Reason/).fill('Covering an urgent call for a patient of a colleague');
    await page.getByRole('button', { name: 'Start emergency access' }).click();
    await expect.poll(() => page.getByText(/Emergency access is on until/).count()).toBeGreaterThan(0);
    await look(page, '18-account-break-glass');
  });

  it('auditor exports the audit CSV with the front desk’s actions', async () => {
    const page = await newPage({ downloads: true });
    await signIn(page, suite.url, 'auditor');
    await expect.poll(() => title(page).textContent()).toBe('Audit report');
    await look(page, '19-audit');
    await page.getByLabel('User').fill('front_desk');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: /^Action/ }).click();
    await expect.poll(() => page.locator('table.audit caption').textContent()).toMatch(/of \d+/);
    await look(page, '20-audit-filtered');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    for (const action of ['patient.search', 'patient.create', 'coverage.create', 'coverage.update', 'worklist.assign', 'worklist.complete']) expect(csv, action).toContain(action);
    expect(csv).toContain(registered.id);
    expect(csv).not.toContain('admin,');

    await page.goto(`${suite.url}/audit/disclosures/${encodeURIComponent(registered.id)}`);
    await expect.poll(() => title(page).textContent()).toBe('Accounting of disclosures');
    await expect.poll(() => page.getByRole('table').textContent()).toContain('Springfield County Health Department');
    await look(page, '21-disclosures');

    // The provider's emergency access waits for review; the auditor reviews it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Emergency access review' }).click();
    const grant = page.locator('li.card', { hasText: 'provider' });
    await expect.poll(() => grant.count()).toBe(1);
    await look(page, '22-break-glass-review');
    await grant.getByLabel(/^Review note/).fill('Checked the audit report: one chart opened, justified.');
    await grant.getByRole('button', { name: 'Mark as reviewed' }).click();
    await expect.poll(() => page.getByText('The emergency access of provider is reviewed.').count()).toBe(1);
  });

  it('locks the screen after the idle time and unlocks with the password', async () => {
    const page = await newPage();
    await page.clock.install();
    await signIn(page, suite.url, 'provider');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.clock.fastForward('15:00');
    await expect.poll(() => title(page).textContent()).toBe('Screen locked');
    expect(await page.locator('.app-frame').isHidden()).toBe(true);
    await look(page, '23-locked');
    await page.getByLabel('Password').fill('demo-provider');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => title(page).textContent()).toBe('My day');
  });
});
