import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal, type Role } from '../../src/core/access/index.ts';
import { PatientInputSchema } from '../../src/core/patients/index.ts';
import type { Payer } from '../../src/core/reference/index.ts';
import { claimsOf, type Appointment } from '../../src/core/scheduling/index.ts';
import { fixedClock } from '../../src/core/shared/index.ts';
import { createPayerSimulator, PAYER_SIM_CORE_ID, PAYER_SIM_PASSWORD, PAYER_SIM_USERNAME, type PayerSimulator } from '../../src/integrations/clearinghouse/index.ts';
import { expectValidFhir } from '../fhir-schema.ts';
import { startHarness, type Harness } from '../harness.ts';

// Issue 5 item 8: FHIR R4 Coverage (read, search, create, update) and CoverageEligibilityRequest
// and CoverageEligibilityResponse from the eligibility checks: a phone verification (no network)
// and 270/271 inquiries answered by the payer simulator over loopback. Every answer must be valid
// R4; bad input is a 400 OperationOutcome naming the element; the auditor gets 403.
const FHIR = '/fhir/R4';
const MEMBER = 'urn:medoffice:member-id';
const clock = fixedClock('2031-03-10T13:00:00.000Z');
const sys = systemPrincipal('test');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let h: Harness;
let sim: PayerSimulator;
let dir: string;
let payer: Payer;
let payer2: Payer;
let practiceId: string;
let providerId: string;
let locationId: string;
let seq = 0;

/** Every answer: the status, the FHIR media type, valid R4 (when there is a body). */
const call = async (opts: InjectOptions, status: number): Promise<Json> => {
  const res = await h.app.inject(opts);
  expect(res.statusCode, res.body).toBe(status);
  if (!res.body) return {};
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json; charset=utf-8/);
  const body = res.json() as Json;
  expectValidFhir(body);
  return body;
};
const get = (url: string, status = 200, role: Role = 'front_desk') => call({ method: 'GET', url: `${FHIR}/${url}`, headers: h.as(role) }, status);
const send = (method: 'POST' | 'PUT', url: string, payload: unknown, status: number, headers: Record<string, string> = {}, role: Role = 'front_desk') =>
  call({ method, url: `${FHIR}/${url}`, headers: { ...h.as(role), 'content-type': 'application/fhir+json', ...headers }, payload: payload as object }, status);
const resources = (b: Json): Json[] => (b.entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource);
const issue = (o: Json) => o.issue[0] as { code: string; diagnostics: string; expression?: string[] };

const newPatient = async (over: Record<string, unknown> = {}): Promise<string> => {
  const n = ++seq;
  const input = PatientInputSchema.parse({ familyName: `Covson${n}`, givenName: `Lee${n}`, birthDate: `1980-0${1 + (n % 9)}-1${n % 10}`, sex: n % 2 ? 'female' : 'male', acknowledgeDuplicates: true, ...over });
  return (await h.container.services.patients.create(sys, input)).patient.id;
};

const coverage = (patientId: string, over: Json = {}): Json => ({
  resourceType: 'Coverage',
  status: 'active',
  type: { coding: [{ system: 'urn:medoffice:plan-type', code: 'PPO' }] },
  beneficiary: { reference: `Patient/${patientId}` },
  payor: [{ reference: `Organization/${payer.id}` }],
  subscriberId: `PPO${String(100000 + ++seq)}`,
  relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
  period: { start: '2031-01-01' },
  class: [
    { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'group' }] }, value: 'GRP-1001' },
    { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] }, value: 'PPO GOLD 1500', name: 'PPO GOLD 1500' },
  ],
  ...over,
});

/** A booked visit tomorrow for the patient, of the office visit type (expected code 99213: service type 98). */
let visits = 0;
const addVisit = async (patientId: string): Promise<string> => {
  const start = new Date(Date.parse('2031-03-11T15:00:00.000Z') + visits++ * 30 * 60_000);
  const at = clock.now().toISOString();
  const a: Appointment = {
    id: h.container.ids.newId(), patientId, providerId, locationId, roomId: null, typeId: 'type-office', start: start.toISOString(), end: new Date(start.getTime() + 20 * 60_000).toISOString(),
    timeZone: 'America/Chicago', status: 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null, createdAt: at, updatedAt: at, version: 1,
  };
  await h.container.db.uow.run(() => h.container.repos.appointments.insert(a, claimsOf(a, false)));
  return a.id;
};

