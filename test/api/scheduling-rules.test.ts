import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/core/access/index.ts';
import { PatientInputSchema } from '../../src/core/patients/index.ts';
import { fixedClock } from '../../src/core/shared/index.ts';
import { startHarness, type Harness } from '../harness.ts';

// Issue 4: the guidelines applied in booking, drag and drop and "why not?"; the calendar and day
// sheet; no-shows, recalls, referrals and the waitlist with their worklist items. The clock is
// fixed at Monday 2031-03-10 08:00 in Chicago (CDT, UTC-5) and moved by the tests.
const clock = fixedClock('2031-03-10T13:00:00.000Z');
let h: Harness;
let loc: string;
let provA: string;
let provB: string;
let follow: string;
let newVisit: string;
const pts: string[] = [];

const post = (role: Parameters<Harness['as']>[0], url: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: h.as(role), payload: payload as object });
const get = (role: Parameters<Harness['as']>[0], url: string) => h.app.inject({ method: 'GET', url, headers: h.as(role) });
const items = async (kind: string) => h.container.db.kysely.selectFrom('work_items').selectAll().where('kind', '=', kind).execute();
const book = (role: Parameters<Harness['as']>[0], patient: number, start: string, more: Record<string, unknown> = {}) =>
  post(role, '/api/appointments', { patientId: pts[patient], providerId: provA, locationId: loc, typeId: follow, start, ...more });

