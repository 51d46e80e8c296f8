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

/** For an optional body: 415 when a body is sent and not declared as JSON; no body passes. */
export const optionalJson: RequestHandler = (req, _res, next) => {
  if (req.is('application/json') === false) {
    next(new UnsupportedMediaTypeError('the request body must be application/json'));
    return;
  }
  next();
};
