import cluster from 'node:cluster';
import { isMainThread } from 'node:worker_threads';
import { destination, pino } from 'pino';
import type { DestinationStream, Logger as PinoInstance } from 'pino';
import { createRequire } from 'node:module';
import type PinoPretty from 'pino-pretty';
import type { Logger } from '../../src/ports/logger.port.js';

/** Field names whose values never reach a log line, wherever they appear. */
const REDACTED = [
  'password', 'secret', 'client_secret', 'app_secret', 'token', 'access_token', 'refresh_token', 'id_token',
  'code', 'code_verifier', 'authorization', 'cookie', 'csrf_token', 'keyEncryptionKey', 'privateKey',
];

export type LogFormat = 'json' | 'pretty' | 'auto';

export interface PinoLoggerOptions {
  readonly level: string;
  /** Default: stdout, written asynchronously (pino.destination; flushed at exit) on the main thread. */
  readonly destination?: NodeJS.WritableStream;
  /** `auto` (default): pretty when the destination is a terminal, JSON lines otherwise. */
  readonly format?: LogFormat;
}

/** pino-pretty loads only when a pretty log is asked for (a server logging JSON never pays for it). */
const loadPretty = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

/** The pino instance behind each Logger this adapter made (pino-http logs through the same one). */
const instances = new WeakMap<Logger, PinoInstance>();

function isTerminal(stream: NodeJS.WritableStream | undefined): boolean {
  return (stream ?? process.stdout) === process.stdout ? process.stdout.isTTY === true : (stream as { isTTY?: boolean }).isTTY === true;
}

function destinationOf(options: PinoLoggerOptions): DestinationStream | NodeJS.WritableStream {
  const format = options.format ?? 'auto';
  if (format === 'pretty' || (format === 'auto' && isTerminal(options.destination))) {
    const destination = options.destination ?? process.stdout;
    // among several server processes (WORKERS), the pid tells whose line it is
    const ignore = cluster.isWorker ? 'hostname,service' : 'pid,hostname,service';
    return loadPretty()({ destination, colorize: isTerminal(options.destination), translateTime: 'SYS:HH:MM:ss.l', ignore, sync: true });
  }
  if (options.destination) return options.destination;
  // Asynchronous writes keep logging off the request path; pino flushes them at exit (main thread only).
  return destination({ dest: 1, sync: !isMainThread, minLength: 0 });
}

export function createPinoLogger(options: PinoLoggerOptions): Logger {
  const paths = REDACTED.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `req.headers.${key}`]);
  const base = pino(
    { level: options.level, redact: { paths, censor: '[redacted]' }, base: { service: 'authmaster', pid: process.pid } },
    destinationOf(options),
  );
  const logger: Logger = {
    debug: (fields, message) => base.debug(fields, message),
    info: (fields, message) => base.info(fields, message),
    warn: (fields, message) => base.warn(fields, message),
    error: (fields, message) => base.error(fields, message),
  };
  instances.set(logger, base);
  return logger;
}

/** The pino instance of a Logger made by createPinoLogger (for pino-http), or undefined for any other Logger. */
export function pinoOf(logger: Logger): PinoInstance | undefined {
  return instances.get(logger);
}

/** One `fatal` line (a process about to exit for good), written synchronously so it is not lost at exit. */
export function logFatal(options: { level: string }, fields: Record<string, unknown>, message: string): void {
  pino({ level: options.level, base: { service: 'authmaster', pid: process.pid } }, destination({ fd: 1, sync: true })).fatal(fields, message);
}