beforeAll(async () => {
  sim = await createPayerSimulator({});
  dir = mkdtempSync(join(tmpdir(), 'medoffice-fhir-cov-'));
  const connection = { mode: 'realtime', endpointUrl: sim.url, senderId: 'MEDOFFICE', receiverId: PAYER_SIM_CORE_ID, username: PAYER_SIM_USERNAME, password: PAYER_SIM_PASSWORD, timeoutMs: 5000 };
  const file = join(dir, 'payers.json');
  // The demo practice's payers, all answered by the simulator.
  writeFileSync(file, JSON.stringify(Object.fromEntries(['PBPPO', 'HHMO1', 'MCRB1', 'ILMCD', 'LMEPO'].map((code) => [code, connection]))));
  h = await startHarness({ clock, env: { MEDOFFICE_PAYER_CONNECTIONS: file } });
  const payers = (await h.container.repos.reference.listPayers()).sort((a, b) => a.name.localeCompare(b.name));
  [payer, payer2] = [payers[0]!, payers[1]!];
  practiceId = (await h.container.repos.reference.getPractice())!.id;
  const provider = (await h.container.repos.reference.listProviders())[0]!;
  providerId = provider.id;
  locationId = provider.locationIds[0]!;
  await h.container.repos.scheduleSetup.insertType({ id: 'type-office', name: 'Office visit', durationMinutes: 20, newPatient: null, roomType: null, instructions: null, expectedCodes: ['99213'], colour: '#2f80ed', minAgeYears: null, maxAgeYears: null });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Coverage', () => {
  it('creates, reads and searches a coverage through the coverages service', async () => {
    const pat = await newPatient();
    const body = coverage(pat);
    const res = await h.app.inject({ method: 'POST', url: `${FHIR}/Coverage`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as Json;
    expectValidFhir(created);
    expect(res.headers.location).toMatch(new RegExp(`${FHIR}/Coverage/${created.id}$`));
    expect(created).toMatchObject({
      resourceType: 'Coverage', status: 'active', subscriberId: body.subscriberId, beneficiary: { reference: `Patient/${pat}` }, subscriber: { reference: `Patient/${pat}` },
      payor: [{ reference: `Organization/${payer.id}`, display: payer.name }], order: 1, period: { start: '2031-01-01' },
      identifier: [{ system: MEMBER, value: body.subscriberId }], relationship: { coding: [{ code: 'self' }] }, type: { text: 'PPO' },
    });
    expect(created.type.coding[0]).toEqual({ system: 'urn:medoffice:plan-type', code: 'PPO', display: 'PPO' });
    expect(created.class.map((c: Json) => [c.type.coding[0].code, c.value])).toEqual([['group', 'GRP-1001'], ['plan', 'PPO GOLD 1500']]);
    expect(await get(`Coverage/${created.id}`)).toEqual(created);
    // The domain API sees the same coverage.
    const domain = (await h.app.inject({ method: 'GET', url: `/api/patients/${pat}`, headers: h.as('front_desk') })).json();
    expect(domain.coverages).toEqual([expect.objectContaining({ id: created.id, payerId: payer.id, memberId: body.subscriberId, groupNumber: 'GRP-1001', planName: 'PPO GOLD 1500', planType: 'PPO', priority: 1, effectiveDate: '2031-01-01' })]);

    // Search by patient, beneficiary, member id (any punctuation), payor; other systems and payors match nothing.
    const ids = async (q: string) => resources(await get(`Coverage?${q}`)).map((c) => c.id);
    expect(await ids(`patient=Patient/${pat}`)).toEqual([created.id]);
    expect(await ids(`beneficiary=${pat}`)).toEqual([created.id]);
    expect(await ids(`identifier=${encodeURIComponent(`${MEMBER}|${body.subscriberId.toLowerCase()}`)}`)).toEqual([created.id]);
    expect(await ids(`identifier=${body.subscriberId}&payor=Organization/${payer.id}`)).toEqual([created.id]);
    expect(await ids(`identifier=${body.subscriberId}&payor=Organization/${payer2.id}`)).toEqual([]);
    expect(await ids(`identifier=${encodeURIComponent(`http://other.example|${body.subscriberId}`)}`)).toEqual([]);
    expect(await ids(`patient=Patient/nobody-here`)).toEqual([]);
    const post = await call({ method: 'POST', url: `${FHIR}/Coverage/_search`, headers: { ...h.as('front_desk'), 'content-type': 'application/x-www-form-urlencoded' }, payload: `patient=${pat}` }, 200);
    expect(resources(post).map((c) => c.id)).toEqual([created.id]);
  });

  it('places coverages by order (first free one when absent), moves others down, and pages', async () => {
    const pat = await newPatient();
    const first = await send('POST', 'Coverage', coverage(pat), 201);
    const second = await send('POST', 'Coverage', coverage(pat, { payor: [{ reference: `Organization/${payer2.id}` }], type: { text: 'HMO' } }), 201);
    expect([first.order, second.order, second.type.coding[0].code]).toEqual([1, 2, 'HMO']);
    const primary = await send('POST', 'Coverage', coverage(pat, { order: 1 }), 201);
    expect(primary.order).toBe(1);
    const all = resources(await get(`Coverage?patient=${pat}`));
    expect(all.map((c) => [c.id, c.order])).toEqual([[primary.id, 1], [first.id, 2], [second.id, 3]]);
    const page1 = await get(`Coverage?patient=${pat}&_count=2`);
    expect(resources(page1).map((c) => c.id)).toEqual([primary.id, first.id]);
    const next = page1.link.find((l: Json) => l.relation === 'next').url as string;
    expect(resources(await call({ method: 'GET', url: next.slice(next.indexOf(FHIR)), headers: h.as('front_desk') }, 200)).map((c) => c.id)).toEqual([second.id]);
    // Priorities 1-3 are all taken: a fourth needs an order.
    expect(issue(await send('POST', 'Coverage', coverage(pat), 400)).expression).toEqual(['Coverage.order']);
    expect(issue(await send('POST', 'Coverage', coverage(pat, { order: 4 }), 400)).expression).toEqual(['Coverage.order']);
  });

  it('keeps a dependant subscriber as a contained RelatedPerson or a Patient reference', async () => {
    const child = await newPatient();
    const parent = await newPatient();
    const related = await send('POST', 'Coverage', coverage(child, {
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'child' }] },
      contained: [{ resourceType: 'RelatedPerson', id: 'sub1', patient: { reference: `Patient/${child}` }, name: [{ family: 'Parentson', given: ['Pat'] }], birthDate: '1975-04-02', gender: 'female' }],
      subscriber: { reference: '#sub1' },
    }), 201);
    expect(related.subscriber).toEqual({ reference: '#subscriber', display: 'Pat Parentson' });
    expect(related.contained[0]).toMatchObject({ resourceType: 'RelatedPerson', id: 'subscriber', name: [{ family: 'Parentson', given: ['Pat'] }], birthDate: '1975-04-02', gender: 'female', relationship: [{ coding: [{ code: 'PRN' }] }] });
    const byPatient = await send('POST', 'Coverage', coverage(child, { relationship: { coding: [{ code: 'spouse' }] }, subscriber: { reference: `Patient/${parent}` } }), 201);
    expect(byPatient.subscriber).toEqual({ reference: `Patient/${parent}` });
    expect(issue(await send('POST', 'Coverage', coverage(child, { relationship: { coding: [{ code: 'child' }] } }), 400)).expression).toEqual(['Coverage.subscriber']);
    expect(issue(await send('POST', 'Coverage', coverage(child, { relationship: { coding: [{ code: 'child' }] }, subscriber: { reference: 'Patient/not-a-patient' } }), 400)).expression).toEqual(['Coverage.subscriber']);
  });

  it('updates a coverage in place; the id must match and the beneficiary cannot change', async () => {
    const pat = await newPatient();
    const created = await send('POST', 'Coverage', coverage(pat), 201);
    const changed = { ...created, period: { start: '2031-01-01', end: '2031-06-30' }, class: [created.class[0]], subscriberId: 'PPO-777' };
    const updated = await send('PUT', `Coverage/${created.id}`, changed, 200);
    expect(updated).toMatchObject({ id: created.id, period: { start: '2031-01-01', end: '2031-06-30' }, subscriberId: 'PPO-777', order: 1 });
    expect(updated.class).toHaveLength(1);
    expect(await get(`Coverage/${created.id}`)).toEqual(updated);
    expect(issue(await send('PUT', `Coverage/${created.id}`, { ...changed, id: 'other' }, 400)).expression).toEqual(['Coverage.id']);
    expect(issue(await send('PUT', `Coverage/${created.id}`, { ...changed, id: undefined }, 400)).expression).toEqual(['Coverage.id']);
    const other = await newPatient();
    expect(issue(await send('PUT', `Coverage/${created.id}`, { ...changed, beneficiary: { reference: `Patient/${other}` } }, 400)).expression).toEqual(['Coverage.beneficiary']);
    expect(issue(await send('PUT', 'Coverage/no-such-coverage', { ...changed, id: 'no-such-coverage' }, 404)).code).toBe('not-found');
    // The service's own rule: a coverage cannot end before it starts.
    expect(issue(await send('PUT', `Coverage/${created.id}`, { ...changed, period: { start: '2031-05-01', end: '2031-01-01' } }, 400)).expression).toEqual(['Coverage.period.end']);
    const minimal = await call({ method: 'PUT', url: `${FHIR}/Coverage/${created.id}`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json', prefer: 'return=minimal' }, payload: changed }, 200);
    expect(minimal).toEqual({});
  });

  it('answers 400 naming the element for bad input, 404 for unknown ids, and never 500', async () => {
    const pat = await newPatient();
    const cases: [Json, string][] = [
      [coverage(pat, { subscriberId: undefined }), 'Coverage.subscriberId'],
      [coverage(pat, { subscriberId: 'has spaces!' }), 'Coverage.subscriberId'],
      [coverage(pat, { payor: [{ reference: `Organization/${practiceId}` }] }), 'Coverage.payor[0]'],
      [coverage(pat, { payor: [{ reference: 'Organization/unknown-payer' }] }), 'Coverage.payor[0]'],
      [coverage(pat, { payor: undefined }), 'Coverage.payor'],
      [coverage('no-such-patient'), 'Coverage.beneficiary'],
      [coverage(pat, { beneficiary: { reference: 'Practitioner/x' } }), 'Coverage.beneficiary'],
      [coverage(pat, { period: { start: '2031-13-01' } }), 'Coverage.period.start'],
      [coverage(pat, { period: { start: '2031-05-01', end: '2031-01-01' } }), 'Coverage.period.end'],
      [coverage(pat, { order: 'first' }), 'Coverage.order'],
      [coverage(pat, { status: 'entered-in-error' }), 'Coverage.status'],
      [coverage(pat, { relationship: { coding: [{ code: 'cousin' }] } }), 'Coverage.relationship'],
      [coverage(pat, { class: [{ type: { coding: [{ code: 'group' }] }, value: 'x'.repeat(41) }] }), 'Coverage.class[0].value'],
      [{ ...coverage(pat), resourceType: 'Patient' }, 'Coverage.resourceType'],
    ];
    for (const [payload, path] of cases) {
      const o = await send('POST', 'Coverage', payload, 400);
      expect(o.issue.flatMap((i: Json) => i.expression ?? []), JSON.stringify(payload)).toContain(path);
    }
    const notes = await send('POST', 'Coverage', coverage(pat, { network: 'Gold network', dependent: '02' }), 201, { prefer: 'return=OperationOutcome' });
    expect(notes.issue.map((i: Json) => i.expression?.[0]).filter(Boolean)).toEqual(['Coverage.dependent', 'Coverage.network']);
    const bad: InjectOptions[] = [
      { method: 'POST', url: `${FHIR}/Coverage`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: '{"resourceType": "Coverage",' },
      { method: 'POST', url: `${FHIR}/Coverage`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: '[1,2]' },
      { method: 'POST', url: `${FHIR}/Coverage`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: 'null' },
      { method: 'PUT', url: `${FHIR}/Coverage/bad_id!`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: coverage(pat) },
      { method: 'GET', url: `${FHIR}/Coverage?payor=Organization/${payer.id}`, headers: h.as('front_desk') },
      { method: 'GET', url: `${FHIR}/Coverage?status=active&patient=${pat}`, headers: h.as('front_desk') },
      { method: 'GET', url: `${FHIR}/Coverage?patient=a,b`, headers: h.as('front_desk') },
      { method: 'GET', url: `${FHIR}/Coverage?patient=${pat}&_count=lots`, headers: h.as('front_desk') },
      { method: 'GET', url: `${FHIR}/CoverageEligibilityRequest`, headers: h.as('front_desk') },
      { method: 'GET', url: `${FHIR}/CoverageEligibilityResponse?request=x/y/z`, headers: h.as('front_desk') },
    ];
    for (const opts of bad) {
      const o = await call(opts, 400);
      expect(o.resourceType).toBe('OperationOutcome');
    }
    expect(issue(await get('Coverage?payor=Organization/x', 400)).code).toBe('required');
    expect(issue(await get(`Coverage?status=active&patient=${pat}`, 400)).expression).toEqual(['status']);
    expect(issue(await get('Coverage/no-such-coverage', 404)).code).toBe('not-found');
    expect(issue(await get('CoverageEligibilityRequest/no-such-check', 404)).code).toBe('not-found');
    expect(issue(await get('CoverageEligibilityResponse/no-such-check', 404)).code).toBe('not-found');
    await call({ method: 'DELETE', url: `${FHIR}/Coverage/abc`, headers: h.as('front_desk') }, 405);
    await call({ method: 'POST', url: `${FHIR}/CoverageEligibilityRequest`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: {} }, 405);
    // Garbage of every JSON shape in every element: 4xx, never 500.
    const shapes: unknown[] = [null, 0, -1, 1.5, '', ' ', 'x', true, [], [null], {}, { reference: 7 }, [{ reference: {} }], 'Patient/', '#', '9999-99-99'];
    for (const key of ['beneficiary', 'payor', 'subscriberId', 'subscriber', 'relationship', 'period', 'class', 'order', 'type', 'contained', 'identifier', 'status']) {
      for (const value of shapes) {
        const res = await h.app.inject({ method: 'POST', url: `${FHIR}/Coverage`, headers: { ...h.as('front_desk'), 'content-type': 'application/fhir+json' }, payload: { ...coverage(pat, { order: 3 }), [key]: value } });
        expect(res.statusCode, `${key}=${JSON.stringify(value)}: ${res.body}`).toBeLessThan(500);
        expectValidFhir(res.json());
      }
    }
  }, 60_000);

  it('keeps restricted records hidden', async () => {
    const pat = await newPatient();
    const cov = await send('POST', 'Coverage', coverage(pat), 201);
    const check = await h.container.services.eligibility.recordManual(sys, { coverageId: cov.id, outcome: 'active', verifiedWith: 'Sam at the payer', reference: 'R-9', note: null, copayCents: null, deductibleRemainingCents: null });
    expect((await get(`CoverageEligibilityResponse/${check.id}`)).id).toBe(check.id);
    await h.container.services.patients.update(sys, pat, { version: 1, restricted: true });
    expect(issue(await get(`Coverage/${cov.id}`, 404)).code).toBe('not-found');
    expect(resources(await get(`Coverage?patient=${pat}`))).toEqual([]);
    expect(resources(await get(`Coverage?identifier=${cov.subscriberId}`))).toEqual([]);
    expect(issue(await send('PUT', `Coverage/${cov.id}`, cov, 404)).code).toBe('not-found');
    expect(issue(await get(`CoverageEligibilityResponse/${check.id}`, 404)).code).toBe('not-found');
    expect(resources(await get(`CoverageEligibilityRequest?patient=${pat}`))).toEqual([]);
  });
});

describe('CoverageEligibilityRequest and CoverageEligibilityResponse', () => {
  it('shows a phone verification as a request and response pair with the co-pay as a benefit', async () => {
    const pat = await newPatient();
    const cov = await send('POST', 'Coverage', coverage(pat, { payor: [{ reference: `Organization/${payer2.id}` }] }), 201);
    const check = await h.container.services.eligibility.recordManual(sys, {
      coverageId: cov.id, outcome: 'active', verifiedWith: 'Jane at provider services', reference: 'REF-2031', note: null, copayCents: 2500, deductibleRemainingCents: 40000,
    });
    const requests = resources(await get(`CoverageEligibilityRequest?patient=Patient/${pat}`));
    expect(requests).toEqual([{
      resourceType: 'CoverageEligibilityRequest', id: check.id, identifier: [{ system: 'urn:medoffice:eligibility-trace', value: check.traceNumber }], status: 'active', purpose: ['benefits', 'validation'],
      patient: { reference: `Patient/${pat}` }, servicedDate: '2031-03-10', created: '2031-03-10T13:00:00.000Z', insurer: { reference: `Organization/${payer2.id}` },
      insurance: [{ focal: true, coverage: { reference: `Coverage/${cov.id}` } }],
    }]);
    expect(await get(`CoverageEligibilityRequest/${check.id}`)).toEqual(requests[0]);

    const response = await get(`CoverageEligibilityResponse/${check.id}`);
    expect(response).toMatchObject({
      id: check.id, outcome: 'complete', request: { reference: `CoverageEligibilityRequest/${check.id}` }, patient: { reference: `Patient/${pat}` }, insurer: { reference: `Organization/${payer2.id}` },
      insurance: [{ coverage: { reference: `Coverage/${cov.id}` }, inforce: true }],
    });
    expect(response.disposition).toContain('Office visit co-pay $25.');
    expect(response.disposition).toContain('Verified by phone with Jane at provider services, reference REF-2031.');
    const items = response.insurance[0].item as Json[];
    const copay = items.find((i) => i.category.coding[0].code === '98')!;
    expect(copay).toMatchObject({ category: { coding: [{ system: 'https://x12.org/codes/service-type-codes', code: '98' }] }, network: { coding: [{ code: 'in' }] }, unit: { coding: [{ code: 'individual' }] } });
    expect(copay.benefit).toEqual([{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-type', code: 'copay', display: 'Copayment per service' }], text: 'Co-pay' }, allowedMoney: { value: 25, currency: 'USD' } }]);
    const deductible = items.find((i) => i.category.coding[0].code === '30')!;
    expect(deductible.term.coding[0].code).toBe('annual');
    expect(deductible.benefit[0]).toMatchObject({ type: { coding: [{ code: 'deductible' }] }, extension: [{ url: 'urn:medoffice:fhir:benefit-remaining', valueMoney: { value: 400, currency: 'USD' } }] });

    expect(resources(await get(`CoverageEligibilityResponse?patient=${pat}`))).toEqual([response]);
    expect(resources(await get(`CoverageEligibilityResponse?request=CoverageEligibilityRequest/${check.id}`))).toEqual([response]);
    expect(resources(await get(`CoverageEligibilityResponse?request=CoverageEligibilityRequest/${check.id}&patient=someone-else`))).toEqual([]);
    const posted = await call({ method: 'POST', url: `${FHIR}/CoverageEligibilityResponse/_search`, headers: { ...h.as('biller'), 'content-type': 'application/x-www-form-urlencoded' }, payload: `patient=${pat}` }, 200);
    expect(resources(posted)).toEqual([response]);

    // Reads go through the eligibility service: audited for the patient.
    const audit = await h.container.services.audit.report(systemPrincipal('t'), { action: 'eligibility.read', sort: 'seq', order: 'asc', limit: 100, offset: 0 });
    expect(audit.entries.some((e) => e.patientId === pat)).toBe(true);
  });

  it('maps 270/271 checks answered by the payer simulator: provider, service types, benefits, rejections', async () => {
    const pat = await newPatient();
    const cov = await send('POST', 'Coverage', coverage(pat), 201);
    const visit = await addVisit(pat);
    const check = await h.container.services.eligibility.checkAppointment(sys, visit);
    expect(check).toMatchObject({ source: 'electronic', outcome: 'active', coverageId: cov.id });
    const request = await get(`CoverageEligibilityRequest/${check.id}`);
    expect(request).toMatchObject({ provider: { reference: `Practitioner/${providerId}` }, servicedDate: '2031-03-11', item: [{ category: { coding: [{ code: '98' }] } }], insurer: { reference: `Organization/${payer.id}` } });
    const response = await get(`CoverageEligibilityResponse/${check.id}`);
    expect(response).toMatchObject({ outcome: 'complete', insurance: [{ inforce: true, benefitPeriod: { start: expect.any(String) } }] });
    const benefits = (response.insurance[0].item as Json[]).flatMap((i) => i.benefit ?? []);
    const codes = new Set(benefits.map((b: Json) => b.type.coding[0].code));
    for (const code of ['copay', 'copay-percent', 'deductible']) expect(codes).toContain(code);
    // The PPO's $1,500 deductible with $400 left: allowed, used and remaining on one benefit.
    expect(benefits).toContainEqual(expect.objectContaining({ allowedMoney: { value: 1500, currency: 'USD' }, usedMoney: { value: 1100, currency: 'USD' }, extension: [{ url: 'urn:medoffice:fhir:benefit-remaining', valueMoney: { value: 400, currency: 'USD' } }] }));

    // A member the payer does not know: error with the AAA reason.
    const unknown = await newPatient();
    const nf = await send('POST', 'Coverage', coverage(unknown, { subscriberId: 'NF000001' }), 201);
    const failed = await h.container.services.eligibility.checkAppointment(sys, await addVisit(unknown));
    expect(failed).toMatchObject({ outcome: 'not_found', coverageId: nf.id });
    const error = await get(`CoverageEligibilityResponse/${failed.id}`);
    expect(error.outcome).toBe('error');
    expect(error.error[0].code.coding[0]).toMatchObject({ system: 'urn:medoffice:x12-reject-reason', code: '75' });
  });

  it('refuses the auditor (no patient or eligibility access) with 403 everywhere', async () => {
    const pat = await newPatient();
    const cov = await send('POST', 'Coverage', coverage(pat), 201);
    const check = await h.container.services.eligibility.recordManual(sys, { coverageId: cov.id, outcome: 'active', verifiedWith: 'Jo at the payer', reference: 'R-1', note: null, copayCents: 2000, deductibleRemainingCents: null });
    for (const url of [`Coverage/${cov.id}`, `Coverage?patient=${pat}`, 'Coverage/no-such', `CoverageEligibilityRequest/${check.id}`, `CoverageEligibilityRequest?patient=${pat}`, `CoverageEligibilityResponse/${check.id}`, `CoverageEligibilityResponse?patient=${pat}`, 'CoverageEligibilityResponse/no-such']) {
      expect(issue(await get(url, 403, 'auditor')).code, url).toBe('forbidden');
    }
    expect(issue(await send('POST', 'Coverage', coverage(pat), 403, {}, 'auditor')).code).toBe('forbidden');
    expect(issue(await send('PUT', `Coverage/${cov.id}`, cov, 403, {}, 'auditor')).code).toBe('forbidden');
    // A provider may read eligibility and coverages.
    expect((await get(`CoverageEligibilityResponse/${check.id}`, 200, 'provider')).id).toBe(check.id);
    expect((await get(`Coverage/${cov.id}`, 200, 'provider')).id).toBe(cov.id);
  });
});
