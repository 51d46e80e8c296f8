import type { DomainEvent } from '../shared/event.js';
import { eventGuard } from '../shared/decider.js';
import type { PkceMethod } from './pkce.js';
import type { Scope } from './scopes.js';

/**
 * Stream `authcode-<sha256 of the code>` (streams.ts). The code itself is never stored.
 * Times are epoch milliseconds.
 */
export type AuthorizationCodeIssued = DomainEvent<
  'AuthorizationCodeIssued',
  {
    codeHash: string;
    clientId: string;
    /** The redirect_uri of the authorization request; null when the request had none. */
    redirectUri: string | null;
    scopes: Scope[];
    userId: string;
    /** When the user authenticated (OIDC auth_time, epoch ms). */
    authTime: number;
    nonce: string | null;
    codeChallenge: string | null;
    codeChallengeMethod: PkceMethod | null;
    issuedAt: number;
    expiresAt: number;
    /** SHA-256 of the login session the user authorized from (absent in older events); carried to the family. */
    sessionIdHash?: string;
    /** RFC 8707 resources the authorization request named (absent in older events, and when none): the grant's audience. */
    resources?: string[];
  }
>;

/**
 * The code was exchanged; `familyId` names the token family the exchange started. `resources`: the
 * first access token's audience (RFC 8707), when the grant has resources.
 */
export type AuthorizationCodeRedeemed = DomainEvent<'AuthorizationCodeRedeemed', { familyId: string; redeemedAt: number; resources?: string[] }>;

/**
 * The code was presented again after its redemption (RFC 6749 §4.1.2). `familyId` is the family
 * of the FIRST redemption: the handler revokes it (TokenFamily Revoke, reason `code_replay`).
 */
export type AuthorizationCodeReplayDetected = DomainEvent<
  'AuthorizationCodeReplayDetected',
  { familyId: string; clientId: string; detectedAt: number }
>;

export type AuthorizationCodeEvent = AuthorizationCodeIssued | AuthorizationCodeRedeemed | AuthorizationCodeReplayDetected;

export const isAuthorizationCodeEvent = eventGuard<AuthorizationCodeEvent>([
  'AuthorizationCodeIssued',
  'AuthorizationCodeRedeemed',
  'AuthorizationCodeReplayDetected',
]);
