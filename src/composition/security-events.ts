import type { AppendListener } from '../../adapters/shared/observed-event-store.js';
import type { NewEvent } from '../ports/event-store.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Metrics } from '../ports/metrics.port.js';

const text = (event: NewEvent, field: string): string | undefined => {
  const value = event.data[field];
  return typeof value === 'string' ? value : undefined;
};

/** Who did it and which request: every security line carries them (never a token, code or hash). */
const origin = (event: NewEvent): Record<string, unknown> => ({ actor: event.metadata.actor, correlation_id: event.metadata.correlationId });

/** `family-<id>` -> `<id>` */
const familyOf = (streamName: string): string => streamName.slice(streamName.indexOf('-') + 1);

/**
 * Security facts as this process records them, logged at `warn` and counted: refresh token reuse,
 * authorization code replay, token family revocations (by reason), revocations by security ops,
 * signing key activations, retirements and revocations (a new store's first keys, and keys merely
 * generated, at info). Observed on the event store's successful appends (observed-event-store.ts),
 * so every driving adapter's use of the core is covered and the core stays free of logging.
 */
export function securityEventListener(logger: Logger, metrics: Metrics): AppendListener {
  return (streamName, events) => {
    for (const event of events) {
      switch (event.type) {
        case 'RefreshTokenReuseDetected':
          metrics.refreshReuse();
          logger.warn({ ...origin(event), family_id: familyOf(streamName), client_id: text(event, 'clientId') }, 'refresh token reuse detected: the family is revoked');
          break;
        case 'AuthorizationCodeReplayDetected':
          metrics.codeReplay();
          logger.warn({ ...origin(event), family_id: text(event, 'familyId'), client_id: text(event, 'clientId') }, 'authorization code replay detected: the family of its first redemption is revoked');
          break;
        case 'TokenFamilyRevoked': {
          const reason = text(event, 'reason') ?? 'unknown';
          metrics.revoked(reason === 'token_revocation' ? 'token' : 'family', reason);
          logger.warn({ ...origin(event), family_id: familyOf(streamName), reason, revocation_id: text(event, 'revocationId') }, 'token family revoked');
          break;
        }
        case 'TokensRevokedByOps': {
          const selector = ['userId', 'clientId', 'familyId', 'sessionIdHash', 'kid'].find((field) => text(event, field) !== undefined) ?? 'unknown';
          metrics.revoked('ops', selector);
          logger.warn({ ...origin(event), revocation_id: text(event, 'revocationId'), selector, reason: text(event, 'reason') }, 'revocation by security ops recorded');
          break;
        }
        case 'SigningKeyRevoked':
          metrics.revoked('key', text(event, 'reason') ?? 'unknown');
          logger.warn({ ...origin(event), kid: text(event, 'kid'), alg: text(event, 'alg'), reason: text(event, 'reason') }, 'signing key revoked');
          break;
        case 'SigningKeyGenerated':
          // a new next key is published; it signs nothing yet (its activation is the change that matters)
          logger.info({ ...origin(event), kid: text(event, 'kid'), alg: text(event, 'alg') }, 'signing key generated');
          break;
        case 'SigningKeyActivated':
        case 'SigningKeyRetired': {
          const cause = text(event, 'cause');
          const fields = { ...origin(event), kid: text(event, 'kid'), alg: text(event, 'alg'), change: event.type, cause };
          // the first keys of a new store are set-up, not a change
          if (cause === 'initial') logger.info(fields, 'signing key changed');
          else logger.warn(fields, 'signing key changed');
          break;
        }
        default:
          break;
      }
    }
  };
}
