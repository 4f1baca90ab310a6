export * from './npi.ts';
export * from './reference.ts';
export * from './reference.service.ts';
