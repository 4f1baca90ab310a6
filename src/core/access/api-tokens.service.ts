import { z } from 'zod';
import { DomainError, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { AccessAudit, ApiToken, ApiTokenRepo, Secrets, UserRepo } from './access.repo.ts';
import { API_TOKEN_PREFIX } from './auth.service.ts';
import { can, type Principal } from './principal.ts';
import { noPrincipalCache, type PrincipalCache } from './principal-cache.ts';
import { securityDraft } from './sign-in.ts';
import { normalizeUsername, parseOrThrow } from './user.ts';

export interface ApiTokensServiceDeps {
  users: UserRepo;
  apiTokens: ApiTokenRepo;
  secrets: Secrets;
  audit: AccessAudit;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  /** Told to forget the token's user after a revocation. */
  principals?: PrincipalCache;
}

export const apiTokenLabelSchema = z.string().trim().min(1, 'label is required').max(100);

/** A token as created: `token` is the plaintext, shown this once and never stored. */
export interface CreatedApiToken {
  token: string;
  apiToken: ApiToken;
}

/** API tokens for integrations: each acts as its user's role, as a principal of its own. */
export const createApiTokensService = (d: ApiTokensServiceDeps) => {
  const now = (): Date => d.clock.now();
  const principals = d.principals ?? noPrincipalCache;

  const guard = async (p: Principal, auditAction: string, detail: Record<string, string>): Promise<void> => {
    if (can(p, 'token.manage', now())) return;
    await d.audit.record(p, securityDraft(auditAction, 'denied', detail));
    throw new DomainError('forbidden', 'Your role does not allow token.manage');
  };

  /** Creates a token for the user (`token.manage`, the CLI's system principal included); returns the plaintext once. */
  const createApiToken = async (p: Principal, username: string, label: string): Promise<CreatedApiToken> => {
    await guard(p, 'token.create', { username: normalizeUsername(username) });
    const cleanLabel = parseOrThrow(apiTokenLabelSchema, label, 'token label');
    const user = await d.users.findByUsername(normalizeUsername(username));
    if (!user || !user.active) throw notFound('User', normalizeUsername(username));
    const token = `${API_TOKEN_PREFIX}${d.secrets.newToken()}`;
    const apiToken: ApiToken = { id: d.ids.newId(), userId: user.id, label: cleanLabel, createdAt: now().toISOString(), revokedAt: null };
    await d.uow.run(async () => {
      await d.apiTokens.insert({ ...apiToken, tokenHash: d.secrets.hashToken(token) });
      await d.audit.record(p, securityDraft('token.create', 'success', { tokenId: apiToken.id, userId: user.id, label: cleanLabel }));
    });
    return { token, apiToken };
  };

  /** Tokens (never their secrets), all or one user's, newest first (`token.manage`). */
  const listApiTokens = async (p: Principal, username?: string): Promise<ApiToken[]> => {
    await guard(p, 'token.list', {});
    if (username === undefined) return d.apiTokens.list();
    const user = await d.users.findByUsername(normalizeUsername(username));
    if (!user) throw notFound('User', normalizeUsername(username));
    return d.apiTokens.list(user.id);
  };

  /** Revokes a token at once (`token.manage`). Revoking a revoked token is a no-op. */
  const revokeApiToken = async (p: Principal, tokenId: string): Promise<void> => {
    await guard(p, 'token.revoke', { tokenId });
    const t = await d.apiTokens.get(tokenId);
    if (!t) throw notFound('API token', tokenId);
    await d.uow.run(async () => {
      if (await d.apiTokens.revoke(tokenId, now().toISOString())) {
        await d.audit.record(p, securityDraft('token.revoke', 'success', { tokenId, userId: t.userId }));
      }
    });
    principals.forgetUser(t.userId);
  };

  return { createApiToken, listApiTokens, revokeApiToken };
};
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
