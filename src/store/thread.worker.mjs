// Bootstrap of the store's worker threads (the audit writer, the WAL checkpointer): TypeScript
// through tsx, as in the main thread; `workerData.module` names the thread's file beside this one.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(new URL(workerData.module, import.meta.url).href);
