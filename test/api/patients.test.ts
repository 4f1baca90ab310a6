import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const jane = {
  familyName: 'Testwell',
  givenName: 'Janet',
  birthDate: '1980-02-29',
  sex: 'female',
  phones: [{ use: 'mobile', number: '555-201-3344' }],
  ssn: '123-45-6789',
  address: { line1: '1 Elm St', city: 'Springfield', state: 'IL', postalCode: '62701' },
};

describe('patients API', () => {
  it('registers, reads with the SSN masked, and finds by typo', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload: jane });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p.ssnMasked).toBe('***-**-6789');
    expect(JSON.stringify(p)).not.toContain('123-45');
    const read = await h.app.inject({ method: 'GET', url: `/api/patients/${p.id}`, headers: h.as('front_desk') });
    expect(read.json().mrn).toMatch(/^M\d{7}$/);
    const found = await h.app.inject({ method: 'POST', url: '/api/patients/search', headers: h.as('front_desk'), payload: { q: 'Tsetwell' } });
    expect(found.json().patients.map((x: { id: string }) => x.id)).toContain(p.id);
  });
});
