import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidFhir, FHIR_SCHEMA_PATH } from '../fhir-schema.ts';
import { startHarness, type Harness } from '../harness.ts';

const FHIR = '/fhir/R4';
const examplesDir = path.join(path.dirname(FHIR_SCHEMA_PATH), 'examples');
const patientExamples = readdirSync(examplesDir).filter((f) => /^patient-example.*\.json$/.test(f)).sort();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fhirJson = (role: Parameters<Harness['as']>[0] = 'front_desk') => ({ ...h.as(role), 'content-type': 'application/fhir+json' });

/** Every response body must be valid R4; returns it parsed. */
const call = async (opts: InjectOptions, status: number): Promise<Json> => {
  const res = await h.app.inject(opts);
  const body = res.body ? (res.json() as Json) : {};
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json; charset=utf-8/);
  expectValidFhir(body);
  return body;
};

const issueOf = (o: Json) => o.issue[0] as { severity: string; code: string; diagnostics: string; expression?: string[] };

const create = async (resource: Json, role: Parameters<Harness['as']>[0] = 'front_desk'): Promise<Json> =>
  call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(role), payload: resource }, 201);

const search = (query: string, status = 200) => call({ method: 'GET', url: `${FHIR}/Patient?${query}`, headers: h.as('front_desk') }, status);
const ids = (b: Json): string[] => (b.entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource.id);

const ada = {
  resourceType: 'Patient',
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' }],
  name: [{ use: 'official', family: 'Fhirlace', given: ['Ada', 'Byron'] }, { use: 'usual', given: ['Addie'] }],
  telecom: [{ system: 'phone', value: '(555) 301-4477', use: 'mobile' }, { system: 'email', value: 'ada@example.org' }],
  gender: 'female',
  birthDate: '1985-12-10',
  address: [{ use: 'home', line: ['12 Engine Row'], city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }],
  communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] }, preferred: true }],
};

