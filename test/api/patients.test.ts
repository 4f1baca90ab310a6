import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/core/access/index.ts';
import { PatientInputSchema } from '../../src/core/patients/index.ts';
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

describe('patient search', () => {
  const people = [
    { familyName: 'Kowalczyk', givenName: 'Marta', birthDate: '1962-11-03', sex: 'female', phones: [{ number: '217-555-7001' }], coverages: [] as unknown[] },
    { familyName: 'Kowalski', givenName: 'Marek', birthDate: '1958-04-21', sex: 'male', phones: [{ number: '217-555-7002' }] },
    { familyName: 'Catherwood', givenName: 'Kathryn', birthDate: '1990-12-12', sex: 'female', phones: [{ number: '(217) 555-7003' }] },
  ];
  const ids: string[] = [];
  const search = async (body: Record<string, unknown>) =>
    ((await h.app.inject({ method: 'POST', url: '/api/patients/search', headers: h.as('back_office'), payload: body })).json().patients as { id: string }[]).map((p) => p.id);

  it('finds by prefix, typo, birth date, phone, MRN and member id', async () => {
    const payers = (await h.app.inject({ method: 'GET', url: '/api/payers', headers: h.as('back_office') })).json().payers;
    people[0]!.coverages = [{ payerId: payers[0].id, memberId: 'XQZ-778-001', planType: 'PPO', priority: 1 }];
    for (const p of people) ids.push((await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload: { ...p, acknowledgeDuplicates: true } })).json().id);
    const mrn = (await h.app.inject({ method: 'GET', url: `/api/patients/${ids[1]}`, headers: h.as('front_desk') })).json().mrn;
    expect(await search({ family: 'kowal' })).toEqual([ids[0], ids[1]]);
    expect(await search({ q: 'Kowalski, Mar' })).toEqual([ids[1]]);
    expect(await search({ q: 'Marta Kowalcyzk' })).toEqual([ids[0]]); // transposed letters
    expect(await search({ q: 'Kathryn Cathrwood' })).toEqual([ids[2]]); // a letter missing
    expect(await search({ q: '11/03/1962' })).toEqual([ids[0]]);
    expect(await search({ birthDate: '1958-04-21' })).toEqual([ids[1]]);
    expect(await search({ q: '217 555 7003' })).toEqual([ids[2]]);
    expect(await search({ q: mrn })).toEqual([ids[1]]);
    expect(await search({ memberId: 'xqz778001' })).toEqual([ids[0]]);
    expect(await search({ q: 'Zzyzx' })).toEqual([]);
  });

  it('ranks a typo search by distance over every record bearing a near name, not a sample of them', async () => {
    const sys = systemPrincipal('test');
    const register = (familyName: string, givenName: string, i: number) =>
      h.container.services.patients.create(sys, PatientInputSchema.parse({ familyName, givenName, birthDate: `19${40 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, sex: 'female', acknowledgeDuplicates: true }));
    // More records share a key with "Smtih" than the 500 candidates the search once ranked.
    for (let i = 0; i < 520; i++) await register('Smyth', 'Joan', i);
    const target = (await register('Smith', 'Joanna', 7)).patient.id;
    const other = (await register('Smith', 'Mary', 8)).patient.id;
    const found = await search({ q: 'Joan Smtih' });
    expect(found).toHaveLength(20);
    expect(found[0]).toBe(target); // one transposition away, before the Smyths at two
    expect(found).not.toContain(other); // another initial
    // Without a given name: the Smiths first, by given name, then the Smyths.
    expect((await search({ q: 'Smtih' })).slice(0, 3)).toEqual([target, other, expect.not.stringMatching(new RegExp(`${target}|${other}`))]);
  });

  it('finds a renamed patient by a typo of the new family name only', async () => {
    const sys = systemPrincipal('test');
    const { patient } = await h.container.services.patients.create(sys, PatientInputSchema.parse({ familyName: 'Quintero', givenName: 'Luz', birthDate: '1977-07-07', sex: 'female', acknowledgeDuplicates: true }));
    expect(await search({ q: 'Luz Quinterro' })).toEqual([patient.id]);
    await h.container.services.patients.update(sys, patient.id, { familyName: 'Vandermeer', version: patient.version });
    expect(await search({ q: 'Luz Vandremeer' })).toEqual([patient.id]);
    expect(await search({ q: 'Luz Quinterro' })).toEqual([]);
  });

  it('refuses a search without criteria and pages at most 100', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/api/patients/search', headers: h.as('back_office'), payload: {} })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/api/patients/search', headers: h.as('back_office'), payload: { q: 'k', limit: 1000 } })).statusCode).toBe(400);
  });
});

describe('reading a patient', () => {
  it('answers the record with its coverages by priority, as search does, and audits the read', async () => {
    const payers = (await h.app.inject({ method: 'GET', url: '/api/payers', headers: h.as('back_office') })).json().payers as { id: string }[];
    const payload = {
      familyName: 'Quellenberg', givenName: 'Ottilie', birthDate: '1971-06-15', sex: 'female', phones: [{ number: '217-555-7101' }], acknowledgeDuplicates: true,
      coverages: [
        { payerId: payers[0]!.id, memberId: 'QB-0002', planType: 'PPO', priority: 2, relationship: 'self' },
        { payerId: payers[1]!.id, memberId: 'QB-0001', planType: 'HMO', priority: 1, relationship: 'self', groupNumber: 'G-17', effectiveDate: '2024-01-01' },
      ],
    };
    const id = (await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload })).json().id as string;
    const added = await h.app.inject({ method: 'POST', url: `/api/patients/${id}/coverages`, headers: h.as('back_office'), payload: { payerId: payers[2]!.id, memberId: 'QB-0003', planType: 'Medicare', priority: 3, relationship: 'self' } });
    expect(added.statusCode).toBe(201);
    const bare = (await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload: { familyName: 'Quellenberg', givenName: 'Uwe', birthDate: '1969-02-01', sex: 'male', acknowledgeDuplicates: true } })).json().id as string;

    const read = await h.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: h.as('front_desk') });
    expect(read.statusCode).toBe(200);
    const p = read.json();
    expect(p.coverages.map((c: { memberId: string; priority: number; patientId: string }) => [c.memberId, c.priority, c.patientId])).toEqual([['QB-0001', 1, id], ['QB-0002', 2, id], ['QB-0003', 3, id]]);
    expect(p.coverages[0]).toMatchObject({ groupNumber: 'G-17', effectiveDate: '2024-01-01', planType: 'HMO', subscriber: null });
    // The one-statement read and the search's read of the same records agree field for field.
    const found = (await h.app.inject({ method: 'POST', url: '/api/patients/search', headers: h.as('front_desk'), payload: { family: 'Quellenberg' } })).json().patients as { id: string }[];
    expect(found.find((x) => x.id === id)).toEqual(p);
    expect((await h.app.inject({ method: 'GET', url: `/api/patients/${bare}`, headers: h.as('front_desk') })).json()).toEqual(found.find((x) => x.id === bare));
    expect((await h.app.inject({ method: 'GET', url: `/api/patients/${bare}`, headers: h.as('front_desk') })).json().coverages).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: '/api/patients/no-such-patient', headers: h.as('front_desk') })).statusCode).toBe(404);

    await h.container.flushAudit();
    const reads = (await h.container.db.kysely.selectFrom('audit_log').select(['patient_id', 'outcome']).where('action', '=', 'patient.read').where('patient_id', '=', id).execute());
    expect(reads).toEqual([{ patient_id: id, outcome: 'success' }]);
  });
});
