import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/core/access/index.ts';
import { ensureDemo } from '../../src/cli/demo/demo-practice.ts';
import { backupTo } from '../../src/cli/backup.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { createContainer, type Container } from '../../src/server/container.ts';
import { accessAuthenticator, accessRoutes } from '../../src/server/routes/access.routes.ts';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

// A full session against a file database with a file log: afterwards the database file, its WAL,
// a backup and the log must hold no plaintext SSN, and the log no patient name.
const SSN = '219-09-9999';
const NAME = { familyName: 'Quillfeather', givenName: 'Ottoline' };

let dir: string;
let c: Container;
let app: FastifyInstance;
let logFile: string;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medoffice-privacy-'));
  logFile = join(dir, 'server.log');
  c = await createContainer({ config: loadConfig({ MEDOFFICE_DATA_DIR: dir, MEDOFFICE_KEY: 'cd'.repeat(32) }) });
  await ensureDemo(c, { patients: 0 });
  for (const role of ['front_desk', 'biller', 'auditor'] as const) {
    headers[role] = { authorization: `Bearer ${(await c.services.access.createApiToken(systemPrincipal('test'), role, 't')).token}` };
  }
  const logger = pino({ level: 'debug' }, pino.destination({ dest: logFile, sync: true }));
  ({ app } = await buildApp({ container: c, auth: accessAuthenticator(c.services.access), extraRoutes: accessRoutes(c), logger }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await c.close();
});

// SQLite files only: this suite reads the database file, its WAL and a backup byte by byte.
describe('privacy of patient data', () => {
  let id = '';

  it('masks the SSN for the front desk, refuses unmasking with 403 and audits the refusal', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/patients', headers: headers.front_desk, payload: { ...NAME, birthDate: '1971-07-04', sex: 'female', ssn: SSN, phones: [{ number: '(217) 555-0199' }] } });
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    const read = await app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: headers.front_desk });
    expect(read.json().ssnMasked).toBe('***-**-9999');
    expect(read.body).not.toContain('219-09');
    expect(read.body).not.toContain('219099999');
    const refused = await app.inject({ method: 'POST', url: `/api/patients/${id}/ssn`, headers: headers.front_desk, payload: { reason: 'curious' } });
    expect(refused.statusCode).toBe(403);
    await c.flushAudit();
    const trail = await c.services.audit.report(systemPrincipal('t'), { patientId: id, action: 'patient.ssn.unmask', sort: 'seq', order: 'asc', limit: 10, offset: 0 });
    expect(trail.entries.map((e) => [e.username, e.outcome])).toEqual([['front_desk', 'denied']]);
  });

  it('unmasks for a permitted role with an audit entry naming the reason', async () => {
    const ok = await app.inject({ method: 'POST', url: `/api/patients/${id}/ssn`, headers: headers.biller, payload: { reason: 'Medicaid application form' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().ssn).toBe('219099999');
    await c.flushAudit();
    const trail = await c.services.audit.report(systemPrincipal('t'), { patientId: id, action: 'patient.ssn.unmask', outcome: 'success', sort: 'seq', order: 'asc', limit: 10, offset: 0 });
    expect(trail.entries).toHaveLength(1);
    expect(JSON.parse(trail.entries[0]!.detail)).toEqual({ reason: 'Medicaid application form' });
    expect(trail.entries[0]!.username).toBe('biller');
  });

  it('leaves no plaintext SSN in the database, WAL, backup or log, and no name in the log', async () => {
    // More traffic that touches the record: search, update, a bad request, a miss.
    await app.inject({ method: 'POST', url: '/api/patients/search', headers: headers.front_desk, payload: { q: NAME.familyName } });
    await app.inject({ method: 'POST', url: '/api/patients/search', headers: headers.front_desk, payload: { name: `${NAME.givenName} ${NAME.familyName}`, birthDate: '1971-07-04' } });
    const v = (await app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: headers.front_desk })).json().version;
    await app.inject({ method: 'PATCH', url: `/api/patients/${id}`, headers: headers.front_desk, payload: { version: v, ssn: SSN, preferredName: 'Otto' } });
    await app.inject({ method: 'POST', url: '/api/patients', headers: headers.front_desk, payload: { ...NAME, birthDate: 'not-a-date', ssn: SSN } });
    await app.inject({ method: 'POST', url: '/api/patients', headers: headers.front_desk, payload: { ...NAME, birthDate: '1971-07-04', sex: 'female', ssn: SSN } });
    const backup = join(dir, 'backup.sqlite');
    await backupTo(c, backup);
    await c.flushAudit();
    const files = [join(dir, 'medoffice.sqlite'), join(dir, 'medoffice.sqlite-wal'), backup, logFile].filter(existsSync);
    expect(files).toHaveLength(4);
    for (const f of files) {
      const bytes = readFileSync(f).toString('latin1');
      for (const form of [SSN, SSN.replace(/-/g, ''), '219 09 9999']) expect(bytes.includes(form), `${form} in ${f}`).toBe(false);
    }
    const log = readFileSync(logFile, 'utf8');
    expect(log.length).toBeGreaterThan(200);
    expect(log).toContain('"route":"/api/patients/:id"');
    for (const word of [NAME.familyName, NAME.givenName, 'Otto', '1971-07-04']) expect(log.includes(word), `${word} in the log`).toBe(false);
  });
});
