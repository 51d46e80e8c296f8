import type { RequestHandler } from 'express';
import { HttpError } from '../errors/api-error.js';

/** 415 unless the body is declared as JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new HttpError(415, 'invalid_request', 'the request body must be application/json'));
    return;
  }
  next();
};
