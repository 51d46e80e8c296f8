import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import { mapError } from '../errors/error-mapper.js';
import { sendErrorPage } from './page-response.js';
import { logUnhandledError } from '../errors/unhandled-error.js';

/**
 * The error edge of the HTML endpoints: a page, never JSON. Anything the client caused (an
 * unreadable, too large or too nested body) is a 400 page; an unavailable store a 503 page; the
 * rest a 500 page that shows nothing internal (and is logged without the request's query).
 */
export function interactionErrorPage(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const mapped = mapError(error);
    if (mapped !== null && mapped.status < 500) {
      return sendErrorPage(res, 400, { code: 'invalid_request', description: 'The request could not be read.' });
    }
    if (mapped !== null) {
      return sendErrorPage(res, 503, { code: 'temporarily_unavailable', description: 'The service is temporarily unavailable.' });
    }
    logUnhandledError(logger, req, error);
    return sendErrorPage(res, 500, { code: 'server_error', description: 'An internal error occurred.' });
  };
}
