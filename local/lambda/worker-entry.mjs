// A Lambda worker thread's first module: worker threads do not inherit tsx's loader hooks, so the
// worker registers them before it loads the TypeScript runtime (worker-runtime.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.runtime);
