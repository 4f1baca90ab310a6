import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, Roles, type Action } from '../../src/core/access/index.ts';
import { startHarness, type Harness } from '../harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const urlOf = (pattern: string): string => pattern.replace(/:([A-Za-z]+)/g, 'x0000000000000000');

describe('route table', () => {
  it('every route declares its access', () => {
    expect(h.routes.length).toBeGreaterThan(20);
    for (const r of h.routes) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
  });

  it('answers 401 to every non-public route without credentials, and with a forged token', async () => {
    for (const r of h.routes.filter((x) => x.access !== 'public')) {
      for (const headers of [{}, { authorization: 'Bearer mo_forged' }, { cookie: 'mo_session=forged' }]) {
        const res = await h.app.inject({ method: r.method, url: urlOf(r.url), headers, payload: r.method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      }
    }
  });

  // Generated: every (route, role) pair. A role without the route's permission gets 403; a role
  // with it gets past access control (its empty request then fails validation or finds nothing).
  const cases = () => h.routes.filter((r) => r.access !== 'public' && r.access !== 'authenticated').flatMap((r) => Roles.map((role) => ({ r, role })));

  it('gives each role exactly its permission matrix', async () => {
    const seen = new Set<string>();
    for (const { r, role } of cases()) {
      const allowed = PERMISSIONS[role].has(r.access as Action);
      const res = await h.app.inject({ method: r.method, url: urlOf(r.url), headers: h.as(role), payload: r.method === 'GET' ? undefined : {} });
      if (allowed) expect([401, 403], `${role} ${r.method} ${r.url} should be allowed`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${role} ${r.method} ${r.url} should be refused`).toBe(403);
      expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBeLessThan(500);
      seen.add(`${role}:${r.access}`);
    }
    // Every role met every action that some route needs.
    const actions = new Set(h.routes.map((r) => r.access).filter((a) => a !== 'public' && a !== 'authenticated'));
    expect(seen.size).toBe(actions.size * Roles.length);
  });

  it('publishes OpenAPI with every route and its permission', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const r of h.routes) {
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      expect(op['x-permission']).toBe(r.access);
    }
  });
});
