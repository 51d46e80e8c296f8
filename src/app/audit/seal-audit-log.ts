import type { Clock } from '../../ports/clock.port.js';
import type { EventStore, JsonObject } from '../../ports/event-store.port.js';
import { SealSupersededError } from '../../domain/audit/seal-stream.decide.js';
import type { Jwt } from '../../ports/jwt.port.js';
import type { SigningAlgorithm } from '../../ports/key-manager.port.js';
import type { Random } from '../../ports/random.port.js';
import type { CommandContext } from '../shared/context.js';
import { appendSeal } from './append-seal.js';
import type { SealClaims, SealData } from './audit-chain.js';
import { SEAL_JWS_TYP } from './audit-chain.js';
import { foldSinceSeal } from './seal-fold.js';
import type { SealCursor } from './seal-cursor.js';
import { GENESIS_CURSOR, readSealCursor } from './seal-cursor.js';

export interface AuditSealerDeps {
  readonly store: EventStore;
  readonly random: Random;
  readonly clock: Clock;
  /** Signs the seal with the active key of `alg`, as access tokens are signed. */
  readonly jwt: Jwt;
}

export interface AuditSealerOptions {
  /** Default ES256, the algorithm of access tokens. */
  readonly alg?: SigningAlgorithm;
  /** Attempts when other sealers keep winning the race; default 10. */
  readonly maxAttempts?: number;
  readonly pageSize?: number;
  /** Events folded so far (for a progress bar on long scans). */
  readonly onProgress?: (done: number) => void;
}

export type SealOutcome =
  | { readonly sealed: SealData; readonly position: bigint }
  | { readonly sealed: null; readonly reason: 'nothing-new' };

/**
 * Folds the log from the last seal and appends the next AuditLogSealed event to the one seal
 * stream under optimistic concurrency: nodes (and the CLI) sealing the same store make one chain.
 * A loser re-reads the seal stream and continues from the winner's seal — no leader election.
 * A seal is made only when an event outside the seal stream is not covered yet.
 */
export class AuditSealer {
  private cursor: SealCursor = GENESIS_CURSOR;

  constructor(private readonly deps: AuditSealerDeps, private readonly options: AuditSealerOptions = {}) {}

  async seal(context: CommandContext): Promise<SealOutcome> {
    const maxAttempts = this.options.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      this.cursor = await readSealCursor(this.deps.store, this.cursor);
      const fold = await foldSinceSeal(this.deps.store, this.cursor, this.options);
      if (fold.range === null || !fold.hasNews) return { sealed: null, reason: 'nothing-new' };
      const now = this.deps.clock.now();
      const claims: SealClaims = {
        v: 1,
        seq: this.cursor.nextSeq,
        sealed_at: new Date(now).toISOString(),
        first_position: fold.range.firstPosition.toString(),
        last_position: fold.range.lastPosition.toString(),
        first_event_id: fold.range.firstEventId,
        last_event_id: fold.range.lastEventId,
        count: fold.count,
        total: this.cursor.total + fold.count,
        head: fold.head,
        prev_seal: this.cursor.prevSeal,
      };
      const jws = await this.deps.jwt.sign({ ...claims } as JsonObject, { alg: this.options.alg ?? 'ES256', typ: SEAL_JWS_TYP });
      const { kid, alg } = protectedHeader(jws);
      const seal: SealData = { ...claims, kid, alg, jws };
      try {
        const { result } = await appendSeal(this.deps, seal, this.cursor.expectedRevision, context, now);
        if (result === null) throw new Error('the seal decision recorded nothing');
        return { sealed: seal, position: result.position };
      } catch (error) {
        if (!(error instanceof SealSupersededError) || attempt >= maxAttempts) throw error;
        // another sealer won: the next round reads its seal and continues from there
      }
    }
  }
}

function protectedHeader(jws: string): { kid: string; alg: string } {
  const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown; alg?: unknown };
  if (typeof header.kid !== 'string' || typeof header.alg !== 'string') throw new Error('the JWT signer returned a JWS without kid or alg');
  return { kid: header.kid, alg: header.alg };
}
