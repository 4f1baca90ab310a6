export * from './work-item.ts';
export * from './work-item-generator.ts';
export * from './work-item.repo.ts';
export * from './worklist.service.ts';
