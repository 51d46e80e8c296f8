import { authorizationCodeDecider } from '../../domain/oauth/authorization-code.decide.js';
import type { ValidAuthorizationRequest } from '../../domain/oauth/authorization-request.js';
import { authorizationCodeStream } from '../../domain/oauth/streams.js';
import { sha256 } from '../../domain/shared/hash.js';
import { handleCommand } from '../shared/command-handler.js';
import type { AuthorizationDeps } from './authorization-deps.js';
import type { AuthorizationStep } from './authorization-step.js';
import { codeRedirect } from './authorization-step.js';
import { appIdOf, userIdOf } from '../../domain/shared/ids.js';

/** 32 random bytes (256 bits): the code is single-use, short-lived and stored only as its SHA-256. */
export const CODE_BYTES = 32;

/**
 * Issues an authorization code for the user (RFC 6749 §4.1.2) on stream `authcode-<sha256(code)>`
 * and answers the redirect that carries it. Actor: the user.
 */
export async function issueCode(
  deps: AuthorizationDeps,
  request: ValidAuthorizationRequest,
  user: { readonly userId: string; readonly authTime: number; readonly sessionIdHash?: string },
  correlationId: string,
): Promise<AuthorizationStep> {
  const now = deps.clock.now();
  const code = deps.random.token(CODE_BYTES);
  const codeHash = sha256(code);
  await handleCommand(
    deps,
    authorizationCodeStream(codeHash),
    authorizationCodeDecider,
    {
      type: 'IssueCode',
      codeHash,
      clientId: appIdOf(request.clientId),
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      userId: userIdOf(user.userId),
      authTime: user.authTime,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      now,
      ttlMs: deps.settings.authorizationCodeTtlSeconds * 1000,
      sessionIdHash: user.sessionIdHash,
      resources: request.resources,
    },
    { actor: `user:${user.userId}`, correlationId },
    now,
  );
  return codeRedirect(request.redirectUri, request.state, code, deps.settings.issuer);
}