describe('FHIR R4 metadata and access', () => {
  it('publishes a CapabilityStatement without authentication', async () => {
    const cs = await call({ method: 'GET', url: `${FHIR}/metadata` }, 200);
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.rest[0].resource.map((r: Json) => r.type)).toEqual(['Patient', 'Practitioner', 'Organization', 'Schedule', 'Slot', 'Appointment', 'Coverage', 'CoverageEligibilityRequest', 'CoverageEligibilityResponse']);
    const patient = cs.rest[0].resource[0];
    expect(patient.interaction.map((i: Json) => i.code).sort()).toEqual(['create', 'read', 'search-type', 'update']);
    expect(patient.searchParam.map((p: Json) => p.name)).toEqual(['name', 'family', 'given', 'birthdate', 'identifier', 'phone']);
  });

  it('answers 401 as an OperationOutcome without credentials or with a forged token', async () => {
    for (const headers of [{}, { authorization: 'Bearer mo_forged' }]) {
      const res = await h.app.inject({ method: 'GET', url: `${FHIR}/Patient/abc`, headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expectValidFhir(res.json());
      expect(issueOf(res.json()).code).toBe('login');
    }
  });

  it('answers 403 to a role without patient access (auditor), for read and search', async () => {
    const p = await create({ ...ada, name: [{ family: 'Auditorcheck', given: ['Ann'] }], identifier: [], telecom: [] });
    const read = await call({ method: 'GET', url: `${FHIR}/Patient/${p.id}`, headers: h.as('auditor') }, 403);
    expect(issueOf(read).code).toBe('forbidden');
    const s = await call({ method: 'GET', url: `${FHIR}/Patient?family=Auditorcheck`, headers: h.as('auditor') }, 403);
    expect(issueOf(s).code).toBe('forbidden');
  });

  it('answers 404 for an unknown id, 400 for an invalid id, 405/404 for unsupported endpoints', async () => {
    expect(issueOf(await call({ method: 'GET', url: `${FHIR}/Patient/does-not-exist`, headers: h.as('front_desk') }, 404)).code).toBe('not-found');
    expect(issueOf(await call({ method: 'GET', url: `${FHIR}/Patient/bad_id!`, headers: h.as('front_desk') }, 400)).expression).toEqual(['Patient.id']);
    await call({ method: 'DELETE', url: `${FHIR}/Patient/abc`, headers: h.as('front_desk') }, 405);
    await call({ method: 'GET', url: `${FHIR}/Observation`, headers: h.as('front_desk') }, 404);
  });
});

describe('FHIR Patient create and read', () => {
  it.each(patientExamples)('imports the official %s and reads it back', async (file) => {
    const { id: _id, meta: _meta, ...example } = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Json;
    const res = await h.app.inject({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: example });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expectValidFhir(created);
    expect(res.headers.location).toMatch(new RegExp(`/fhir/R4/Patient/${created.id}/_history/1$`));
    expect(res.headers.etag).toBe('W/"1"');
    const read = await call({ method: 'GET', url: `${FHIR}/Patient/${created.id}`, headers: h.as('front_desk') }, 200);
    expect(read).toEqual(created);
    expect(read.identifier[0]).toMatchObject({ system: 'urn:medoffice:mrn', type: { coding: [{ code: 'MR' }] } });
    expect(read.gender).toBe(example.gender ?? 'unknown');
    if (example.birthDate) expect(read.birthDate).toBe(example.birthDate);
    else expect(read.birthDate).toBeUndefined();
  });

  it('maps names, telecom, address and language, and shows the SSN only masked with the us-ssn system', async () => {
    const p = await create(ada);
    const read = await call({ method: 'GET', url: `${FHIR}/Patient/${p.id}`, headers: h.as('front_desk') }, 200);
    expect(read.identifier).toContainEqual(expect.objectContaining({ system: 'http://hl7.org/fhir/sid/us-ssn', value: '***-**-6789' }));
    expect(JSON.stringify(read)).not.toMatch(/123-?45/);
    expect(read.name).toEqual([{ use: 'official', family: 'Fhirlace', given: ['Ada', 'Byron'] }, { use: 'usual', given: ['Addie'] }]);
    expect(read.telecom).toEqual([{ system: 'phone', value: '(555) 301-4477', use: 'mobile', rank: 1 }, { system: 'email', value: 'ada@example.org' }]);
    expect(read.address).toEqual([{ use: 'home', line: ['12 Engine Row'], city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }]);
    expect(read.communication[0].language.coding[0].code).toBe('en');
    expect(read.meta.versionId).toBe('1');
    const domain = (await h.app.inject({ method: 'GET', url: `/api/patients/${p.id}`, headers: h.as('front_desk') })).json();
    expect(domain).toMatchObject({ familyName: 'Fhirlace', givenName: 'Ada', middleName: 'Byron', preferredName: 'Addie', ssnMasked: '***-**-6789' });
  });

  it('lists what was not stored with Prefer: return=OperationOutcome', async () => {
    const res = await call(
      {
        method: 'POST', url: `${FHIR}/Patient`, headers: { ...fhirJson(), prefer: 'return=OperationOutcome' },
        payload: { resourceType: 'Patient', name: [{ family: 'Notestore' }], telecom: [{ system: 'phone', value: '12345' }], birthDate: '1970' },
      },
      201,
    );
    expect(res.resourceType).toBe('OperationOutcome');
    expect(res.issue.flatMap((i: Json) => i.expression ?? [])).toEqual(expect.arrayContaining(['Patient.telecom[0]', 'Patient.birthDate']));
  });

  it('honours Idempotency-Key: a retry returns the same patient', async () => {
    const headers = { ...fhirJson(), 'idempotency-key': 'fhir-create-0001' };
    const body = { resourceType: 'Patient', name: [{ family: 'Idemfhir', given: ['Ida'] }], birthDate: '1990-01-02', gender: 'female' };
    const first = await call({ method: 'POST', url: `${FHIR}/Patient`, headers, payload: body }, 201);
    const again = await call({ method: 'POST', url: `${FHIR}/Patient`, headers, payload: body }, 200);
    expect(again.id).toBe(first.id);
  });

  it('refuses bad input with 400 OperationOutcomes naming the path', async () => {
    const malformed = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: '{"resourceType": "Patient", ' }, 400);
    expect(issueOf(malformed).code).toBe('structure');
    const wrongType = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: { resourceType: 'Patient', name: [{ family: 'X' }], birthDate: 12 } }, 400);
    expect(wrongType.issue.map((i: Json) => i.expression[0])).toEqual(['Patient.birthDate']);
    const nested = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: { resourceType: 'Patient', name: [{ given: 'Jo' }] } }, 400);
    expect(issueOf(nested).expression).toEqual(['Patient.name[0].given']);
    const notPatient = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: { resourceType: 'Observation' } }, 400);
    expect(issueOf(notPatient).expression).toEqual(['Patient.resourceType']);
    const nameless = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: { resourceType: 'Patient', gender: 'male' } }, 400);
    expect(issueOf(nameless)).toMatchObject({ code: 'required', expression: ['Patient.name'] });
    const badSsn = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: { resourceType: 'Patient', name: [{ family: 'Y' }], identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '000-12-3456' }] } }, 400);
    expect(issueOf(badSsn).expression).toEqual(['Patient.identifier[0]']);
    const text = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: { ...h.as('front_desk'), 'content-type': 'text/plain' }, payload: 'hello' }, 415);
    expect(issueOf(text).code).toBe('not-supported');
    const big = await call({ method: 'POST', url: `${FHIR}/Patient`, headers: fhirJson(), payload: JSON.stringify({ resourceType: 'Patient', text: 'x'.repeat(1_100_000) }) }, 413);
    expect(issueOf(big).code).toBe('too-long');
  });
});

