// Entry of the server's background thread: loads the TypeScript worker through tsx's loader, as
// bin/authmaster.mjs does (a worker does not inherit the loader of the thread that started it).
import { register } from 'tsx/esm/api';

register();
await import('./background-tasks.worker.ts');
