import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../../src/ports/logger.port.js';
import { sendOAuthError } from './oauth-error-response.js';

/** An endpoint whose every failure is answered in RFC 6749 §5.2 form by the endpoint itself. */
export function oauthHandler(logger: Logger, handle: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (res.headersSent) throw error;
      sendOAuthError(res, req, error, logger);
    }
  };
}
