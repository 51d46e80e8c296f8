import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import type { EndpointFamily } from './error-table.js';
import { sendError } from './send-error.js';

/**
 * The application's last error handler: the management API's routes and every other JSON route
 * answer here, as the error table's `management` family says. A route of another JSON family ends
 * its own handlers with `errorMapper(logger, family)` (registration).
 */
export function errorMapper(logger: Logger, family: Exclude<EndpointFamily, 'page'> = 'management'): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    sendError(res, req, family, error, logger);
  };
}