describe('FHIR Patient update', () => {
  it('updates with If-Match or meta.versionId and refuses a stale version', async () => {
    const p = await create({ resourceType: 'Patient', name: [{ family: 'Updatefhir', given: ['Uma'] }], birthDate: '1977-07-07', gender: 'female', identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '219-09-9999' }] });
    const changed = { ...p, telecom: [{ system: 'phone', value: '555-777-1234', use: 'home' }] };
    const v2 = await call({ method: 'PUT', url: `${FHIR}/Patient/${p.id}`, headers: { ...fhirJson(), 'if-match': 'W/"1"' }, payload: changed }, 200);
    expect(v2.meta.versionId).toBe('2');
    expect(v2.telecom).toEqual([{ system: 'phone', value: '555-777-1234', use: 'home', rank: 1 }]);
    // The masked SSN sent back leaves the stored SSN as it was.
    expect(v2.identifier).toContainEqual(expect.objectContaining({ value: '***-**-9999' }));
    const v3 = await call({ method: 'PUT', url: `${FHIR}/Patient/${p.id}`, headers: fhirJson(), payload: { ...v2, gender: 'other' } }, 200);
    expect(v3).toMatchObject({ gender: 'other', meta: { versionId: '3' } });
    const stale = await call({ method: 'PUT', url: `${FHIR}/Patient/${p.id}`, headers: { ...fhirJson(), 'if-match': 'W/"1"' }, payload: v3 }, 412);
    expect(issueOf(stale).code).toBe('conflict');
    const mismatch = await call({ method: 'PUT', url: `${FHIR}/Patient/${p.id}`, headers: fhirJson(), payload: { ...v3, id: 'other-id' } }, 400);
    expect(issueOf(mismatch).expression).toEqual(['Patient.id']);
    await call({ method: 'PUT', url: `${FHIR}/Patient/unknown-id`, headers: fhirJson(), payload: { ...v3, id: 'unknown-id' } }, 404);
  });

  it('shows a merged record as inactive with a replaced-by link', async () => {
    const a = await create({ resourceType: 'Patient', name: [{ family: 'Mergefhir', given: ['Max'] }], birthDate: '1960-03-03', gender: 'male' });
    const b = await create({ resourceType: 'Patient', name: [{ family: 'Mergefhir', given: ['Maxwell'] }], birthDate: '1960-03-03', gender: 'male' });
    const merged = await h.app.inject({ method: 'POST', url: `/api/patients/${a.id}/merge`, headers: h.as('back_office'), payload: { duplicateId: b.id, reason: 'same person' } });
    expect(merged.statusCode, merged.body).toBe(200);
    const read = await call({ method: 'GET', url: `${FHIR}/Patient/${b.id}`, headers: h.as('front_desk') }, 200);
    expect(read.active).toBe(false);
    expect(read.link).toEqual([{ other: { reference: `Patient/${a.id}` }, type: 'replaced-by' }]);
  });
});

