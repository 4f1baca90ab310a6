import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/core/access/index.ts';
import { PatientInputSchema } from '../../src/core/patients/index.ts';
import { claimsOf, type Appointment } from '../../src/core/scheduling/index.ts';
import { fixedClock } from '../../src/core/shared/index.ts';
import { createPayerSimulator, PAYER_SIM_CORE_ID, PAYER_SIM_PASSWORD, PAYER_SIM_USERNAME, type PayerSimulator } from '../../src/integrations/clearinghouse/index.ts';
import { readInterchange } from '../../src/x12/index.ts';
import { startHarness, type Harness } from '../harness.ts';

// Issue 5 end to end over loopback: the pre-visit sweep against the payer simulator (the CAQH
// CORE real-time envelope), results for every visit, worklist items exactly for the exceptions,
// a second run sending nothing, and a sweep stopped mid-inquiry finishing without a new inquiry.
const clock = fixedClock('2031-03-10T13:00:00.000Z');
let sim: PayerSimulator;
let h: Harness;
let dir: string;
let providerId: string;
let locationId: string;
const visits = new Map<string, string>();
const sys = systemPrincipal('test');
let seq = 0;

const addVisit = async (memberPrefix: string | null, startIso: string): Promise<{ appointmentId: string; patientId: string }> => {
  const payer = (await h.container.repos.reference.listPayers())[0]!;
  const n = ++seq;
  const input = PatientInputSchema.parse({
    referringPhysician: memberPrefix === 'INA' ? { name: 'Dr. Helen Park', role: 'Cardiologist', organization: 'Springfield Heart' } : null,
    familyName: `Sweepson${n}`, givenName: `Lee${n}`, birthDate: `1970-0${1 + (n % 9)}-1${n % 10}`, sex: n % 2 ? 'female' : 'male', acknowledgeDuplicates: true,
    coverages: memberPrefix ? [{ payerId: payer.id, memberId: `${memberPrefix}${String(100000 + n)}`, planType: payer.planTypes[0], priority: 1, effectiveDate: '2031-01-01' }] : [],
  });
  const patientId = (await h.container.services.patients.create(sys, input)).patient.id;
  const at = clock.now().toISOString();
  const a: Appointment = {
    id: h.container.ids.newId(), patientId, providerId, locationId, roomId: null, typeId: 'type-office', start: startIso, end: new Date(Date.parse(startIso) + 20 * 60_000).toISOString(),
    timeZone: 'America/Chicago', status: 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null, createdAt: at, updatedAt: at, version: 1,
  };
  await h.container.db.uow.run(() => h.container.repos.appointments.insert(a, claimsOf(a, false)));
  return { appointmentId: a.id, patientId };
};

