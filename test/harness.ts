import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Roles, systemPrincipal, type Role } from '../src/core/access/index.ts';
import { ensureDemo } from '../src/cli/demo/demo-practice.ts';
import { accessAuthenticator, accessRoutes } from '../src/server/routes/access.routes.ts';
import { buildApp } from '../src/server/app.ts';
import { fhirPlugin } from '../src/server/fhir/fhir.plugin.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContainer, type Container } from '../src/server/container.ts';
import type { RouteDef } from '../src/server/http/route.ts';
import type { Clock } from '../src/core/shared/index.ts';
import { freshDatabaseUrl, onPostgres } from './db.ts';

export interface Harness {
  app: FastifyInstance;
  container: Container;
  routes: RouteDef[];
  dataDir: string;
  /** A real API token acting as the demo user of a role. */
  tokenFor(role: Role): string;
  /** Authorization header for a role. */
  as(role: Role): { authorization: string };
  close(): Promise<void>;
}

/**
 * Starts the composed app on a fresh database: SQLite in a temp directory, or a fresh schema in
 * the PostgreSQL given by TEST_DATABASE_URL.
 */
export const startHarness = async (opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<Harness> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'medoffice-test-'));
  const env: Record<string, string> = { MEDOFFICE_DATA_DIR: dataDir, MEDOFFICE_KEY: 'ab'.repeat(32), ...opts.env };
  if (onPostgres()) env.DATABASE_URL = await freshDatabaseUrl();
  const container = await createContainer({ config: loadConfig(env), clock: opts.clock });
  // The demo users (one per role, reference data, no patients) and a real API token for each.
  await ensureDemo(container, { patients: 0 });
  const tokens = new Map<Role, string>();
  for (const r of Roles) tokens.set(r, (await container.services.access.createApiToken(systemPrincipal('test'), r, 'tests')).token);
  const auth = accessAuthenticator(container.services.access);
  const { app, routes } = await buildApp({ container, auth, extraRoutes: accessRoutes(container), plugins: [fhirPlugin(container, auth)] });
  await app.ready();
  const tokenFor = (role: Role): string => tokens.get(role)!;
  return {
    app,
    container,
    routes,
    dataDir,
    tokenFor,
    as: (role) => ({ authorization: `Bearer ${tokenFor(role)}` }),
    close: async () => {
      await app.close();
      await container.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
