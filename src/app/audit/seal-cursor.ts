import { DomainError } from '../../domain/shared/errors.js';
import type { EventStore, ExpectedRevision } from '../../ports/event-store.port.js';
import { GENESIS_HEAD, SEAL_EVENT_TYPE, SEAL_STREAM, sealHash } from './audit-chain.js';
import { readRecordedStream } from '../shared/stream-reader.js';

/** Where the seal chain stands: the last seal (as written by whichever node won) or the genesis. */
export interface SealCursor {
  /** The seal stream's revision to expect when appending the next seal. */
  readonly expectedRevision: ExpectedRevision;
  /** The next seal's `seq`. */
  readonly nextSeq: number;
  /** Events of the log covered so far. */
  readonly total: number;
  readonly head: string;
  /** Position of the last covered event; undefined before the first seal. */
  readonly lastPosition: bigint | undefined;
  /** The `prev_seal` of the next seal. */
  readonly prevSeal: string;
  /** Position of the newest seal event itself; undefined before the first seal. */
  readonly sealPosition: bigint | undefined;
}

export const GENESIS_CURSOR: SealCursor = { expectedRevision: 'no_stream', nextSeq: 0, total: 0, head: GENESIS_HEAD, lastPosition: undefined, prevSeal: GENESIS_HEAD, sealPosition: undefined };

const PAGE = 1000;

/**
 * The cursor after the newest seal, reading the seal stream forwards from what `known` already
 * covers (the port has no backwards read; a sealer keeps its cursor, so each call reads only new seals).
 */
export async function readSealCursor(store: EventStore, known: SealCursor = GENESIS_CURSOR): Promise<SealCursor> {
  let cursor = known;
  for (;;) {
    const fromRevision = typeof cursor.expectedRevision === 'number' ? cursor.expectedRevision + 1 : 0;
    const page = await readRecordedStream(store, SEAL_STREAM, { fromRevision, maxCount: PAGE });
    for (const event of page) {
      if (event.type !== SEAL_EVENT_TYPE) {
        cursor = { ...cursor, expectedRevision: event.revision };
        continue;
      }
      const d = event.data;
      const total = d['total'];
      const head = d['head'];
      const lastPosition = d['last_position'];
      const seq = d['seq'];
      const jws = d['jws'];
      if (typeof total !== 'number' || typeof head !== 'string' || typeof lastPosition !== 'string' || typeof seq !== 'number' || typeof jws !== 'string' || !/^\d+$/.test(lastPosition)) {
        throw new MalformedSealError(event.position);
      }
      cursor = { expectedRevision: event.revision, nextSeq: seq + 1, total, head, lastPosition: BigInt(lastPosition), prevSeal: sealHash(jws), sealPosition: event.position };
    }
    if (page.length < PAGE) return cursor;
  }
}

/** The seal stream holds something that is not a seal this version can continue from; `audit verify` says what. */
export class MalformedSealError extends DomainError {
  readonly code = 'malformed_seal';
  constructor(readonly position: bigint) {
    super(`the seal at position ${position} is malformed; run \`authmaster audit verify\``);
  }
}
