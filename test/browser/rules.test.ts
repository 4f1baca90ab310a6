import { describe, expect, it } from 'vitest';
import { browserSuite, forbiddenText, look, signIn, title } from './harness.ts';

// Issue 4, item 2: the group's guidelines are edited in the admin screens and versioned; a new
// version applies at once (the slot search and booking read the highest version).
const suite = browserSuite();

interface RuleSet { scope: { level: string; providerId?: string }; version: number; note?: string | null; rules: Record<string, unknown> }

describe('scheduling guidelines in the admin screens', () => {
  it('an administrator saves a new version of the group rules and a provider rule; the history lists them', async () => {
    const page = await suite.newPage();
    await signIn(page, suite.url, 'admin');
    await expect.poll(() => title(page).textContent()).toBe('My day');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practice settings' }).click();
    await expect.poll(() => title(page).textContent()).toBe('Practice settings');
    const form = page.getByRole('form', { name: 'Scheduling guidelines' });
    await form.scrollIntoViewIfNeeded();
    await expect.poll(() => form.getByText('Editing version 1.').count()).toBe(1);
    await expect.poll(() => form.getByLabel('New patients per provider per day').inputValue()).toBe('4');

    // Bad input is named beside the field and nothing is saved.
    await form.getByLabel('New patients per provider per day').fill('two');
    await form.getByLabel('Well child visit: oldest age').fill('300');
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => form.getByText(/a whole number of 0 or more/).count()).toBeGreaterThan(0);
    await expect.poll(() => form.getByText('Whole years from 0 to 130, or empty').count()).toBe(1);

    await form.getByLabel('New patients per provider per day').fill('3');
    await form.getByLabel('Well child visit: oldest age').fill('');
    await form.getByLabel('Minor procedure: minutes kept free after').fill('15');
    await form.getByLabel(/What changed/).fill('Three new patients a day; 15 minutes after procedures');
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => page.getByText('Saved as version 2. Slot search and booking use it from now on.').count()).toBe(1);
    await expect.poll(() => page.locator('.rule-history li').first().textContent()).toMatch(/^Version 2: Three new patients a day/);
    await look(page, 'rules-01-group-v2');

    // A provider's own rules: Dr. Patel's panel is closed to the demo Medicaid payer (version 1).
    await page.getByLabel('Whose guidelines').selectOption({ label: 'Provider: Ravi Patel, MD' });
    const provider = page.getByRole('form', { name: 'Scheduling guidelines' });
    await expect.poll(() => provider.getByText('Editing version 1.').count()).toBe(1);
    await expect.poll(() => provider.getByLabel('Illinois Medicaid (synthetic)').isChecked()).toBe(true);
    await provider.getByLabel('Workers Comp').check();
    await provider.getByLabel(/What changed/).fill('No workers comp');
    await provider.getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => page.getByText('Saved as version 2. Slot search and booking use it from now on.').count()).toBe(1);
    await look(page, 'rules-02-provider-v2');
    expect(await forbiddenText(page)).toEqual([]);

    const sets = (await (await page.request.get(`${suite.url}/api/scheduling/rules`)).json()).ruleSets as RuleSet[];
    const group = sets.filter((x) => x.scope.level === 'group').sort((a, b) => b.version - a.version)[0]!;
    expect(group).toMatchObject({ version: 2, note: 'Three new patients a day; 15 minutes after procedures', rules: { maxNewPatientsPerDay: 3, minLeadTimeMinutes: 60 } });
    expect(group.rules.buffersAfter).toEqual([expect.objectContaining({ minutes: 15 })]);
    const patel = sets.filter((x) => x.scope.level === 'provider').sort((a, b) => b.version - a.version)[0]!;
    expect(patel).toMatchObject({ version: 2, rules: { planTypesNotAccepted: ['Workers Comp'] } });
    expect((patel.rules.payersNotAccepted as string[]).length).toBe(1);
  }, 120_000);
});
