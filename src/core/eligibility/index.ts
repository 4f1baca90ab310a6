export * from './benefits.ts';
export * from './eligibility-check.ts';
export * from './eligibility.service.ts';
export * from './eligibility-work.ts';
export * from './estimate.ts';
