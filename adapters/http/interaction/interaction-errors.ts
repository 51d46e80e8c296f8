import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import { ERROR_TABLE, answerError } from '../errors/error-table.js';
import { logUnhandledError } from '../errors/unhandled-error.js';
import { sendErrorPage } from './page-response.js';

/**
 * The error edge of the HTML endpoints: a page, never JSON, as the error table's `page` family
 * says; an error it does not know is a 500 page that shows nothing internal (and is logged
 * without the request's query).
 */
export function interactionErrorPage(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    let answer = answerError('page', error);
    if (answer === null) {
      logUnhandledError(logger, req, error);
      answer = ERROR_TABLE.page.unhandled;
    }
    res.set(answer.headers);
    sendErrorPage(res, answer.status, { code: answer.error, description: answer.description });
  };
}
