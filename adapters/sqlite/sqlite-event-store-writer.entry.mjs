// Entry of the event store's writer thread: loads the TypeScript worker through tsx's loader, as
// bin/authmaster.mjs does (a worker does not inherit the loader of the thread that started it).
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-event-store-writer.worker.ts');
