import { createApiTokensService, type ApiTokensServiceDeps } from './api-tokens.service.ts';
import { createAuthService, type AuthServiceDeps } from './auth.service.ts';
import { createBreakGlassService, type BreakGlassServiceDeps } from './break-glass.service.ts';
import { createMfaService, type MfaServiceDeps } from './mfa.service.ts';
import { createPrincipalCache, DEFAULT_PRINCIPAL_CACHE_MS } from './principal-cache.ts';
import { createUsersService, type UsersServiceDeps } from './users.service.ts';

/** Everything the access capability needs; each part takes only its own slice. */
export type AccessServiceDeps = AuthServiceDeps &
  MfaServiceDeps &
  UsersServiceDeps &
  ApiTokensServiceDeps &
  BreakGlassServiceDeps & {
    /** How long a token's principal is remembered (ms); 0 looks every request up. Default 1 s. */
    principalCacheMs?: number;
  };

/**
 * The access capability's use cases in one object, for the composition root. Its parts share one
 * token → principal cache: authentication fills it, every change to a user, session, token or
 * emergency grant empties that user's entries.
 */
export const createAccessService = (d: AccessServiceDeps) => {
  const deps = { ...d, principals: d.principals ?? createPrincipalCache(d.clock, d.principalCacheMs ?? DEFAULT_PRINCIPAL_CACHE_MS) };
  return {
    ...createAuthService(deps),
    ...createMfaService(deps),
    ...createUsersService(deps),
    ...createApiTokensService(deps),
    ...createBreakGlassService(deps),
    /** Forgets every cached principal (after changes made behind the services' back, e.g. a restore). */
    forgetCachedPrincipals: (): void => deps.principals.clear(),
  };
};
export type AccessService = ReturnType<typeof createAccessService>;
