import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNpiCheckDigit } from '../../src/core/reference/index.ts';
import { startHarness, type Harness } from '../harness.ts';

let h: Harness;
let patientId = '';
beforeAll(async () => {
  h = await startHarness();
  const r = await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('admin'), payload: valid.patient });
  patientId = r.json().id;
});
afterAll(async () => h.close());

const valid = {
  patient: { familyName: 'Fuzzmann', givenName: 'Ada', birthDate: '1990-01-31', sex: 'female', phones: [{ number: '217-555-0142' }], address: { line1: '9 Oak St', city: 'Springfield', state: 'IL', postalCode: '62704' } },
  coverage: { payerId: 'payer-x', memberId: 'ABC123456', planType: 'PPO', priority: 1, relationship: 'self', effectiveDate: '2026-01-01' },
  provider: { npi: '1234567893', familyName: 'Welby', givenName: 'Marcus', taxonomyCode: '207Q00000X', specialty: 'Family Medicine' },
  payer: { name: 'Test Payer', payerCode: 'TP001', planTypes: ['PPO'] },
  disclosure: { patientId: 'p', disclosedOn: '2026-02-01', recipient: 'Dr. Who', purpose: 'treatment', description: 'summary' },
  user: { username: 'newclerk', displayName: 'New Clerk', role: 'front_desk', password: 'correct horse battery' },
};

const endpoints = () => [
  { url: '/api/patients', body: valid.patient },
  { url: '/api/patients/duplicates', body: valid.patient },
  { url: `/api/patients/${patientId}/coverages`, body: valid.coverage },
  { url: '/api/providers', body: valid.provider },
  { url: '/api/payers', body: valid.payer },
  { url: '/api/disclosures', body: valid.disclosure },
  { url: '/api/users', body: valid.user },
];

const post = (url: string, payload: string, contentType = 'application/json') =>
  h.app.inject({ method: 'POST', url, headers: { ...h.as('admin'), 'content-type': contentType }, payload });

const expectClientError = (res: { statusCode: number; json(): { error?: { issues?: { path: string }[] } } }, what: string) => {
  expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, what).toBeLessThan(500);
  expect(res.json().error?.issues?.length, what).toBeGreaterThan(0);
};

// Replaces one field (at any depth) with a value of a wrong type, an absurd value, or adds a stranger.
const mutate = (body: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(body)), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 300 }), fc.constant('99999-12-31'), fc.constant('2023-02-30'), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 })), fc.boolean()).map(([key, value, addStranger]) => ({
    ...body,
    [key]: value,
    ...(addStranger ? { unexpectedField: value } : {}),
  }));

describe('bad input never gets a 5xx', () => {
  it('mutated bodies on every create endpoint: 4xx with a field path, or accepted', async () => {
    for (const ep of endpoints()) {
      await fc.assert(
        fc.asyncProperty(mutate(ep.body), async (body) => {
          const res = await post(ep.url, JSON.stringify(body));
          expect(res.statusCode, `${ep.url} ${res.body}`).toBeLessThan(500);
          if (res.statusCode === 400) expect(res.json().error.issues[0].path).toBeTruthy();
        }),
        { numRuns: 40, seed: 42 },
      );
    }
  });

  it('arbitrary JSON values and arbitrary text: never a 5xx', async () => {
    for (const ep of endpoints()) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 })), async (text) => {
          const res = await post(ep.url, text);
          expect(res.statusCode, `${ep.url} ${text.slice(0, 80)}`).toBeLessThan(500);
        }),
        { numRuns: 30, seed: 7 },
      );
    }
  });

  it('malformed JSON, wrong types, unknown fields, oversized bodies, absurd dates and invalid NPIs are 4xx naming the field', async () => {
    expectClientError(await post('/api/patients', '{"familyName": "Ada",'), 'malformed JSON');
    const wrongType = await post('/api/patients', JSON.stringify({ ...valid.patient, birthDate: 19900131 }));
    expectClientError(wrongType, 'wrong type');
    expect(wrongType.json().error.issues[0].path).toBe('birthDate');
    const unknown = await post('/api/patients', JSON.stringify({ ...valid.patient, favouriteColour: 'teal' }));
    expectClientError(unknown, 'unknown field');
    expect(unknown.json().error.issues[0].message).toContain('favouriteColour');
    const big = await post('/api/patients', JSON.stringify({ ...valid.patient, familyName: 'x'.repeat(1_200_000) }));
    expect(big.statusCode).toBe(413);
    for (const date of ['2023-02-29', '1899-12-31', '20260-01-01', '2026-13-01']) {
      const r = await post('/api/patients', JSON.stringify({ ...valid.patient, birthDate: date }));
      expectClientError(r, date);
      expect(r.json().error.issues[0].path).toBe('birthDate');
    }
    const npi = await post('/api/providers', JSON.stringify({ ...valid.provider, npi: '1234567890' }));
    expectClientError(npi, 'bad NPI');
    expect(npi.json().error.issues[0]).toMatchObject({ path: 'npi' });
    const taxonomy = await post('/api/providers', JSON.stringify({ ...valid.provider, npi: withNpiCheckDigit('555444333'), taxonomyCode: '999Z00000X' }));
    expectClientError(taxonomy, 'unknown taxonomy');
    expect(taxonomy.json().error.issues[0]).toMatchObject({ path: 'taxonomyCode', message: 'not a NUCC taxonomy code' });
    const deep = await post(`/api/patients/${patientId}/coverages`, JSON.stringify({ ...valid.coverage, subscriber: { familyName: 'X', givenName: 'Y', birthDate: 'yesterday' } }));
    expect(deep.json().error.issues[0].path).toBe('subscriber.birthDate');
    expectClientError(await post('/api/patients', 'familyName=Ada', 'application/x-www-form-urlencoded'), 'wrong media type');
  });

  it('accepts the valid NPI and the valid bodies', async () => {
    // Fresh NPI and payer code: the mutation runs above may already have created the sample ones.
    const npi = withNpiCheckDigit('987654321');
    const created = await post('/api/providers', JSON.stringify({ ...valid.provider, npi }));
    expect(created.statusCode).toBe(201);
    expect(created.json().npi).toBe(npi);
    expect((await post('/api/providers', JSON.stringify({ ...valid.provider, npi }))).statusCode).toBe(409);
    expect((await post('/api/payers', JSON.stringify({ ...valid.payer, payerCode: 'FRESH01' }))).statusCode).toBe(201);
  });
});
