export * from './patient.ts';
export * from './patient-search.ts';
export * from './patient-match.ts';
export * from './patient.repo.ts';
export * from './patient-records.ts';
export * from './patients.service.ts';
export * from './coverages.service.ts';
export * from './patient-merge.service.ts';
