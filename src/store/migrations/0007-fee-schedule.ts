import type { Kysely } from 'kysely';

// The practice's fee schedule: its charge per CPT/HCPCS code, for patient estimates (and later claims).
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('fee_schedule')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
};
