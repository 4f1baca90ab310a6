import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `vite build` puts the web app. */
export const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Serves the built web app at `/` with a fallback to index.html for client-side routes, and sets
 * security headers everywhere; API and FHIR answers are never cached (they carry patient data).
 */
export const webPlugin = (dist: string | null) => async (app: FastifyInstance): Promise<void> => {
  app.addHook('onSend', async (req, res, payload) => {
    void res.headers(SECURITY_HEADERS);
    if (req.url.startsWith('/api/') || req.url.startsWith('/fhir/')) void res.header('cache-control', 'no-store');
    return payload;
  });
  if (!dist || !hasWebApp(dist)) return;
  await app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: false, index: ['index.html'] });
};

/** True when the web app has been built. */
export const hasWebApp = (dist = WEB_DIST): boolean => existsSync(resolve(dist, 'index.html'));

/** A GET of a client-side route (not the API, not a file) that index.html should answer. */
export const isAppRoute = (method: string, url: string): boolean =>
  method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/fhir/') && !/\.[a-z0-9]+$/i.test(url.split('?')[0]!);