beforeAll(async () => {
  sim = await createPayerSimulator({});
  dir = mkdtempSync(join(tmpdir(), 'medoffice-payers-'));
  const connection = { mode: 'realtime', endpointUrl: sim.url, senderId: 'MEDOFFICE', receiverId: PAYER_SIM_CORE_ID, username: PAYER_SIM_USERNAME, password: PAYER_SIM_PASSWORD, timeoutMs: 5000 };
  const file = join(dir, 'payers.json');
  writeFileSync(file, JSON.stringify(Object.fromEntries(['PBPPO', 'HHMO1', 'MCRB1', 'ILMCD', 'LMEPO'].map((code) => [code, connection]))));
  h = await startHarness({ clock, env: { MEDOFFICE_PAYER_CONNECTIONS: file } });
  const provider = (await h.container.repos.reference.listProviders())[0]!;
  providerId = provider.id;
  locationId = provider.locationIds[0]!;
  await h.container.repos.scheduleSetup.insertType({ id: 'type-office', name: 'Office visit', durationMinutes: 20, newPatient: null, roomType: null, instructions: null, expectedCodes: ['99213'], colour: '#2f80ed', minAgeYears: null, maxAgeYears: null });
  for (const [name, prefix, start] of [
    ['ppo', 'PPO', '2031-03-10T15:00:00.000Z'],
    ['hmo', 'HMO', '2031-03-11T15:00:00.000Z'],
    ['inactive', 'INA', '2031-03-11T16:00:00.000Z'],
    ['notfound', 'NF', '2031-03-12T15:00:00.000Z'],
    ['mismatch', 'MM', '2031-03-12T16:00:00.000Z'],
    ['uninsured', null, '2031-03-12T17:00:00.000Z'],
    ['later', 'PPO', '2031-03-20T15:00:00.000Z'],
  ] as const)
    visits.set(name, (await addVisit(prefix, start)).appointmentId);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const outcomeOf = async (name: string): Promise<string | null> => {
  const s = await h.container.db.kysely.selectFrom('eligibility_checks').select(['outcome', 'summary']).where('appointment_id', '=', visits.get(name)!).executeTakeFirst();
  return s?.outcome ?? null;
};

describe('the pre-visit eligibility sweep against the payer simulator', () => {
  it('checks every visit of the next three days once and stores a result for each', async () => {
    const report = await h.container.runEligibilitySweep();
    expect(report).toMatchObject({ visits: 6, inquiries: 5, noCoverage: 1, resumed: 0 });
    expect(sim.requests()).toBe(5);
    expect(await outcomeOf('ppo')).toBe('active');
    expect(await outcomeOf('hmo')).toBe('needs_authorization');
    expect(await outcomeOf('inactive')).toBe('inactive');
    expect(await outcomeOf('notfound')).toBe('not_found');
    expect(await outcomeOf('mismatch')).toBe('mismatch');
    expect(await outcomeOf('later')).toBeNull();
    const ppo = (await h.app.inject({ method: 'GET', url: `/api/eligibility/patients/${(await h.container.repos.appointments.get(visits.get('ppo')!))!.patientId}`, headers: h.as('front_desk') })).json().checks[0];
    expect(ppo.summary.join(' ')).toMatch(/^Active .*Deductible \$1,500, \$400 left this year\./);
    const raw = (await h.app.inject({ method: 'GET', url: `/api/eligibility/checks/${ppo.id}/raw`, headers: h.as('front_desk') })).json();
    expect(readInterchange(raw.raw270, { strict: true }).groups[0]!.transactions[0]!.id).toBe('270');
    expect(readInterchange(raw.raw271, { strict: true }).groups[0]!.transactions[0]!.id).toBe('271');
    const stored = await h.container.db.kysely.selectFrom('eligibility_checks').select(['raw_270_enc', 'raw_271_enc']).where('id', '=', ppo.id).executeTakeFirstOrThrow();
    expect(stored.raw_271_enc).not.toMatch(/ISA|EB\*|Sweepson/);
  });

  it('puts exactly the exceptions on the worklist, each with the reason and the next step', async () => {
    await h.container.worklist.refresh();
    const items = await h.container.db.kysely.selectFrom('work_items').selectAll().where('kind', '=', 'eligibility_exception').execute();
    expect(items.map((i) => i.link_id).sort()).toEqual(['hmo', 'inactive', 'notfound', 'mismatch'].map((n) => visits.get(n)!).sort());
    const inactive = items.find((i) => i.link_id === visits.get('inactive'))!;
    expect(inactive).toMatchObject({ title: 'Coverage inactive', priority: 1, team: 'front_desk' });
    expect(inactive.explanation).toMatch(/Ask the patient for current insurance/);
    for (const i of items) expect(i.title + i.explanation).not.toMatch(/Sweepson|Lee\d/);
    // The inactive coverage's referring physician is to be told: a pending notice for the back office.
    const notices = await h.container.db.kysely.selectFrom('work_items').selectAll().where('kind', '=', 'coverage_lapse_notice').execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ team: 'back_office', status: 'open', link_kind: 'patient' });
    expect(notices[0]!.explanation).toMatch(/Notify Dr\. Helen Park \(Springfield Heart\) and record the disclosure/);
  });

  it("gives the calendar each visit's latest eligibility mark", async () => {
    const r = await h.app.inject({ method: 'POST', url: '/api/eligibility/statuses', headers: h.as('front_desk'), payload: { appointmentIds: [visits.get('ppo'), visits.get('inactive'), visits.get('uninsured'), visits.get('later')] } });
    const s = r.json().statuses;
    expect(s[visits.get('ppo')!]).toMatchObject({ outcome: 'active', source: 'electronic', headline: expect.stringMatching(/^Active/) });
    expect(s[visits.get('inactive')!]).toMatchObject({ outcome: 'inactive' });
    expect(s[visits.get('uninsured')!]).toBeNull();
    expect(s[visits.get('later')!]).toBeNull();
    expect((await h.app.inject({ method: 'POST', url: '/api/eligibility/statuses', headers: h.as('front_desk'), payload: { appointmentIds: [] } })).statusCode).toBe(400);
  });

  it('running it again sends nothing new', async () => {
    const again = await h.container.runEligibilitySweep();
    expect(again).toMatchObject({ inquiries: 0, fresh: 5 });
    expect(sim.requests()).toBe(5);
  });

  it('an inquiry left in flight by a stopped process is finished under its own trace number; nothing is sent twice', async () => {
    const a = await addVisit('PPO', '2031-03-11T18:00:00.000Z');
    const b = await addVisit('HMO', '2031-03-11T19:00:00.000Z');
    // The state a process killed mid-sweep leaves: the row written before sending, no answer.
    const subject = (await h.container.repos.appointments.get(a.appointmentId))!;
    const coverage = (await h.container.services.patients.get(sys, subject.patientId)).coverages[0]!;
    await h.container.db.kysely.insertInto('eligibility_checks').values({
      id: 'chk-inflight', coverage_id: coverage.id, patient_id: subject.patientId, payer_id: coverage.payerId, appointment_id: a.appointmentId, date_of_service: '2031-03-11',
      trace_number: 'TRACEINFLIGHT1', state: 'sending', source: 'electronic', outcome: null, summary: '[]', snapshot: null, reason: null, retry_after: null, manual: null,
      raw_270_enc: null, raw_271_enc: null, requested_at: clock.now().toISOString(), answered_at: null, requested_by: 'system',
    }).execute();
    const before = sim.requests();
    const report = await h.container.runEligibilitySweep();
    expect(report).toMatchObject({ resumed: 1, inquiries: 2 });
    expect(sim.requests() - before).toBe(2);
    const rows = await h.container.db.kysely.selectFrom('eligibility_checks').select(['id', 'state', 'outcome', 'trace_number']).where('appointment_id', 'in', [a.appointmentId, b.appointmentId]).execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === 'chk-inflight')).toMatchObject({ state: 'done', outcome: 'active', trace_number: 'TRACEINFLIGHT1' });
    expect((await h.container.runEligibilitySweep()).inquiries).toBe(0);
  });

  it('prints the 270 a visit would send, with control numbers from the database', async () => {
    const first = await h.container.eligibility270(sys, visits.get('ppo')!);
    const second = await h.container.eligibility270(sys, visits.get('ppo')!);
    const [x, y] = [readInterchange(first, { strict: true }), readInterchange(second, { strict: true })];
    expect(x.groups[0]!.transactions[0]!.segments.map((s) => s.id)).toContain('EQ');
    expect(first).toMatch(/NM1\*IL\*1\*SWEEPSON1\*LEE1\*\*\*\*MI\*PPO100001/);
    expect(y.controlNumber).not.toBe(x.controlNumber);
  });

  it('estimates what the patient owes for a visit from the fee schedule and the benefits', async () => {
    expect((await h.app.inject({ method: 'PUT', url: '/api/fees', headers: h.as('front_desk'), payload: { code: '99213', amountCents: 15000 } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'PUT', url: '/api/fees', headers: h.as('admin'), payload: { code: '99213', description: 'Office visit', amountCents: 15000 } })).statusCode).toBe(200);
    const ppo = (await h.app.inject({ method: 'GET', url: `/api/eligibility/appointments/${visits.get('ppo')}/estimate`, headers: h.as('front_desk') })).json();
    expect(ppo).toMatchObject({ chargeCents: 15000, unpriced: [] });
    expect(ppo.checkId).toEqual(expect.any(String));
    expect(ppo.sentences[0]).toMatch(/^Estimated patient share \$[\d,.]+ of \$150\.00 in charges\.$/);
    const inactive = (await h.app.inject({ method: 'GET', url: `/api/eligibility/appointments/${visits.get('inactive')}/estimate`, headers: h.as('front_desk') })).json();
    expect(inactive).toMatchObject({ patientCents: 15000, collectNowCents: 0 });
  });

  it('records a phone verification that counts as verified, and refuses roles without eligibility', async () => {
    const patientId = (await h.container.repos.appointments.get(visits.get('later')!))!.patientId;
    const coverageId = (await h.container.services.patients.get(sys, patientId)).coverages[0]!.id;
    const r = await h.app.inject({ method: 'POST', url: '/api/eligibility/manual', headers: h.as('front_desk'), payload: { coverageId, outcome: 'active', verifiedWith: 'Dana at provider services', reference: 'REF-7781', copayCents: 2500 } });
    expect(r.statusCode).toBe(201);
    expect(r.json().summary).toEqual(['Active.', 'Office visit co-pay $25.', 'Verified by phone with Dana at provider services, reference REF-7781.']);
    expect((await h.app.inject({ method: 'POST', url: '/api/eligibility/manual', headers: h.as('front_desk'), payload: { coverageId, outcome: 'maybe', verifiedWith: 'x', reference: '' } })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: `/api/eligibility/patients/${patientId}`, headers: h.as('auditor') })).statusCode).toBe(403);
  });

  it("keeps a restricted patient's checks as hidden as the record itself", async () => {
    const payer = (await h.container.repos.reference.listPayers())[0]!;
    const input = PatientInputSchema.parse({ familyName: 'Hidden', givenName: 'Rae', birthDate: '1980-02-02', sex: 'female', restricted: true, acknowledgeDuplicates: true, coverages: [{ payerId: payer.id, memberId: 'PPO777777', planType: payer.planTypes[0], priority: 1 }] });
    const created = await h.container.services.patients.create(sys, input);
    const check = await h.container.services.eligibility.recordManual(sys, { coverageId: created.patient.coverages[0]!.id, outcome: 'active', verifiedWith: 'Payer line', reference: 'R-1', note: null, copayCents: null, deductibleRemainingCents: null });
    expect((await h.app.inject({ method: 'GET', url: `/api/eligibility/patients/${created.patient.id}`, headers: h.as('front_desk') })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/eligibility/checks/${check.id}/raw`, headers: h.as('front_desk') })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: '/api/eligibility/manual', headers: h.as('front_desk'), payload: { coverageId: created.patient.coverages[0]!.id, outcome: 'active', verifiedWith: 'Payer line', reference: 'R-2' } })).statusCode).toBe(404);
    const at = clock.now().toISOString();
    const visit: Appointment = {
      id: h.container.ids.newId(), patientId: created.patient.id, providerId, locationId, roomId: null, typeId: 'type-office', start: '2031-03-12T21:00:00.000Z', end: '2031-03-12T21:20:00.000Z',
      timeZone: 'America/Chicago', status: 'booked', cancelReason: null, override: null, referralId: null, rebookedFromId: null, recallId: null, createdAt: at, updatedAt: at, version: 1,
    };
    await h.container.db.uow.run(() => h.container.repos.appointments.insert(visit, claimsOf(visit, false)));
    expect((await h.app.inject({ method: 'POST', url: `/api/eligibility/appointments/${visit.id}/check`, headers: h.as('front_desk') })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/eligibility/appointments/${visit.id}/estimate`, headers: h.as('front_desk') })).statusCode).toBe(404);
  });

  it('an inquiry that cannot be built is a "could not check" with the reason, and the sweep goes on', async () => {
    const bad = await addVisit('PPO*', '2031-03-12T19:00:00.000Z');
    const good = await addVisit('PPO', '2031-03-12T20:00:00.000Z');
    const before = sim.requests();
    const report = await h.container.runEligibilitySweep();
    expect(report.inquiries).toBe(2);
    expect(sim.requests() - before).toBe(1);
    const rows = await h.container.db.kysely.selectFrom('eligibility_checks').select(['appointment_id', 'state', 'outcome', 'reason']).where('appointment_id', 'in', [bad.appointmentId, good.appointmentId]).execute();
    expect(rows.find((r) => r.appointment_id === good.appointmentId)).toMatchObject({ state: 'done', outcome: 'active' });
    const failed = rows.find((r) => r.appointment_id === bad.appointmentId)!;
    expect(failed).toMatchObject({ state: 'done', outcome: 'could_not_check' });
    expect(failed.reason).toMatch(/subscriber\.memberId/);
    expect(await h.container.db.kysely.selectFrom('eligibility_checks').select('id').where('state', '=', 'sending').execute()).toEqual([]);
  });
});
