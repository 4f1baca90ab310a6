export * from './permissions.ts';
export * from './principal.ts';
