export * from './audit-entry.ts';
export * from './audit-chain.ts';
export * from './audit.repo.ts';
export * from './audit.service.ts';
