import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, type Principal } from '../../core/access/index.ts';
import type { AuditLog } from '../../core/audit/index.ts';
import { DomainError, type Clock } from '../../core/shared/index.ts';
import { zodIssues } from './errors.ts';
import { isReply, type RouteDef } from './route.ts';

export const SESSION_COOKIE = 'mo_session';

/** Resolves the caller from a session cookie or a bearer token. */
export interface Authenticator {
  session(token: string, ip: string | null): Promise<Principal | null>;
  apiToken(token: string, ip: string | null): Promise<Principal | null>;
}

/** Finds the principal of a request, or null. Bearer tokens are API tokens or session tokens. */
export const principalOf = async (req: FastifyRequest, auth: Authenticator): Promise<Principal | null> => {
  const header = req.headers.authorization;
  const ip = req.ip ?? null;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return null;
    return m[1]!.startsWith('mo_') ? auth.apiToken(m[1]!, ip) : auth.session(m[1]!, ip);
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie ? auth.session(cookie, ip) : null;
};

const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T => {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw new DomainError('invalid', `The request has invalid ${where === 'body' ? 'fields' : where}`, { issues: zodIssues(r.error, where === 'body' ? '' : where) });
  return r.data;
};

const ANONYMOUS: Principal = { userId: 'anonymous', username: 'anonymous', role: 'front_desk', principalId: 'anonymous', kind: 'anonymous', sourceIp: null, breakGlass: null };

/**
 * Registers the route table: authenticate (401), check the declared permission (403), parse
 * params, query and body with zod (400 naming the field), call the handler, send its result.
 * The services check access again: the declaration is the first gate, not the only one.
 */
export const registerRoutes = (app: FastifyInstance, routes: RouteDef[], auth: Authenticator, clock: Clock, audit: AuditLog): void => {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (req: FastifyRequest, res: FastifyReply) => {
        let principal = ANONYMOUS;
        if (r.access !== 'public') {
          const p = await principalOf(req, auth);
          if (!p) throw new DomainError('unauthenticated', 'Sign in to continue: your session is missing or has ended');
          if (r.access !== 'authenticated' && !can(p, r.access, clock.now())) {
            // A refused attempt on patient data is a security event: audit it with the patient it aimed at.
            const patientId = r.url.startsWith('/api/patients/:id') ? String((req.params as { id?: unknown }).id ?? '').slice(0, 64) || null : null;
            await audit.record(p, { action: r.access, category: r.access === 'patient.ssn.unmask' ? 'ssn' : 'security', outcome: 'denied', patientId, detail: { route: r.url } });
            throw new DomainError('forbidden', `Your role does not allow ${r.access}`);
          }
          principal = p;
        }
        const result = await r.handler({
          principal,
          params: parse(r.params, req.params, 'params'),
          query: parse(r.query, req.query, 'query'),
          body: parse(r.body, req.body, 'body'),
          req,
          reply: res,
        });
        if (isReply(result)) {
          if (result.headers) void res.headers(result.headers);
          return res.status(result.status).send(result.body ?? undefined);
        }
        return res.status(200).send(result);
      },
    });
  }
};

/** The Idempotency-Key header, validated. */
export const idempotencyKeyOf = (req: FastifyRequest): string | undefined => {
  const k = req.headers['idempotency-key'];
  if (k === undefined) return undefined;
  if (typeof k !== 'string' || !/^[A-Za-z0-9_\-:.]{8,128}$/.test(k)) {
    throw new DomainError('invalid', 'Idempotency-Key must be 8-128 letters, digits or -_:.', { issues: [{ path: 'headers.idempotency-key', message: 'invalid format' }] });
  }
  return k;
};
