import type { Logger } from '../../../src/ports/logger.port.js';
import type { HttpRequest } from '../http-request.js';
import { pathOf } from '../http-request.js';

/** Logs an error no mapper knew (it becomes a 500 that shows nothing internal): name, message, stack, route. */
export function logUnhandledError(logger: Logger, req: HttpRequest, error: unknown): void {
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);
  logger.error({ err, method: req.method, path: pathOf(req) }, 'unhandled error');
}
