import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { RateLimitSettings } from '../../adapters/http/rate-limits/rate-limits.js';
import { ID_TOKEN_CLAIMS_POLICIES } from '../app/tokens/user-claims.js';

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
/** `auto`: pretty when the log goes to a terminal, JSON lines otherwise. */
const logFormat = z.enum(['json', 'pretty', 'auto']);

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

/** A rate limit: a count per window, 0 = off. */
const rateLimit = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000).default(fallback);

/** Which hops express trusts to tell the client IP (`trust proxy`): false, true, a number of hops, or addresses and CIDRs. */
export type TrustProxy = boolean | number | readonly string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** TRUST_PROXY as express takes it: `false` (default), `true`, a hop count, or a comma list of addresses/CIDRs (`loopback`, `linklocal`, `uniquelocal` too). */
const trustProxy = z.string().transform((raw, ctx): TrustProxy => {
  const value = raw.trim().toLowerCase();
  if (value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (entries.length === 0 || bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `TRUST_PROXY must be true, false, a number of hops, or a comma list of IP addresses/CIDRs (or loopback, linklocal, uniquelocal); not ${bad.join(', ') || 'empty'}` });
    return z.NEVER;
  }
  return entries;
});

/** WORKERS: how many server processes share the port (node:cluster); `auto`: one per available CPU. */
const MAX_WORKERS = 64;
const workers = z.string().transform((raw, ctx): number => {
  const value = raw.trim().toLowerCase();
  if (value === 'auto') return Math.min(MAX_WORKERS, availableParallelism());
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_WORKERS) return Number(value);
  ctx.addIssue({ code: 'custom', message: `WORKERS must be a whole number from 1 to ${MAX_WORKERS}, or auto (one per CPU)` });
  return z.NEVER;
});

/** OIDC Discovery §3: an https (or http) URL without query, fragment or user information. */
const issuerUrl = z
  .url({ protocol: /^https?$/ })
  .refine((raw) => {
    const url = new URL(raw);
    return url.search === '' && url.hash === '' && url.username === '' && url.password === '' && !raw.includes('?') && !raw.includes('#');
  }, 'ISSUER must be an http(s) URL without query, fragment or user information');

/** RFC 8707 §2: the default audience is an absolute URI without a fragment (it need not be a registered app). */
const resourceIdentifier = z
  .string()
  .refine((raw) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw) && URL.canParse(raw) && !/[\s#]/.test(raw), 'DEFAULT_RESOURCE must be an absolute URI without a fragment');

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
  LOG_FORMAT: logFormat.default('auto'),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
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
  DEFAULT_RESOURCE: resourceIdentifier.optional(),
  ID_TOKEN_CLAIMS: z.enum(ID_TOKEN_CLAIMS_POLICIES).default('scopes'),
  SITE_NAME: z.string().trim().min(1).max(100).optional(),
  LOGOUT_REVOKES_TOKENS: booleanFlag.default(false),
  AUDIT_SEAL_INTERVAL: duration.default(10).refine((s) => s <= 86400, 'AUDIT_SEAL_INTERVAL must be at most a day (0 turns the timer off)'),
  CORS_ORIGINS_TTL: duration.default(10).refine((s) => s <= 3600, 'CORS_ORIGINS_TTL must be at most an hour'),
  TRUST_PROXY: trustProxy.default(false),
  RATE_LIMIT_WINDOW: duration.default(60).refine((s) => s >= 1 && s <= 3600, 'RATE_LIMIT_WINDOW must be between 1s and 1h'),
  RATE_LIMIT_CLIENT_AUTH_FAILURES: rateLimit(10),
  RATE_LIMIT_IP_AUTH_FAILURES: rateLimit(100),
  RATE_LIMIT_USER_REGISTRATIONS: rateLimit(20),
  RATE_LIMIT_IP_REQUESTS: rateLimit(600),
  RATE_LIMIT_IP_TOKEN_REQUESTS: rateLimit(0),
  SHUTDOWN_TIMEOUT: duration.default(10).refine((s) => s >= 1 && s <= 600, 'SHUTDOWN_TIMEOUT must be between 1s and 10m'),
  READY_MAX_PROJECTION_LAG: duration.default(30).refine((s) => s >= 1 && s <= 86400, 'READY_MAX_PROJECTION_LAG must be between 1s and 1d'),
  WORKERS: workers.default(1),
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
  /** `json` lines, `pretty` (pino-pretty, for humans), or `auto`: pretty when the destination is a terminal. */
  readonly logFormat: z.infer<typeof logFormat>;
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  readonly metricsToken: string | undefined;
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
  /** CORS preflights read the origins registered by live apps from memory, rebuilt this often from the apps read model (0: on every preflight). */
  readonly corsOriginsTtlSeconds: number;
  /** The `aud` of access tokens requested without an RFC 8707 `resource`; null: the issuer. */
  readonly defaultResource: string | null;
  /** `scopes`: ID tokens carry the user's claims of the granted scopes (as userinfo); `minimal`: protocol claims only. */
  readonly idTokenClaims: (typeof ID_TOKEN_CLAIMS_POLICIES)[number];
  /** Who the sign-in pages say is asking for the password; default: the issuer's host. */
  readonly siteName: string;
  /** RP-initiated logout also revokes the token families born from the ended session. */
  readonly logoutRevokesTokens: boolean;
  /** express `trust proxy`: which hops may tell the client IP (X-Forwarded-For); false: the socket's address. */
  readonly trustProxy: TrustProxy;
  /** Counts per window, in each node's memory; 0 turns a limit off (adapters/http/rate-limits). */
  readonly rateLimits: RateLimitSettings;
  /** On SIGTERM/SIGINT, how long requests in flight may take before their connections are cut. */
  readonly shutdownTimeoutSeconds: number;
  /** /readyz fails when a projection's oldest unprojected event is older than this. */
  readonly readyMaxProjectionLagSeconds: number;
  /** How many server processes share the port (node:cluster, all on one store); 1: this process serves, no cluster. */
  readonly workers: number;
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
  if (c.DEFAULT_RESOURCE !== undefined && c.DEFAULT_RESOURCE.startsWith(`${issuer}/api`)) {
    throw new ConfigError(['DEFAULT_RESOURCE: must not be the management API (<ISSUER>/api)']);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    issuer,
    dataDir: isAbsolute(c.DATA_DIR) ? c.DATA_DIR : resolve(cwd, c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    metricsToken: c.METRICS_TOKEN,
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
    corsOriginsTtlSeconds: c.CORS_ORIGINS_TTL,
    defaultResource: c.DEFAULT_RESOURCE ?? null,
    idTokenClaims: c.ID_TOKEN_CLAIMS,
    siteName: c.SITE_NAME ?? new URL(issuer).host,
    logoutRevokesTokens: c.LOGOUT_REVOKES_TOKENS,
    trustProxy: c.TRUST_PROXY,
    rateLimits: {
      windowSeconds: c.RATE_LIMIT_WINDOW,
      clientAuthFailures: c.RATE_LIMIT_CLIENT_AUTH_FAILURES,
      ipAuthFailures: c.RATE_LIMIT_IP_AUTH_FAILURES,
      userRegistrations: c.RATE_LIMIT_USER_REGISTRATIONS,
      ipRequests: c.RATE_LIMIT_IP_REQUESTS,
      ipTokenRequests: c.RATE_LIMIT_IP_TOKEN_REQUESTS,
    },
    shutdownTimeoutSeconds: c.SHUTDOWN_TIMEOUT,
    readyMaxProjectionLagSeconds: c.READY_MAX_PROJECTION_LAG,
    workers: c.WORKERS,
  };
}