beforeAll(async () => {
  h = await startHarness({ clock });
  const providers = await h.container.repos.reference.listProviders();
  loc = (await h.container.repos.reference.listLocations())[0]!.id;
  const here = providers.filter((p) => p.locationIds.includes(loc));
  [provA, provB] = [here[0]!.id, here[1]!.id];
  const sys = systemPrincipal('test');
  for (let i = 0; i < 13; i++) {
    const input = PatientInputSchema.parse({ familyName: `Rulesby${i}`, givenName: `Kim${i}`, birthDate: `198${i % 10}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'female' : 'male', acknowledgeDuplicates: true, restricted: i === 12 });
    pts.push((await h.container.services.patients.create(sys, input)).patient.id);
  }
  follow = (await post('admin', '/api/scheduling/appointment-types', { name: 'Follow-up', durationMinutes: 30 })).json().id;
  newVisit = (await post('admin', '/api/scheduling/appointment-types', { name: 'New patient visit', durationMinutes: 40, newPatient: true })).json().id;
  for (const providerId of [provA, provB])
    for (const weekday of [1, 2, 3, 4, 5]) {
      const t = await post('admin', '/api/scheduling/templates', { providerId, locationId: loc, weekday, start: '08:00', end: '17:00', effectiveFrom: '2031-01-01' });
      expect(t.statusCode).toBe(201);
    }
  // Tuesday 12:00-13:00 local (17:00-18:00 UTC): Dr. A's staff meeting.
  const ex = await post('admin', '/api/scheduling/exceptions', { kind: 'blocked', providerId: provA, locationId: loc, start: '2031-03-11T17:00:00Z', end: '2031-03-11T18:00:00Z', reason: 'Staff meeting' });
  expect(ex.statusCode).toBe(201);
}, 120_000);
afterAll(async () => h?.close());

describe('guideline rule sets', () => {
  it('are saved as versions by administrators; a stale base version and other roles are refused', async () => {
    const v1 = await post('admin', '/api/scheduling/rules', { scope: { level: 'group' }, rules: { minLeadTimeMinutes: 60, maxNewPatientsPerDay: 1 }, baseVersion: 0 });
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ version: 1, scope: { level: 'group' } });
    expect((await post('admin', '/api/scheduling/rules', { scope: { level: 'group' }, rules: {}, baseVersion: 0 })).statusCode).toBe(412);
    expect((await post('front_desk', '/api/scheduling/rules', { scope: { level: 'group' }, rules: {}, baseVersion: 1 })).statusCode).toBe(403);
    const bad = await post('admin', '/api/scheduling/rules', { scope: { level: 'group' }, rules: { maxNewPatientsPerDay: -1, colour: 'x' }, baseVersion: 1 });
    expect(bad.statusCode).toBe(400);
    const v2 = await post('admin', '/api/scheduling/rules', { scope: { level: 'group' }, rules: { minLeadTimeMinutes: 60, maxNewPatientsPerDay: 1 }, note: 'one new patient a day', baseVersion: 1 });
    expect(v2.json().version).toBe(2);
    const list = (await get('front_desk', '/api/scheduling/rules')).json().ruleSets;
    expect(list.map((s: { version: number }) => s.version)).toEqual([1, 2]);
  });
});

describe('booking under the guidelines', () => {
  it('refuses blocked time with the reason; an authorised rule exception books it and goes to review', async () => {
    const refused = await book('front_desk', 0, '2031-03-11T17:00:00Z');
    expect(refused.statusCode).toBe(409);
    const err = refused.json().error;
    expect(err.details.verdicts.map((v: { code: string }) => v.code)).toEqual(['exception']);
    expect(err.details.verdicts[0].sentence).toMatch(/blocked from 12:00 PM to 1:00 PM \(Staff meeting\)/);
    expect(err.message).toMatch(/Staff meeting/);
    const ok = await book('back_office', 0, '2031-03-11T17:00:00Z', { override: { kind: 'rule_exception', reason: 'Provider asked to see the patient at noon' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().override).toMatchObject({ kind: 'rule_exception' });
    await h.container.worklist.refresh();
    const review = await items('appointment_override_review');
    expect(review.map((i) => i.link_id)).toEqual([ok.json().id]);
    expect(review[0]).toMatchObject({ team: 'admin', status: 'open' });
  });

  it('answers "why not?" with every verdict, and bookable for a free time', async () => {
    const late = await post('front_desk', '/api/scheduling/check', { providerId: provA, locationId: loc, typeId: follow, start: '2031-03-11T23:30:00Z' });
    expect(late.json().bookable).toBe(false);
    expect(late.json().verdicts[0]).toMatchObject({ code: 'outside_template', blocking: true, overridable: true, overrideKind: 'rule_exception' });
    const soon = await post('front_desk', '/api/scheduling/check', { providerId: provA, locationId: loc, typeId: follow, start: '2031-03-10T13:30:00Z' });
    expect(soon.json().verdicts.map((v: { code: string }) => v.code)).toEqual(['lead_time']);
    const fine = await post('front_desk', '/api/scheduling/check', { providerId: provA, locationId: loc, typeId: follow, start: '2031-03-11T14:00:00Z' });
    expect(fine.json()).toEqual({ bookable: true, verdicts: [] });
  });

  it('applies the new-patient limit of the rule set', async () => {
    expect((await book('front_desk', 1, '2031-03-12T14:00:00Z', { typeId: newVisit })).statusCode).toBe(201);
    const second = await book('front_desk', 2, '2031-03-12T15:00:00Z', { typeId: newVisit });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details.verdicts.map((v: { code: string }) => v.code)).toContain('new_patient_limit');
  });

  it('offers open slots, books the first, and no longer offers it', async () => {
    const q = { typeId: follow, from: '2031-03-13', to: '2031-03-13', providerIds: [provA], limit: 3 };
    const first = (await post('front_desk', '/api/scheduling/slots', q)).json().slots;
    expect(first).toHaveLength(3);
    expect(first[0]).toMatchObject({ start: '2031-03-13T13:00:00.000Z', localStart: '2031-03-13T08:00:00-05:00', providerId: provA });
    expect((await book('front_desk', 3, first[0].start)).statusCode).toBe(201);
    const after = (await post('front_desk', '/api/scheduling/slots', q)).json().slots;
    expect(after[0].start).toBe('2031-03-13T13:30:00.000Z');
    expect((await post('front_desk', '/api/scheduling/slots', { typeId: follow, from: '2031-03-13', to: '2031-03-12', locationId: loc })).statusCode).toBe(400);
  });

  it('drag and drop: onto blocked time is refused with the reason; a resize and a move to another column follow the rules', async () => {
    const a = (await book('front_desk', 4, '2031-03-11T15:00:00Z')).json();
    const onto = await post('front_desk', `/api/appointments/${a.id}/reschedule`, { start: '2031-03-11T17:00:00Z', version: 1 });
    expect(onto.statusCode).toBe(409);
    expect(onto.json().error.details.verdicts[0]).toMatchObject({ code: 'exception' });
    const resized = await post('front_desk', `/api/appointments/${a.id}/reschedule`, { start: '2031-03-11T15:00:00Z', end: '2031-03-11T16:00:00Z', version: 1 });
    expect(resized.json()).toMatchObject({ end: '2031-03-11T16:00:00.000Z', version: 2 });
    const moved = await post('front_desk', `/api/appointments/${a.id}/reschedule`, { start: '2031-03-11T17:00:00Z', providerId: provB, version: 2 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ providerId: provB, start: '2031-03-11T17:00:00.000Z', end: '2031-03-11T18:00:00.000Z' });
  });

  it('shows the calendar with patient names and prints a day sheet, both audited', async () => {
    const cal = (await post('front_desk', '/api/scheduling/calendar', { from: '2031-03-11', days: 1, locationId: loc })).json();
    expect(cal.timeZone).toBe('America/Chicago');
    expect(cal.providers.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([provA, provB]));
    expect(cal.appointments.map((x: { patient: { name: string } }) => x.patient.name).sort()).toEqual(['Rulesby0, Kim0', 'Rulesby4, Kim4']);
    expect(cal.exceptions.map((e: { reason: string }) => e.reason)).toEqual(['Staff meeting']);
    expect(cal.blocks.filter((b: { providerId: string }) => b.providerId === provA)).toEqual([expect.objectContaining({ start: '2031-03-11T13:00:00.000Z', end: '2031-03-11T22:00:00.000Z' })]);
    const sheet = (await get('front_desk', `/api/scheduling/day-sheet?providerId=${provA}&date=2031-03-11`)).json();
    expect(sheet.appointments).toHaveLength(1);
    expect(sheet.appointments[0]).toMatchObject({ typeName: 'Follow-up', patient: { name: 'Rulesby0, Kim0' } });
    await h.container.flushAudit();
    const printed = await h.container.services.audit.report(systemPrincipal('t'), { action: 'appointment.print', sort: 'seq', order: 'asc', limit: 10, offset: 0 });
    expect(printed.total).toBe(1);
    expect((await post('auditor', '/api/scheduling/calendar', { from: '2031-03-11', days: 1 })).statusCode).toBe(403);
  });

  it("keeps a restricted patient's name off the calendar and day sheet while the time stays taken", async () => {
    expect((await book('front_desk', 12, '2031-03-17T14:00:00Z')).statusCode).toBe(201);
    const cal = (await post('front_desk', '/api/scheduling/calendar', { from: '2031-03-17', days: 1, locationId: loc })).json();
    expect(cal.appointments.map((x: { patient: unknown }) => x.patient)).toEqual([{ id: pts[12], name: 'Restricted record', dateOfBirth: null }]);
    const sheet = await get('front_desk', `/api/scheduling/day-sheet?providerId=${provA}&date=2031-03-17`);
    expect(sheet.body).not.toMatch(/Rulesby12/);
    expect(sheet.json().appointments[0].patient).toMatchObject({ name: 'Restricted record', phone: null });
    expect((await book('front_desk', 11, '2031-03-17T14:00:00Z')).statusCode).toBe(409);
  });
});

describe('no-shows, recalls, referrals and the waitlist', () => {
  it('the no-show job marks a visit not checked in, the worklist offers three times, outreach is logged, rebooking closes the item', async () => {
    const missed = (await book('front_desk', 5, '2031-03-10T15:00:00Z')).json();
    clock.set('2031-03-10T18:00:00.000Z');
    expect(await h.container.runNoShows()).toEqual([missed.id]);
    expect(await h.container.runNoShows()).toEqual([]);
    await h.container.worklist.refresh();
    const [item] = await items('appointment_no_show');
    expect(item).toMatchObject({ link_id: missed.id, patient_id: pts[5], status: 'open', team: 'front_desk' });
    expect(item!.explanation).toMatch(/Missed the Follow-up with .* on Mon, Mar 10, 2031 at 10:00 AM\. Nobody has reached out yet/);
    const screen = (await get('front_desk', `/api/appointments/${missed.id}/rebooking`)).json();
    expect(screen.suggestions).toHaveLength(3);
    for (const s of screen.suggestions) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.parse('2031-03-10T19:00:00Z'));
    expect((await post('front_desk', `/api/appointments/${missed.id}/outreach`, { channel: 'phone', outcome: 'left_message' })).statusCode).toBe(201);
    expect((await post('front_desk', `/api/appointments/${missed.id}/outreach`, { channel: 'fax', outcome: 'left_message' })).statusCode).toBe(400);
    await h.container.worklist.refresh();
    expect((await items('appointment_no_show'))[0]!.explanation).toMatch(/1 outreach attempt so far/);
    const again = await post('front_desk', `/api/appointments/${missed.id}/rebook`, { start: screen.suggestions[0].start, providerId: screen.suggestions[0].providerId });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ patientId: pts[5], typeId: follow, rebookedFromId: missed.id });
    // Done at once (not only at the next generator run), and it stays done.
    expect((await items('appointment_no_show'))[0]).toMatchObject({ status: 'done', completion_note: 'Rebooked' });
    await h.container.worklist.refresh();
    expect((await items('appointment_no_show'))[0]!.status).toBe('done');
  });

  it('a recall comes due as an item and booking against it closes it', async () => {
    const recall = await post('front_desk', '/api/scheduling/recalls', { patientId: pts[6], typeId: follow, reason: 'Diabetes check in 3 months', dueOn: '2031-03-14' });
    expect(recall.statusCode).toBe(201);
    await h.container.worklist.refresh();
    expect((await items('recall_due')).map((i) => [i.link_id, i.status])).toEqual([[recall.json().id, 'open']]);
    expect((await book('front_desk', 6, '2031-03-14T14:00:00Z', { recallId: recall.json().id })).statusCode).toBe(201);
    expect((await get('front_desk', `/api/scheduling/recalls?patientId=${pts[6]}`)).json().recalls[0]).toMatchObject({ status: 'booked' });
    await h.container.worklist.refresh();
    expect((await items('recall_due'))[0]!.status).toBe('closed');
    expect((await book('front_desk', 6, '2031-03-14T15:00:00Z', { recallId: recall.json().id })).statusCode).toBe(412);
    const call = await post('front_desk', `/api/scheduling/recalls/${recall.json().id}/outreach`, { channel: 'sms', outcome: 'reached', note: 'Confirmed the booked time' });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ subjectKind: 'recall', patientId: pts[6], channel: 'sms' });
    expect((await post('front_desk', '/api/scheduling/referrals/nope/outreach', { channel: 'phone', outcome: 'no_answer' })).statusCode).toBe(404);
  });

  it('a referral waits in the queue until booked, within its visit limit and expiry', async () => {
    const ref = await post('front_desk', '/api/scheduling/referrals', { patientId: pts[7], referringName: 'Dr. Helen Park', reason: 'Chest pain follow-up', authorizationNumber: 'AUTH-1', visitLimit: 1, expiresOn: '2031-03-20', receivedOn: '2031-03-09' });
    expect(ref.statusCode).toBe(201);
    await h.container.worklist.refresh();
    const [item] = await items('referral_unscheduled');
    expect(item!.explanation).toMatch(/Referred by Dr\. Helen Park .* Authorisation AUTH-1 for 1 visit\. Book before it expires/);
    const visit = await book('front_desk', 7, '2031-03-12T16:00:00Z', { referralId: ref.json().id, providerId: provB });
    expect(visit.json(), visit.body).toMatchObject({ referralId: ref.json().id });
    expect((await book('front_desk', 7, '2031-03-13T16:00:00Z', { referralId: ref.json().id, providerId: provB })).statusCode).toBe(412);
    await h.container.worklist.refresh();
    expect((await items('referral_unscheduled'))[0]!.status).toBe('closed');
    const old = await post('front_desk', '/api/scheduling/referrals', { patientId: pts[8], referringName: 'Dr. Omar Reyes', reason: 'Knee', expiresOn: '2031-03-11', receivedOn: '2031-03-01' });
    const late = await book('front_desk', 8, '2031-03-12T16:30:00Z', { referralId: old.json().id, providerId: provB });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.issues[0].path).toBe('referralId');
  });

  it('the waitlist is offered an earlier free time; booking it cancels the later visit and closes the offer', async () => {
    const held = (await book('front_desk', 9, '2031-03-14T20:00:00Z')).json();
    const entry = await post('front_desk', '/api/scheduling/waitlist', { patientId: pts[9], typeId: follow, providerId: provA, locationId: loc, earliestOn: '2031-03-10', latestOn: '2031-03-14', currentAppointmentId: held.id });
    expect(entry.statusCode).toBe(201);
    await h.container.worklist.refresh();
    const [offer] = await items('waitlist_offer');
    expect(offer).toMatchObject({ link_id: entry.json().id, status: 'open' });
    expect(offer!.explanation).toMatch(/is free on .* earlier than the visit the patient holds/);
    const slot = (await post('front_desk', '/api/scheduling/slots', { typeId: follow, from: '2031-03-10', to: '2031-03-14', providerIds: [provA], patientId: pts[9], limit: 1 })).json().slots[0];
    const fresh = (await get('front_desk', `/api/scheduling/waitlist/${entry.json().id}/offer`)).json();
    expect(fresh.offer).toMatchObject({ id: slot.id, start: slot.start });
    expect(Date.parse(slot.start)).toBeLessThan(Date.parse(held.start));
    const booked = await post('front_desk', `/api/scheduling/waitlist/${entry.json().id}/book`, { start: slot.start, providerId: provA });
    expect(booked.statusCode).toBe(201);
    expect((await get('front_desk', `/api/appointments/${held.id}`)).json()).toMatchObject({ status: 'cancelled', cancelReason: 'Moved to an earlier time from the waitlist' });
    expect((await get('front_desk', `/api/scheduling/waitlist?patientId=${pts[9]}`)).json().entries[0]).toMatchObject({ status: 'booked', appointmentId: booked.json().id });
    await h.container.worklist.refresh();
    expect((await items('waitlist_offer'))[0]!.status).toBe('closed');
  });
});