describe('FHIR Patient search', () => {
  let seeded: Json;
  beforeAll(async () => {
    seeded = await create({ ...ada, name: [{ family: 'Searchwell', given: ['Sophia'] }], identifier: [], telecom: [{ system: 'phone', value: '555-404-9090' }], birthDate: '1999-09-19' });
    for (const given of ['Ann', 'Bea', 'Cai']) await create({ resourceType: 'Patient', name: [{ family: 'Pagewell', given: [given] }], gender: 'female', birthDate: '2001-01-01' });
  });

  it.each([
    ['name=Searchwell'],
    ['name=Sophi'], // FHIR name matches the start of any part, the given name too
    ['name=Sophia%20Searchwell'],
    ['family=searchw'],
    ['family=Searchwell&given=Soph'],
    ['birthdate=1999-09-19'],
    ['birthdate=eq1999-09-19&family=Searchwell'],
    ['phone=5554049090'],
  ])('finds by %s', async (q) => {
    const b = await search(q);
    expect(b.type).toBe('searchset');
    expect(ids(b)).toContain(seeded.id);
    expect(b.link.find((l: Json) => l.relation === 'self').url).toContain('_count=20');
  });

  it('finds by identifier: the MRN with or without its system, a member id otherwise', async () => {
    const mrn = seeded.identifier[0].value as string;
    expect(ids(await search(`identifier=urn:medoffice:mrn|${mrn}`))).toEqual([seeded.id]);
    expect(ids(await search(`identifier=${mrn}`))).toEqual([seeded.id]);
    const payers = (await h.app.inject({ method: 'GET', url: '/api/payers', headers: h.as('front_desk') })).json().payers as Json[];
    const withCov = await h.app.inject({
      method: 'POST', url: '/api/patients', headers: h.as('front_desk'),
      payload: { familyName: 'Membered', givenName: 'Mo', birthDate: '1970-01-01', sex: 'male', coverages: [{ payerId: payers[0]!.id, memberId: 'FHX123456', planType: 'PPO', priority: 1 }] },
    });
    expect(withCov.statusCode, withCov.body).toBe(201);
    expect(ids(await search('identifier=http://example.org/members|FHX123456'))).toEqual([withCov.json().id]);
  });

  it('pages with _count and follows next and previous links', async () => {
    const first = await search('family=Pagewell&_count=2');
    expect(first.entry.length).toBe(2);
    expect(first.total).toBeUndefined();
    const next = first.link.find((l: Json) => l.relation === 'next').url as string;
    expect(next).toMatch(/_count=2&_offset=2$/);
    const second = await call({ method: 'GET', url: next.slice(next.indexOf(FHIR)), headers: h.as('front_desk') }, 200);
    expect(second.entry.length).toBe(1);
    expect(second.link.map((l: Json) => l.relation)).toEqual(['self', 'previous']);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(3);
  });

  it('searches with POST _search and a form body', async () => {
    const b = await call({ method: 'POST', url: `${FHIR}/Patient/_search`, headers: { ...h.as('front_desk'), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'family=Searchwell&birthdate=1999-09-19' }, 200);
    expect(ids(b)).toEqual([seeded.id]);
  });

  it('refuses unsupported prefixes, unknown parameters (unless lenient) and empty searches', async () => {
    const gt = await search('birthdate=gt1999-01-01', 400);
    expect(issueOf(gt)).toMatchObject({ code: 'not-supported', expression: ['birthdate'] });
    expect(issueOf(gt).diagnostics).toMatch(/prefix gt is not supported/);
    expect(issueOf(await search('family=Searchwell&eyecolor=blue', 400)).expression).toEqual(['eyecolor']);
    expect(issueOf(await search('family:exact=Searchwell', 400)).code).toBe('not-supported');
    expect(issueOf(await search('_count=abc', 400)).expression).toEqual(['_count']);
    expect(issueOf(await search('', 400)).code).toBe('required');
    const lenient = await call({ method: 'GET', url: `${FHIR}/Patient?family=Searchwell&eyecolor=blue`, headers: { ...h.as('front_desk'), prefer: 'handling=lenient' } }, 200);
    expect(ids(lenient)).toEqual([seeded.id]);
    expect(lenient.entry.at(-1).search.mode).toBe('outcome');
    expect(lenient.link[0].url).not.toContain('eyecolor');
  });
});

describe('FHIR Practitioner and Organization', () => {
  it('reads and searches practitioners by name and NPI', async () => {
    const all = await call({ method: 'GET', url: `${FHIR}/Practitioner`, headers: h.as('front_desk') }, 200);
    expect(all.entry.length).toBeGreaterThan(0);
    const first = all.entry[0].resource as Json;
    const npi = first.identifier[0];
    expect(npi.system).toBe('http://hl7.org/fhir/sid/us-npi');
    const read = await call({ method: 'GET', url: `${FHIR}/Practitioner/${first.id}`, headers: h.as('auditor') }, 200);
    expect(read).toEqual(first);
    expect(ids(await call({ method: 'GET', url: `${FHIR}/Practitioner?identifier=${encodeURIComponent(`${npi.system}|${npi.value}`)}`, headers: h.as('front_desk') }, 200))).toEqual([first.id]);
    expect(ids(await call({ method: 'GET', url: `${FHIR}/Practitioner?name=${encodeURIComponent(first.name[0].family)}`, headers: h.as('front_desk') }, 200))).toContain(first.id);
    await call({ method: 'GET', url: `${FHIR}/Practitioner/nobody`, headers: h.as('front_desk') }, 404);
  });

  it('lists payers as type pay and the practice as type prov', async () => {
    const payers = await call({ method: 'GET', url: `${FHIR}/Organization?type=pay`, headers: h.as('biller') }, 200);
    expect(payers.entry.length).toBeGreaterThan(0);
    for (const e of payers.entry) expect(e.resource.type[0].coding[0].code).toBe('pay');
    const prov = await call({ method: 'GET', url: `${FHIR}/Organization?type=prov`, headers: h.as('biller') }, 200);
    expect(prov.entry.length).toBe(1);
    const practice = prov.entry[0].resource as Json;
    expect(await call({ method: 'GET', url: `${FHIR}/Organization/${practice.id}`, headers: h.as('biller') }, 200)).toEqual(practice);
    const payer = payers.entry[0].resource as Json;
    expect(await call({ method: 'GET', url: `${FHIR}/Organization/${payer.id}`, headers: h.as('biller') }, 200)).toEqual(payer);
    expect(ids(await call({ method: 'GET', url: `${FHIR}/Organization?name=${encodeURIComponent(payer.name.slice(0, 4))}`, headers: h.as('biller') }, 200))).toContain(payer.id);
    await call({ method: 'GET', url: `${FHIR}/Organization/nobody`, headers: h.as('biller') }, 404);
  });
});
