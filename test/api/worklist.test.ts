import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/shared/index.ts';
import { accessAuthenticator } from '../../src/server/routes/access.routes.ts';
import { startHarness, type Harness } from '../harness.ts';

let h: Harness;
let app: FastifyInstance;
let frontDeskId = '';
const clock = fixedClock('2026-03-10T15:00:00.000Z');

beforeAll(async () => {
  h = await startHarness({ clock });
  app = h.app;
  frontDeskId = (await accessAuthenticator(h.container.services.access).apiToken(h.tokenFor('front_desk'), null))!.userId;
});
afterAll(async () => {
  await h?.close();
});

const jane = {
  familyName: 'Worklister',
  givenName: 'Janet',
  birthDate: '1975-06-15',
  sex: 'female',
  coverages: [{ payerId: 'payer-acme', memberId: 'ACM555', planName: 'Acme Gold PPO', planType: 'PPO', priority: 1, endDate: '2026-03-20' }],
};

describe('worklist API', () => {
  let itemId = '';

  it('refresh builds items; my day shows them grouped, without the patient name', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload: jane });
    expect(created.statusCode).toBe(201);
    const refresh = await app.inject({ method: 'POST', url: '/api/worklist/refresh', headers: h.as('front_desk') });
    expect(refresh.statusCode).toBe(200);
    expect(refresh.json().runs).toEqual([
      { kind: 'patient.duplicate', inserted: 0, updated: 0, closed: 0 },
      { kind: 'coverage.ending', inserted: 1, updated: 0, closed: 0 },
      // Scheduling's and eligibility's kinds run too; this practice has no calendar, so they find nothing.
      ...['appointment_no_show', 'referral_unscheduled', 'recall_due', 'waitlist_offer', 'appointment_override_review', 'eligibility_exception', 'coverage_lapse_notice'].map((kind) => ({ kind, inserted: 0, updated: 0, closed: 0 })),
    ]);
    const res = await app.inject({ method: 'GET', url: '/api/worklist/my-day', headers: h.as('front_desk') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 1, counts: { 'coverage.ending': 1 }, groups: [{ kind: 'coverage.ending', label: 'Coverage ending soon', count: 1 }] });
    const item = body.groups[0].items[0];
    expect(item).toMatchObject({ patientId: created.json().id, status: 'open', priority: 3, team: 'front_desk', owner: null, due: '2026-03-13T23:59:59.999Z', link: { kind: 'coverage' } });
    expect(res.body).not.toContain('Worklister');
    itemId = item.id;
    expect((await app.inject({ method: 'GET', url: '/api/worklist/my-day', headers: h.as('back_office') })).json().total).toBe(0);
  });

  it('answers 401 without a caller, 403 to a role without the permission, 400 on bad input, 404 for an unknown item', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/worklist/my-day' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/worklist/my-day', headers: h.as('auditor') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/worklist/refresh', headers: h.as('auditor') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/worklist/${itemId}/complete`, headers: h.as('auditor'), payload: {} })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'GET', url: '/api/worklist/my-day?status=later', headers: h.as('front_desk') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toContain('status');
    const short = await app.inject({ method: 'POST', url: `/api/worklist/${itemId}/snooze`, headers: h.as('front_desk'), payload: { until: '2026-03-12T15:00:00Z', reason: 'no' } });
    expect(short.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/worklist/nope/reopen', headers: h.as('front_desk') })).statusCode).toBe(404);
  });

  it('snooze hides the item until the time passes; reopen, assign, complete', async () => {
    const snooze = await app.inject({ method: 'POST', url: `/api/worklist/${itemId}/snooze`, headers: h.as('front_desk'), payload: { until: '2026-03-11T15:00:00Z', reason: 'patient calls back tomorrow' } });
    expect(snooze.statusCode).toBe(200);
    expect(snooze.json()).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-03-11T15:00:00.000Z' });
    const myDay = async (qs = '') => (await app.inject({ method: 'GET', url: `/api/worklist/my-day${qs}`, headers: h.as('front_desk') })).json();
    expect((await myDay()).total).toBe(0);
    expect((await myDay('?status=snoozed')).total).toBe(1);
    clock.advance(86_400_000);
    expect((await myDay()).total).toBe(1);

    const assigned = await app.inject({ method: 'POST', url: `/api/worklist/${itemId}/assign`, headers: h.as('admin'), payload: { userId: frontDeskId } });
    expect(assigned.json()).toMatchObject({ owner: { userId: frontDeskId } });
    expect((await myDay('?mine=true')).counts).toEqual({ 'coverage.ending': 1 });

    const manager = await app.inject({ method: 'GET', url: '/api/worklist/manager', headers: h.as('admin') });
    expect(manager.json()).toMatchObject({ total: 1, byOwner: [{ ownerId: frontDeskId, count: 1 }], byAge: { '1-3d': 1 } });

    const done = await app.inject({ method: 'POST', url: `/api/worklist/${itemId}/complete`, headers: h.as('front_desk') });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedBy: frontDeskId });
    expect((await myDay()).total).toBe(0);
    const search = await app.inject({ method: 'POST', url: '/api/worklist/search', headers: h.as('back_office'), payload: { status: ['done'], kind: 'coverage.ending' } });
    expect(search.json()).toMatchObject({ total: 1, items: [{ id: itemId }] });

    const again = await app.inject({ method: 'POST', url: '/api/worklist/refresh', headers: h.as('front_desk') });
    expect(again.json().runs[1]).toEqual({ kind: 'coverage.ending', inserted: 0, updated: 0, closed: 0 });
    const reopened = await app.inject({ method: 'POST', url: `/api/worklist/${itemId}/reopen`, headers: h.as('front_desk') });
    expect(reopened.json()).toMatchObject({ status: 'open', completedBy: null });
  });

  it('documents the routes with their permissions', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/worklist/my-day'].get['x-permission']).toBe('worklist.read');
    expect(doc.paths['/api/worklist/{id}/complete'].post['x-permission']).toBe('worklist.manage');
  });
});
