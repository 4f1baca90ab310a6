import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { breakGlassStartSchema, loginSchema, PERMISSIONS, userCreateSchema, userUpdateSchema, type AccessService, type SessionGrant } from '../../core/access/index.ts';
import type { Container } from '../container.ts';
import { DomainError } from '../../core/shared/index.ts';
import { principalOf, SESSION_COOKIE, type Authenticator } from '../http/register.ts';
import { reply, route, type RouteDef } from '../http/route.ts';

/** The access capability as the HTTP layer's authenticator. */
export const accessAuthenticator = (access: AccessService): Authenticator => ({
  session: (token, ip) => access.authenticateSession(token, { ip }),
  apiToken: (token, ip) => access.authenticateApiToken(token, { ip }),
});

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const Code = z.string().trim().regex(/^\d{3}\s?\d{3}$/, 'enter the 6-digit code from your authenticator app');
const Challenge = z.string().min(10).max(200);

/** Sets the session cookie and answers with the user (the token itself stays in the httpOnly cookie). */
const startSession = (res: FastifyReply, grant: SessionGrant, secure: boolean) => {
  void res.setCookie(SESSION_COOKIE, grant.token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: new Date(grant.expiresAt) });
  return { kind: 'session' as const, user: grant.user, expiresAt: grant.expiresAt, idleMinutes: grant.idleMinutes };
};

/** Sign-in, MFA, the current user, staff accounts, sessions and emergency access. */
export const accessRoutes = (c: Container): RouteDef[] => {
  const a = c.services.access;
  const secure = c.config.secureCookies;
  const ctx = (ip: string) => ({ ip });
  const auth = accessAuthenticator(a);
  const requirePrincipal = async (req: Parameters<typeof principalOf>[0]) => {
    const p = await principalOf(req, auth);
    if (!p) throw new DomainError('unauthenticated', 'Sign in, or give the sign-in challenge, to enrol MFA');
    return p;
  };
  return [
    route({
      method: 'POST', url: '/api/auth/login', tag: 'auth', access: 'public', summary: 'Sign in with username and password; may ask for the MFA code or enrolment',
      body: loginSchema.strict(),
      handler: async ({ body, req, reply: res }) => {
        const r = await a.login(body, ctx(req.ip));
        return r.kind === 'session' ? startSession(res, r, secure) : { kind: r.kind, challenge: r.challenge, expiresAt: r.expiresAt };
      },
    }),
    route({
      method: 'POST', url: '/api/auth/mfa', tag: 'auth', access: 'public', summary: 'Second step: the TOTP code (each code works once)',
      body: z.strictObject({ challenge: Challenge, code: Code }),
      handler: async ({ body, req, reply: res }) => startSession(res, await a.verifyMfa(body.challenge, body.code, ctx(req.ip)), secure),
    }),
    route({
      method: 'POST', url: '/api/auth/mfa/enrol/start', tag: 'auth', access: 'public', summary: 'Start TOTP enrolment (signed in, or with the sign-in challenge); returns the otpauth URI and a QR image',
      body: z.strictObject({ challenge: Challenge.optional() }),
      handler: async ({ body, req }) => {
        const who = body.challenge ? { challenge: body.challenge } : await requirePrincipal(req);
        const e = await a.startEnrolment(who);
        const { toDataURL } = await import('qrcode');
        return { ...e, qrDataUrl: await toDataURL(e.otpauthUri, { margin: 1, width: 220 }) };
      },
    }),
    route({
      method: 'POST', url: '/api/auth/mfa/enrol/confirm', tag: 'auth', access: 'public', summary: 'Confirm TOTP enrolment with a first code',
      body: z.strictObject({ challenge: Challenge.optional(), code: Code }),
      handler: async ({ body, req, reply: res }) => {
        const who = body.challenge ? { challenge: body.challenge } : await requirePrincipal(req);
        const r = await a.confirmEnrolment(who, body.code, ctx(req.ip));
        return r.kind === 'session' ? startSession(res, r, secure) : r;
      },
    }),
    route({
      method: 'POST', url: '/api/auth/logout', tag: 'auth', access: 'authenticated', summary: 'End this session on the server',
      handler: async ({ req, reply: res }) => {
        const token = req.cookies[SESSION_COOKIE] ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (token) await a.logout(token, ctx(req.ip));
        void res.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply(204);
      },
    }),
    route({
      method: 'POST', url: '/api/auth/unlock', tag: 'auth', access: 'authenticated', summary: 'Unlock an idle-locked screen with the password (the session stays)',
      body: z.strictObject({ password: z.string().min(1).max(200) }),
      handler: async ({ principal, body, req }) => (await a.unlock(principal, body.password, ctx(req.ip)), reply(204)),
    }),
    route({
      method: 'GET', url: '/api/me', tag: 'auth', access: 'authenticated', summary: 'The signed-in user, the permissions of the role, any emergency grant',
      handler: async ({ principal }) => ({
        user: await a.getUser(principal, principal.userId),
        permissions: [...PERMISSIONS[principal.role]],
        breakGlass: principal.breakGlass,
        idleMinutes: c.config.idleMinutes,
      }),
    }),
    route({ method: 'GET', url: '/api/users', tag: 'users', access: 'user.read', summary: 'Staff accounts', handler: async ({ principal }) => ({ users: await a.listUsers(principal) }) }),
    route({
      method: 'POST', url: '/api/users', tag: 'users', access: 'user.manage', summary: 'Create a staff account', body: userCreateSchema.strict(),
      handler: async ({ principal, body }) => reply(201, await a.createUser(principal, body)),
    }),
    route({
      method: 'PATCH', url: '/api/users/:id', tag: 'users', access: 'user.manage', summary: 'Change role, name, active or emergency access (audited)', params: Id, body: userUpdateSchema,
      handler: ({ principal, params, body }) => a.updateUser(principal, params.id, body),
    }),
    route({
      method: 'POST', url: '/api/users/:id/reset-mfa', tag: 'users', access: 'user.manage', summary: 'Clear MFA so the user enrols again', params: Id,
      handler: async ({ principal, params }) => (await a.resetMfa(principal, params.id), reply(204)),
    }),
    route({
      method: 'POST', url: '/api/users/:id/kill-sessions', tag: 'users', access: 'session.manage', summary: 'End every session of a user', params: Id,
      handler: ({ principal, params }) => a.killSessions(principal, params.id),
    }),
    route({
      method: 'POST', url: '/api/break-glass', tag: 'break-glass', access: 'authenticated', summary: 'Start time-boxed emergency access (users in the emergency group), stating the reason',
      body: breakGlassStartSchema.strict(),
      handler: async ({ principal, body }) => reply(201, await a.startBreakGlass(principal, body)),
    }),
    route({
      method: 'GET', url: '/api/break-glass/review', tag: 'break-glass', access: 'breakglass.review', summary: 'Emergency grants waiting for review',
      handler: async ({ principal }) => ({ grants: await a.listBreakGlassForReview(principal) }),
    }),
    route({
      method: 'POST', url: '/api/break-glass/:id/review', tag: 'break-glass', access: 'breakglass.review', summary: 'Record the review of an emergency grant', params: Id,
      body: z.strictObject({ note: z.string().trim().min(1).max(1000) }),
      handler: ({ principal, params, body }) => a.reviewBreakGlass(principal, params.id, body.note),
    }),
  ];
};
