import { isAppEvent } from '../apps/app.events.js';
import type { AppState } from '../apps/app.evolve.js';
import { evolveApp, initialAppState } from '../apps/app.evolve.js';
import type { ConsentEvent } from '../oauth/consent.events.js';
import type { ConsentState } from '../oauth/consent.evolve.js';
import { evolveConsent, initialConsentState } from '../oauth/consent.evolve.js';
import { CONSENT_STREAM_PREFIX, TOKEN_FAMILY_STREAM_PREFIX } from '../oauth/streams.js';
import { isTokenFamilyEvent } from '../oauth/token-family.events.js';
import type { TokenFamilyState } from '../oauth/token-family.evolve.js';
import { evolveTokenFamily, initialTokenFamilyState } from '../oauth/token-family.evolve.js';
import { isConsentEvent } from '../oauth/consent.events.js';
import type { SigningKeysState } from '../keys/signing-keys.evolve.js';
import { evolveSigningKeys, initialSigningKeysState } from '../keys/signing-keys.evolve.js';
import { isSigningKeyEvent, SIGNING_KEYS_STREAM } from '../keys/signing-key.events.js';
import type { JsonObject } from '../../ports/event-store.port.js';
import { isOpsRevocationEvent, OPS_REVOCATIONS_STREAM } from '../ops/ops-revocation.events.js';
import type { OpsRevocationsState } from '../ops/ops-revocation.evolve.js';
import { evolveOpsRevocations, initialOpsRevocationsState } from '../ops/ops-revocation.evolve.js';
import type { DomainEvent } from '../shared/event.js';

/** What the fold reads of an event (a RecordedEvent fits). */
export interface StateEvent {
  readonly type: string;
  readonly streamName: string;
  readonly data: unknown;
}

interface ConsentEntry {
  readonly userId: string;
  readonly clientId: string;
  readonly state: ConsentState;
}

/**
 * The authorization state folded from the log with the deciders' own evolve functions: token
 * families, consents, signing keys and the revocations by security ops (which kill the families
 * they match without an event on each family's stream). Feed it the events up to an instant (in log order), then
 * ask `authorizationStateAt` (authorization-state.at.ts) what was in force at that instant.
 */
export class AuthorizationStateFold {
  readonly families = new Map<string, TokenFamilyState>();
  readonly consents = new Map<string, ConsentEntry>();
  keys: SigningKeysState = initialSigningKeysState();
  revocations: OpsRevocationsState = initialOpsRevocationsState();
  /** App states by app id: a disabled or deleted app's families are dead (its tokensValidAfter watermark). */
  readonly apps = new Map<string, AppState>();

  apply(event: StateEvent): void {
    const { streamName } = event;
    const domainEvent: DomainEvent = { type: event.type, data: event.data as JsonObject };
    if (streamName.startsWith(TOKEN_FAMILY_STREAM_PREFIX)) {
      if (!isTokenFamilyEvent(domainEvent)) return;
      const before = this.families.get(streamName) ?? initialTokenFamilyState();
      this.families.set(streamName, evolveTokenFamily(before, domainEvent));
    } else if (streamName.startsWith(CONSENT_STREAM_PREFIX)) {
      if (!isConsentEvent(domainEvent)) return;
      const consent: ConsentEvent = domainEvent;
      const before = this.consents.get(streamName);
      if (before === undefined && consent.type !== 'ConsentGranted') return;
      const userId = before?.userId ?? (consent.type === 'ConsentGranted' ? consent.data.userId : '');
      const clientId = before?.clientId ?? (consent.type === 'ConsentGranted' ? consent.data.clientId : '');
      this.consents.set(streamName, { userId, clientId, state: evolveConsent(before?.state ?? initialConsentState(), consent) });
    } else if (streamName.startsWith('app-') && isAppEvent(domainEvent)) {
      const appId = streamName.slice('app-'.length);
      this.apps.set(appId, evolveApp(this.apps.get(appId) ?? initialAppState(), domainEvent));
    } else if (streamName === SIGNING_KEYS_STREAM && isSigningKeyEvent(domainEvent)) {
      this.keys = evolveSigningKeys(this.keys, domainEvent);
    } else if (streamName === OPS_REVOCATIONS_STREAM && isOpsRevocationEvent(domainEvent)) {
      this.revocations = evolveOpsRevocations(this.revocations, domainEvent);
    }
  }
}
