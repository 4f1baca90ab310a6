import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Roles } from '../core/access/index.ts';
import type { Container } from './container.ts';
import { toHttpError } from './http/errors.ts';
import { openApiDocument } from './http/openapi.ts';
import { registerRoutes, type Authenticator } from './http/register.ts';
import { route, type RouteDef } from './http/route.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { patientRoutes } from './routes/patients.routes.ts';
import { referenceRoutes } from './routes/reference.routes.ts';
import { schedulingRoutes } from './routes/scheduling.routes.ts';
import { eligibilityRoutes } from './routes/eligibility.routes.ts';
import { isAppRoute, webPlugin, WEB_DIST } from './web.plugin.ts';

export const VERSION = '0.1.0';

export interface AppOptions {
  container: Container;
  auth: Authenticator;
  /** Extra routes (auth, users, ...) composed by the caller. */
  extraRoutes?: RouteDef[];
  /** Registers further plugins (the FHIR endpoint, the web app). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** The process logger (pino); none in tests. */
  logger?: FastifyBaseLogger;
  /** Serve the built web app (web/dist) at `/`. */
  web?: boolean;
}

/** Every domain route of the API (without the caller-supplied extras). */
export const domainRoutes = (c: Container): RouteDef[] => [
  ...patientRoutes({ ...c.services, parseQuick: c.services.parseQuickSearch }),
  ...auditRoutes(c.services.audit),
  ...referenceRoutes(c.services.reference),
  ...eligibilityRoutes({ eligibility: c.services.eligibility }),
  ...schedulingRoutes({ booking: c.services.booking, setup: c.services.scheduleSetup, availability: c.services.availability, queues: c.services.schedulingQueues }),
  ...c.worklist.routes,
];

/** Builds the Fastify app: one error mapping, body caps, no request URLs or bodies in logs. */
export const buildApp = async (o: AppOptions): Promise<{ app: FastifyInstance; routes: RouteDef[] }> => {
  const app = Fastify({
    ...(o.logger ? { loggerInstance: o.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1_048_576,
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
  });
  await app.register(cookie);

  app.setErrorHandler((err, req, res) => {
    const { status, body, internal } = toHttpError(err);
    // Only the route pattern and the error class are logged: never the URL, query or body.
    if (internal) req.log.error({ route: req.routeOptions.url, err: { type: (err as Error).name, stack: (err as Error).stack } }, 'request failed');
    if (status === 429 && typeof body.error.details?.retryAfterSeconds === 'number') void res.header('retry-after', String(body.error.details.retryAfterSeconds));
    return res.status(status).send(body);
  });
  const web = o.web ?? false;
  app.setNotFoundHandler((req, res) =>
    web && isAppRoute(req.method, req.url) ? res.type('text/html').sendFile('index.html') : res.status(404).send({ error: { code: 'not_found', message: 'No such endpoint', issues: [] } }),
  );
  app.addHook('onResponse', async (req, res) => {
    req.log.info({ method: req.method, route: req.routeOptions.url ?? '(unmatched)', status: res.statusCode, ms: Math.round(res.elapsedTime) }, 'request');
  });

  const routes: RouteDef[] = [
    route({ method: 'GET', url: '/api/health', tag: 'system', access: 'public', summary: 'Liveness and database check', handler: async () => {
      await o.container.db.q().selectFrom('audit_head').select('seq').executeTakeFirst();
      return { status: 'ok', version: VERSION, database: o.container.db.dialect };
    } }),
    route({ method: 'GET', url: '/api/roles', tag: 'system', access: 'authenticated', summary: 'The roles', handler: async () => ({ roles: Roles }) }),
    ...domainRoutes(o.container),
    ...(o.extraRoutes ?? []),
  ];
  let doc: Record<string, unknown> | null = null;
  routes.push(route({ method: 'GET', url: '/api/openapi.json', tag: 'system', access: 'public', summary: 'This document', handler: async () => (doc ??= openApiDocument(routes, VERSION)) }));
  registerRoutes(app, routes, o.auth, o.container.clock, o.container.audit);
  await webPlugin(web ? WEB_DIST : null)(app);
  for (const plugin of o.plugins ?? []) await plugin(app);
  return { app, routes };
};
