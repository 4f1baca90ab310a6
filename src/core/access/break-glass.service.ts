import { DomainError, conflict, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { AccessAudit, BreakGlassForReview, BreakGlassGrant, BreakGlassRepo, UserRepo } from './access.repo.ts';
import { breakGlassEnd, breakGlassReviewSchema, breakGlassStartSchema, type BreakGlassStart } from './break-glass.ts';
import { can, type Principal } from './principal.ts';
import { noPrincipalCache, type PrincipalCache } from './principal-cache.ts';
import { securityDraft } from './sign-in.ts';
import { parseOrThrow } from './user.ts';

export interface BreakGlassServiceDeps {
  users: UserRepo;
  breakGlass: BreakGlassRepo;
  audit: AccessAudit;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
  /** Told to forget the user's cached principals when a grant starts or ends. */
  principals?: PrincipalCache;
}

/** Emergency ("break the glass") access, HIPAA 45 CFR 164.312(a)(2)(ii): time-boxed, audited, reviewed. */
export const createBreakGlassService = (d: BreakGlassServiceDeps) => {
  const now = (): Date => d.clock.now();
  const principals = d.principals ?? noPrincipalCache;

  /**
   * Starts a grant for a signed-in user whose account has emergency access. The grant applies
   * from the next request (the user's cached principals are forgotten once it is committed).
   */
  const startBreakGlass = async (p: Principal, input: BreakGlassStart): Promise<BreakGlassGrant> => {
    const user = p.kind === 'session' ? await d.users.get(p.userId) : null;
    if (!user || !user.active || !user.emergencyAccess) {
      await d.audit.record(p, securityDraft('breakglass.start', 'denied', { reason: 'not_eligible' }));
      throw new DomainError('forbidden', 'Your account does not have emergency access');
    }
    const v = parseOrThrow(breakGlassStartSchema, input, 'emergency access request');
    const at = now();
    const grant: BreakGlassGrant = {
      id: d.ids.newId(),
      userId: user.id,
      reason: v.reason,
      startedAt: at.toISOString(),
      endsAt: breakGlassEnd(at, v.minutes).toISOString(),
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
    };
    await d.uow.run(async () => {
      await d.breakGlass.insert(grant);
      await d.audit.record(p, securityDraft('breakglass.start', 'success', { grantId: grant.id, minutes: v.minutes, endsAt: grant.endsAt, reason: v.reason }));
    });
    principals.forgetUser(user.id);
    return grant;
  };

  /** Ends the principal's running grant early; a no-op without one. */
  const endBreakGlass = async (p: Principal): Promise<void> => {
    const at = now().toISOString();
    const grant = await d.breakGlass.activeFor(p.userId, at);
    if (!grant) return;
    await d.uow.run(async () => {
      await d.breakGlass.end(grant.id, at);
      await d.audit.record(p, securityDraft('breakglass.end', 'success', { grantId: grant.id }));
    });
    principals.forgetUser(p.userId);
  };

  const guardReview = async (p: Principal, auditAction: string, detail: Record<string, string>): Promise<void> => {
    if (can(p, 'breakglass.review', now())) return;
    await d.audit.record(p, securityDraft(auditAction, 'denied', detail));
    throw new DomainError('forbidden', 'Your role does not allow breakglass.review');
  };

  /** Grants not yet reviewed, oldest first, with the count of audit entries made under each (`breakglass.review`). */
  const listBreakGlassForReview = async (p: Principal): Promise<BreakGlassForReview[]> => {
    await guardReview(p, 'breakglass.list', {});
    return d.breakGlass.listUnreviewed();
  };

  /** Records the review of a grant (`breakglass.review`); nobody reviews their own. */
  const reviewBreakGlass = async (p: Principal, grantId: string, note: string): Promise<BreakGlassGrant> => {
    await guardReview(p, 'breakglass.review', { grantId });
    const v = parseOrThrow(breakGlassReviewSchema, { note }, 'review');
    const grant = await d.breakGlass.get(grantId);
    if (!grant) throw notFound('Emergency access grant', grantId);
    if (grant.userId === p.userId) throw new DomainError('forbidden', 'An emergency access grant is reviewed by someone else');
    const at = now().toISOString();
    await d.uow.run(async () => {
      if (!(await d.breakGlass.review(grantId, p.userId, at, v.note))) throw conflict(`Emergency access grant ${grantId} was already reviewed`);
      await d.audit.record(p, securityDraft('breakglass.review', 'success', { grantId, grantUserId: grant.userId }));
    });
    return { ...grant, reviewedBy: p.userId, reviewedAt: at, reviewNote: v.note };
  };

  return { startBreakGlass, endBreakGlass, listBreakGlassForReview, reviewBreakGlass };
};
export type BreakGlassService = ReturnType<typeof createBreakGlassService>;
