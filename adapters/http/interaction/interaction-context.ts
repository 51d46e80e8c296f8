import type { AuthorizationDeps } from '../../../src/app/authorization/authorization-deps.js';
import type { HttpDeps } from '../http-deps.js';
import type { CookiePolicy } from './cookies.js';
import { cookiePolicy } from './cookies.js';
import type { InteractionPaths } from './redirects.js';
import { interactionPaths } from './redirects.js';

/** What the authorize, login and consent routes share. */
export interface InteractionContext {
  readonly app: AuthorizationDeps;
  readonly cookies: CookiePolicy;
  readonly paths: InteractionPaths;
  readonly deps: HttpDeps;
}

export function interactionContext(deps: HttpDeps): InteractionContext {
  const { settings } = deps;
  return {
    deps,
    app: {
      store: deps.store,
      apps: deps.apps,
      clock: deps.clock,
      random: deps.random,
      passwordHasher: deps.passwordHasher,
      settings: {
        issuer: settings.issuer,
        allowPlainPkce: settings.allowPlainPkce,
        authorizationCodeTtlSeconds: settings.authorizationCodeTtlSeconds,
        sessionTtlSeconds: settings.sessionTtlSeconds,
        loginThrottle: settings.loginThrottle,
      },
    },
    cookies: cookiePolicy(settings.issuer),
    paths: interactionPaths(settings.issuer),
  };
}
