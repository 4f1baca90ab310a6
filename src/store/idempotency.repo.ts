import { createHash } from 'node:crypto';
import type { IdempotencyRepo } from '../core/patients/index.ts';
import { isUniqueViolation, RetryableConflict, type Db } from './db.ts';

const digest = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Idempotency keys per principal; the row is written in the same transaction as the create. */
export const createIdempotencyRepo = (db: Db): IdempotencyRepo => ({
  async find(principalId, key, scope, request) {
    const row = await db.read().selectFrom('idempotency_keys').selectAll().where('principal_id', '=', principalId).where('key', '=', key).executeTakeFirst();
    if (!row) return null;
    return row.scope === scope && row.request_hash === digest(request) ? { resourceId: row.resource_id } : 'mismatch';
  },
  async save(e) {
    try {
      await db.q().insertInto('idempotency_keys').values({ principal_id: e.principalId, key: e.key, scope: e.scope, request_hash: digest(e.request), resource_id: e.resourceId, created_at: e.createdAt }).execute();
    } catch (err) {
      // A concurrent request with the same key committed first: rerun the unit of work, which then replays it.
      if (isUniqueViolation(err)) throw new RetryableConflict('idempotency key');
      throw err;
    }
  },
});
