// Bootstrap of the audit writer thread: TypeScript through tsx, as in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./audit-writer.thread.ts');
