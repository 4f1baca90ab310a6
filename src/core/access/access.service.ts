import { createApiTokensService, type ApiTokensServiceDeps } from './api-tokens.service.ts';
import { createAuthService, type AuthServiceDeps } from './auth.service.ts';
import { createBreakGlassService, type BreakGlassServiceDeps } from './break-glass.service.ts';
import { createMfaService, type MfaServiceDeps } from './mfa.service.ts';
import { createUsersService, type UsersServiceDeps } from './users.service.ts';

/** Everything the access capability needs; each part takes only its own slice. */
export type AccessServiceDeps = AuthServiceDeps & MfaServiceDeps & UsersServiceDeps & ApiTokensServiceDeps & BreakGlassServiceDeps;

/** The access capability's use cases in one object, for the composition root. */
export const createAccessService = (d: AccessServiceDeps) => ({
  ...createAuthService(d),
  ...createMfaService(d),
  ...createUsersService(d),
  ...createApiTokensService(d),
  ...createBreakGlassService(d),
});
export type AccessService = ReturnType<typeof createAccessService>;
