import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import { sendError } from './send-error.js';

/**
 * The application's last error handler: the management API's routes and every other JSON route
 * answer here, as the error table's `management` family says.
 */
export function errorMapper(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    sendError(res, req, 'management', error, logger);
  };
}
