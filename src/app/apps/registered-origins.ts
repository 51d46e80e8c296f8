import { APPS_COLLECTION } from '../../../projections/apps.projection.js';
import type { AppDocument } from '../../../projections/apps.projection.js';
import { corsOriginsOf } from '../../domain/apps/cors-origins.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { ReadModelStore } from '../../ports/read-models.port.js';

/** The origins of every live app, as of one read of the apps read model. */
export function liveAppOrigins(apps: readonly AppDocument[]): Set<string> {
  const origins = new Set<string>();
  for (const app of apps) {
    if (app.status !== 'active') continue;
    for (const origin of corsOriginsOf({ redirectUris: app.redirect_uris, allowedOrigins: app.allowed_origins })) origins.add(origin);
  }
  return origins;
}

/**
 * A preflight for an origin the set does not hold re-reads the apps read model when the set is at
 * least this old: an app registered a moment ago works from its own origin within a second, not
 * only after the TTL, and a flood of preflights from unknown origins costs one read a second.
 */
export const MISS_RECHECK_MS = 1000;

/**
 * "Does any live app (neither disabled nor deleted) register this browser origin?", the question
 * of a CORS preflight, which carries no client id. Answered from memory: the set of origins is
 * rebuilt from the apps read model at most once per `ttlMs` (one read, shared by the calls that
 * arrive meanwhile), so a change (a disabled app) shows within the TTL plus the read model's lag;
 * an origin not in the set is looked up again once the set is MISS_RECHECK_MS old (a new app). When a rebuild fails, the last set stays (or none, before the first success) and the
 * next call tries again. Per-client decisions never come from here: they read the app's stream.
 */
export class RegisteredOrigins {
  private origins: ReadonlySet<string> = new Set();
  private loadedAt: number | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly readModels: ReadModelStore,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  async has(origin: string): Promise<boolean> {
    const now = this.clock.now();
    if (this.loadedAt === null || now - this.loadedAt >= this.ttlMs) await this.refresh(now);
    if (this.origins.has(origin)) return true;
    if (this.loadedAt !== null && now - this.loadedAt >= Math.min(MISS_RECHECK_MS, this.ttlMs)) await this.refresh(now);
    return this.origins.has(origin);
  }

  private refresh(now: number): Promise<void> {
    this.loading ??= this.readModels
      .find<AppDocument>(APPS_COLLECTION, { status: 'active' })
      .then((apps) => {
        this.origins = liveAppOrigins(apps);
        this.loadedAt = now;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'the CORS origins could not be read from the apps read model');
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
