import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** `30d`, `12h`, `10m`, `45s` or plain seconds -> seconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!match) throw new Error(`"${raw}" is not a duration (e.g. 30d, 12h, 10m, 45s)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const duration = z.string().transform((raw, ctx) => {
  try {
    return parseDuration(raw);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** OIDC Discovery §3: an https (or http) URL without query, fragment or user information. */
const issuerUrl = z
  .url({ protocol: /^https?$/ })
  .refine((raw) => {
    const url = new URL(raw);
    return url.search === '' && url.hash === '' && url.username === '' && url.password === '' && !raw.includes('?') && !raw.includes('#');
  }, 'ISSUER must be an http(s) URL without query, fragment or user information');

/** No duration setting is meaningful beyond a year. */
const ONE_YEAR = 365 * 86400;

/**
 * Sane bounds of the lifetimes, in seconds. An access token lives at most a day (RFC 9700 §2.2.1:
 * short-lived); a code at most 10 minutes (RFC 6749 §4.1.2); a refresh token or a login session at
 * most a year.
 */
const LIFETIME_BOUNDS = {
  ACCESS_TOKEN_TTL: [60, 86400],
  REFRESH_TOKEN_TTL: [60, ONE_YEAR],
  AUTHORIZATION_CODE_TTL: [10, 600],
  SESSION_TTL: [60, ONE_YEAR],
  LOGIN_THROTTLE_WINDOW: [1, 86400],
} as const;

function describe(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ISSUER: issuerUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: logLevel.default('info'),
  KEY_ENCRYPTION_KEY: z.string().min(16, 'KEY_ENCRYPTION_KEY must be at least 16 characters').optional(),
  EVENTSTORE_URL: z.string().min(1).optional(),
  MONGODB_URL: z.string().min(1).optional(),
  MONGODB_DATABASE: z.string().min(1).default('authmaster'),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(22).default(17),
  ALLOW_PLAIN_PKCE: booleanFlag.default(true),
  REFRESH_TOKEN_GRACE_PERIOD: duration.default(0),
  KEY_ROTATION_INTERVAL: duration.optional(),
  JWKS_PREPUBLISH: duration.default(600),
  KEYS_DIR: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL: duration.default(3600),
  REFRESH_TOKEN_TTL: duration.default(30 * 86400),
  AUTHORIZATION_CODE_TTL: duration.default(600),
  SESSION_TTL: duration.default(12 * 3600),
  LOGIN_THROTTLE_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_THROTTLE_WINDOW: duration.default(15 * 60),
  AUDIT_SEAL_INTERVAL: duration.default(10).refine((s) => s <= 86400, 'AUDIT_SEAL_INTERVAL must be at most a day (0 turns the timer off)'),
  SHUTDOWN_TIMEOUT: duration.default(10).refine((s) => s >= 1 && s <= 600, 'SHUTDOWN_TIMEOUT must be between 1s and 10m'),
  READY_MAX_PROJECTION_LAG: duration.default(30).refine((s) => s >= 1 && s <= 86400, 'READY_MAX_PROJECTION_LAG must be between 1s and 1d'),
}).superRefine((c, ctx) => {
  for (const key of ['REFRESH_TOKEN_GRACE_PERIOD', 'KEY_ROTATION_INTERVAL', 'JWKS_PREPUBLISH'] as const) {
    const value = c[key];
    if (value !== undefined && value > ONE_YEAR) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be at most a year` });
  }
  for (const [key, [min, max]] of Object.entries(LIFETIME_BOUNDS) as [keyof typeof LIFETIME_BOUNDS, readonly [number, number]][]) {
    if (c[key] < min || c[key] > max) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be between ${describe(min)} and ${describe(max)}` });
  }
  if (c.REFRESH_TOKEN_TTL < c.ACCESS_TOKEN_TTL) {
    ctx.addIssue({ code: 'custom', path: ['REFRESH_TOKEN_TTL'], message: 'REFRESH_TOKEN_TTL must not be shorter than ACCESS_TOKEN_TTL' });
  }
  if (c.KEY_ROTATION_INTERVAL !== undefined && c.KEY_ROTATION_INTERVAL <= c.JWKS_PREPUBLISH) {
    ctx.addIssue({ code: 'custom', path: ['KEY_ROTATION_INTERVAL'], message: 'KEY_ROTATION_INTERVAL must be longer than JWKS_PREPUBLISH (the next key must be published that long before it signs)' });
  }
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** No trailing slash. */
  readonly issuer: string;
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof logLevel>;
  readonly keyEncryptionKey: string | undefined;
  readonly eventStoreUrl: string | undefined;
  readonly mongodbUrl: string | undefined;
  readonly mongodbDatabase: string;
  /** log2 of scrypt's N. */
  readonly passwordHashCost: number;
  readonly allowPlainPkce: boolean;
  readonly refreshTokenGraceSeconds: number;
  readonly keyRotationIntervalSeconds: number | undefined;
  readonly jwksPrepublishSeconds: number;
  readonly keysDir: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly authorizationCodeTtlSeconds: number;
  /** How long a login session (the session cookie) lasts. */
  readonly sessionTtlSeconds: number;
  /** `maxFailures` failed logins for one email within `windowSeconds` lock that email's logins. */
  readonly loginThrottle: { readonly maxFailures: number; readonly windowSeconds: number };
  /** The server seals the audit log this often when new events exist; 0: only `authmaster audit seal` does. */
  readonly auditSealIntervalSeconds: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take before their connections are cut. */
  readonly shutdownTimeoutSeconds: number;
  /** /readyz fails when a projection's oldest unprojected event is older than this. */
  readonly readyMaxProjectionLagSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const c = parsed.data;
  const issuer = (c.ISSUER ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return {
    port: c.PORT,
    host: c.HOST,
    issuer,
    dataDir: isAbsolute(c.DATA_DIR) ? c.DATA_DIR : resolve(cwd, c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    keyEncryptionKey: c.KEY_ENCRYPTION_KEY,
    eventStoreUrl: c.EVENTSTORE_URL,
    mongodbUrl: c.MONGODB_URL,
    mongodbDatabase: c.MONGODB_DATABASE,
    passwordHashCost: c.PASSWORD_HASH_COST,
    allowPlainPkce: c.ALLOW_PLAIN_PKCE,
    refreshTokenGraceSeconds: c.REFRESH_TOKEN_GRACE_PERIOD,
    keyRotationIntervalSeconds: c.KEY_ROTATION_INTERVAL,
    jwksPrepublishSeconds: c.JWKS_PREPUBLISH,
    keysDir: c.KEYS_DIR,
    accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: c.REFRESH_TOKEN_TTL,
    authorizationCodeTtlSeconds: c.AUTHORIZATION_CODE_TTL,
    sessionTtlSeconds: c.SESSION_TTL,
    loginThrottle: { maxFailures: c.LOGIN_THROTTLE_FAILURES, windowSeconds: c.LOGIN_THROTTLE_WINDOW },
    auditSealIntervalSeconds: c.AUDIT_SEAL_INTERVAL,
    shutdownTimeoutSeconds: c.SHUTDOWN_TIMEOUT,
    readyMaxProjectionLagSeconds: c.READY_MAX_PROJECTION_LAG,
  };
}
