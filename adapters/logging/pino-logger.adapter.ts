import { destination, pino } from 'pino';
import type { Logger } from '../../src/ports/logger.port.js';

/** Field names whose values never reach a log line, wherever they appear. */
const REDACTED = [
  'password', 'secret', 'client_secret', 'app_secret', 'token', 'access_token', 'refresh_token', 'id_token',
  'code', 'code_verifier', 'authorization', 'cookie', 'csrf_token', 'keyEncryptionKey', 'privateKey',
];

export function createPinoLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  const paths = REDACTED.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `req.headers.${key}`]);
  const base = pino(
    { level: options.level, redact: { paths, censor: '[redacted]' }, base: { service: 'authmaster' } },
    options.destination ?? process.stdout,
  );
  return {
    debug: (fields, message) => base.debug(fields, message),
    info: (fields, message) => base.info(fields, message),
    warn: (fields, message) => base.warn(fields, message),
    error: (fields, message) => base.error(fields, message),
  };
}

/** One `fatal` line (a process about to exit for good), written synchronously so it is not lost at exit. */
export function logFatal(options: { level: string }, fields: Record<string, unknown>, message: string): void {
  pino({ level: options.level, base: { service: 'authmaster' } }, destination({ fd: 1, sync: true })).fatal(fields, message);
}
