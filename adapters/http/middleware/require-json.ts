import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../errors/http-errors.js';

/** 415 unless the body is declared as JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new UnsupportedMediaTypeError('the request body must be application/json'));
    return;
  }
  next();
};
