import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/core/access/index.ts';
import { startHarness, type Harness } from '../harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const body = { familyName: 'Idemson', givenName: 'Ivy', birthDate: '1985-05-05', sex: 'female', phones: [{ number: '217-555-0177' }] };

describe('idempotent creates', () => {
  it('concurrent creates with the same key make one patient', async () => {
    const headers = { ...h.as('front_desk'), 'idempotency-key': 'register-ivy-0001' };
    const all = await Promise.all(Array.from({ length: 10 }, () => h.app.inject({ method: 'POST', url: '/api/patients', headers, payload: body })));
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(all.map((r) => r.json().id)).size).toBe(1);
    const found = await h.app.inject({ method: 'POST', url: '/api/patients/search', headers: h.as('front_desk'), payload: { family: 'Idemson' } });
    expect(found.json().patients).toHaveLength(1);
  });

  it('a retry after success replays, and the same key with another body is a conflict', async () => {
    const headers = { ...h.as('front_desk'), 'idempotency-key': 'register-ivy-0002' };
    const other = { ...body, givenName: 'Ivo', phones: [{ number: '217-555-0178' }], acknowledgeDuplicates: true };
    const first = await h.app.inject({ method: 'POST', url: '/api/patients', headers, payload: other });
    const again = await h.app.inject({ method: 'POST', url: '/api/patients', headers, payload: other });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const changed = await h.app.inject({ method: 'POST', url: '/api/patients', headers, payload: { ...other, givenName: 'Iva' } });
    expect(changed.statusCode).toBe(409);
  });

  it('keys belong to their principal: another user reusing the key creates their own record', async () => {
    const headers = { ...h.as('back_office'), 'idempotency-key': 'register-ivy-0002' };
    const r = await h.app.inject({ method: 'POST', url: '/api/patients', headers, payload: { ...body, givenName: 'Ivan', phones: [{ number: '217-555-0179' }], acknowledgeDuplicates: true } });
    expect(r.statusCode).toBe(201);
  });

  it('warns of a suspected duplicate with candidate ids only, and saves once acknowledged', async () => {
    const dup = await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload: { ...body, givenName: 'Ivy', familyName: 'Idemsen' } });
    expect(dup.statusCode).toBe(409);
    const err = dup.json().error;
    expect(err.details.duplicates[0]).toMatchObject({ score: expect.any(Number), reasons: expect.arrayContaining(['same date of birth']) });
    expect(JSON.stringify(err)).not.toMatch(/Idems|Ivy/);
    const saved = await h.app.inject({ method: 'POST', url: '/api/patients', headers: h.as('front_desk'), payload: { ...body, familyName: 'Idemsen', acknowledgeDuplicates: true } });
    expect(saved.statusCode).toBe(201);
  });
});

describe('duplicate checks are audited', () => {
  it('records the check and the list of open suspects as searches', async () => {
    await h.app.inject({ method: 'POST', url: '/api/patients/duplicates', headers: h.as('front_desk'), payload: body });
    await h.app.inject({ method: 'GET', url: '/api/duplicates', headers: h.as('back_office') });
    await h.container.flushAudit();
    const { entries } = await h.container.services.audit.report(systemPrincipal('t'), { sort: 'seq', order: 'asc', limit: 100, offset: 0 });
    const actions = entries.map((e) => `${e.username}:${e.action}`);
    expect(actions).toContain('front_desk:patient.duplicates.check');
    expect(actions).toContain('back_office:patient.duplicates.list');
  });
});
