#!/usr/bin/env node
/**
 * AuthMaster's sealed audit log: the chain rules and the verifier, in ONE plain ESM file that needs
 * only Node.js (node:crypto; node:fs and node:readline to read a file). The server's sealer, its
 * `audit verify`, `audit verify --file` and this script all use the code below, so there is one
 * definition of the chain. Format: docs/audit-export.md.
 *
 *   node tools/verify-audit-export.mjs EXPORT.ndjson     exit 0 intact, 1 tampered, 2 usage/unreadable
 *
 * The chain (version "sha256-chain-v1"):
 *   canonical(v)  = JSON with object keys sorted (by UTF-16 code unit), no whitespace, strings and
 *                   numbers as JSON.stringify writes them
 *   data_sha256   = SHA-256(UTF-8 canonical(e.data))                               (hex)
 *   hash(e)       = SHA-256(UTF-8 canonical({id, stream, revision, type, metadata, data_sha256}))   (hex)
 *                   (the data is hashed apart so an export can show an event's envelope and withhold its data)
 *   head_0        = 64 zeros;  head_n = SHA-256(head_{n-1} || hash(e_n) || ASCII(position_n))  (raw bytes in, hex out)
 * Every event of the global log is chained in log order, seal events included; a seal covers the
 * first `total` events of the log and is itself covered by the next seal.
 */
import { createHash, createPublicKey, hash as cryptoHash, verify as verifySignature } from 'node:crypto';

export const CHAIN_VERSION = 'sha256-chain-v1';
export const EXPORT_FORMAT = 'authmaster-audit-export';
export const EXPORT_VERSION = 1;
export const SEAL_STREAM = 'audit-seals';
export const SEAL_EVENT_TYPE = 'AuditLogSealed';
export const SEAL_JWS_TYP = 'audit-seal+jwt';
export const SIGNING_KEYS_STREAM = 'signing-keys';
export const GENESIS_HEAD = '0'.repeat(64);

/** Sorted-key JSON without whitespace; rejects values JSON cannot carry. (Hot path of a full scan: plain loops.) */
export function canonicalJson(value) {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON: non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
        return `${out}]`;
      }
      const keys = Object.keys(value).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = value[key];
        if (member === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON: unsupported ${typeof value}`);
  }
}

/** Hex SHA-256 (the one-shot crypto.hash where Node has it: cheaper per event than a Hash object). */
const sha256Hex = typeof cryptoHash === 'function' ? (input) => cryptoHash('sha256', input, 'hex') : (input) => createHash('sha256').update(input).digest('hex');

/** The chained fields of an event, in the export's naming (`stream`, not `streamName`). */
export function canonicalFields(event) {
  return { id: event.id, stream: event.stream, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata };
}

export function dataHash(data) {
  return sha256Hex(canonicalJson(data));
}

/** An event without its data: what an export shows of an event whose data it withholds. */
export function envelopeOf(event) {
  return { id: event.id, stream: event.stream, revision: event.revision, type: event.type, metadata: event.metadata, data_sha256: dataHash(event.data) };
}

export function envelopeHash(envelope) {
  const { id, stream, revision, type, metadata, data_sha256 } = envelope;
  if (typeof data_sha256 !== 'string' || !HEX64.test(data_sha256)) throw new TypeError('data_sha256 is not a SHA-256');
  // = canonicalJson({ id, stream, revision, type, metadata, data_sha256 }), keys already in sorted order
  return sha256Hex(`{"data_sha256":"${data_sha256}","id":${canonicalJson(id)},"metadata":${canonicalJson(metadata)},"revision":${canonicalJson(revision)},"stream":${canonicalJson(stream)},"type":${canonicalJson(type)}}`);
}

export function eventHash(fields) {
  return envelopeHash(envelopeOf(fields));
}

const scratch = Buffer.alloc(64 + 40);

export function chainNext(head, hash, position) {
  // head and hash are hex SHA-256s (computed here, or checked by the verifier when read from a file)
  const text = String(position);
  if (text.length > 40) throw new TypeError('chainNext: position too long');
  scratch.write(head, 0, 'hex');
  scratch.write(hash, 32, 'hex');
  const end = 64 + scratch.write(text, 64, 'latin1');
  return sha256Hex(scratch.subarray(0, end));
}

/** What a seal's JWS signs: every member of the seal event's data except `jws` (kid and alg ride in the protected header). */
export const SEAL_CLAIMS = ['v', 'seq', 'sealed_at', 'first_position', 'last_position', 'first_event_id', 'last_event_id', 'count', 'total', 'head', 'prev_seal'];

export function sealClaims(data) {
  const claims = {};
  for (const name of SEAL_CLAIMS) claims[name] = data[name];
  return claims;
}

/** The hash the next seal names as `prev_seal`. */
export function sealHash(jws) {
  return createHash('sha256').update(String(jws), 'ascii').digest('hex');
}

/** RFC 7638 thumbprint of a public JWK (how event-sourced keys get their kid). */
export function jwkThumbprint(jwk) {
  const required = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] }[jwk.kty] ?? [];
  return createHash('sha256').update(`{${required.map((m) => `"${m}":${JSON.stringify(String(jwk[m] ?? ''))}`).join(',')}}`).digest('base64url');
}

const ALGORITHMS = { ES256: { digest: 'sha256', dsaEncoding: 'ieee-p1363' }, RS256: { digest: 'sha256' }, EdDSA: { digest: null } };
/**
 * How many recent events the verifier remembers: a seal must come within this many events of the
 * end of the range it covers. The sealer appends right after reading its range's end, so only
 * events other writers append in those few milliseconds come between.
 */
const WINDOW = 8192;
const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeJsonPart(part) {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Checks a compact JWS against a public JWK; returns the reason it fails, or null. */
export function checkSealSignature(jws, key, data) {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return 'the seal JWS is malformed';
  const header = decodeJsonPart(parts[0]);
  const payload = decodeJsonPart(parts[1]);
  if (!header || !payload) return 'the seal JWS is malformed';
  if (header.alg !== data.alg || header.kid !== data.kid || header.typ !== SEAL_JWS_TYP || header.crit !== undefined) return 'the seal JWS header does not match the seal';
  if (key.alg !== data.alg) return `key ${data.kid} is not a ${data.alg} key`;
  if (canonicalJson(payload) !== canonicalJson(sealClaims(data))) return 'the seal JWS payload does not match the seal';
  const algorithm = ALGORITHMS[key.alg];
  if (!algorithm) return `unsupported algorithm ${String(key.alg)}`;
  let valid = false;
  try {
    const { kid: _k, alg: _a, use: _u, key_ops: _o, ...members } = key.jwk;
    const publicKey = createPublicKey({ key: members, format: 'jwk' });
    const input = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
    const signature = Buffer.from(parts[2], 'base64url');
    valid = verifySignature(algorithm.digest, input, algorithm.dsaEncoding ? { key: publicKey, dsaEncoding: algorithm.dsaEncoding } : publicKey, signature);
  } catch {
    valid = false;
  }
  return valid ? null : 'bad signature';
}

function wellFormedSeal(d) {
  return (
    d !== null && typeof d === 'object' && d.v === 1 &&
    Number.isSafeInteger(d.seq) && d.seq >= 0 && Number.isSafeInteger(d.count) && d.count > 0 &&
    Number.isSafeInteger(d.total) && d.total >= d.count && typeof d.sealed_at === 'string' &&
    typeof d.first_position === 'string' && DECIMAL.test(d.first_position) &&
    typeof d.last_position === 'string' && DECIMAL.test(d.last_position) &&
    typeof d.first_event_id === 'string' && typeof d.last_event_id === 'string' &&
    typeof d.head === 'string' && HEX64.test(d.head) && typeof d.prev_seal === 'string' && HEX64.test(d.prev_seal) &&
    typeof d.kid === 'string' && typeof d.alg === 'string' && typeof d.jws === 'string'
  );
}

/**
 * Folds the log, in order, one entry at a time: `push({position, hash?, event?, envelope?})` returns
 * the first problem found (then stop) or null; `finish()` gives the summary. An entry with an
 * `envelope` is an event whose data was withheld; one with neither is an event left out (only its hash). Keys: the public JWKs recorded in
 * SigningKeyGenerated events as they pass, plus `keys` given up front (an export's key lines).
 */
export class AuditChainVerifier {
  constructor(options = {}) {
    this.presetKeys = new Map((options.keys ?? []).map((k) => [k.kid, k]));
    this.logKeys = new Map();
    this.count = 0;
    this.head = GENESIS_HEAD;
    this.lastPosition = null;
    this.lastPositionValue = null;
    this.lastSeal = null;
    this.seals = 0;
    this.kids = new Set();
    // the first event after the last verified seal, and the most recent events (a seal is appended
    // right after the events it covers, so its end is among them; bounded memory on any log size)
    this.rangeFirst = null;
    this.ring = { position: new Array(WINDOW), id: new Array(WINDOW), stream: new Array(WINDOW), revision: new Array(WINDOW), head: new Array(WINDOW) };
  }

  /** The oldest index `at` still knows. */
  get windowStart() {
    return Math.max(1, this.count - WINDOW + 1);
  }

  push(entry) {
    const position = String(entry.position);
    if (!DECIMAL.test(position)) return this.problem(position, 'malformed', `position "${position}" is not a decimal number`);
    const positionValue = BigInt(position);
    if (this.lastPositionValue !== null && positionValue <= this.lastPositionValue) {
      return this.problem(position, 'reordered', `position ${position} comes after position ${this.lastPosition}`);
    }
    let hash = entry.hash;
    const event = entry.event;
    const known = event ?? entry.envelope;
    if (known !== undefined) {
      let computed;
      try {
        computed = event !== undefined ? eventHash(event) : envelopeHash(entry.envelope);
      } catch (error) {
        return this.problem(position, 'malformed', `event at position ${position} cannot be encoded: ${error.message}`);
      }
      if (hash !== undefined && hash !== computed) return this.problem(position, 'altered', `event at position ${position} does not match its recorded hash`);
      hash = computed;
    } else if (typeof hash !== 'string' || !HEX64.test(hash)) {
      return this.problem(position, 'malformed', `entry at position ${position} has neither content nor a hash`);
    }
    this.count += 1;
    this.head = chainNext(this.head, hash, position);
    this.lastPosition = position;
    this.lastPositionValue = positionValue;
    const slot = this.count % WINDOW;
    const ring = this.ring;
    ring.position[slot] = position;
    ring.id[slot] = known?.id;
    ring.stream[slot] = known?.stream;
    ring.revision[slot] = known?.revision;
    ring.head[slot] = this.head;
    if (this.count === (this.lastSeal === null ? 0 : this.lastSeal.total) + 1) this.rangeFirst = this.at(this.count);
    if (event === undefined) return null;
    if (event.stream === SIGNING_KEYS_STREAM && event.type === 'SigningKeyGenerated' && event.data && typeof event.data.kid === 'string') {
      this.logKeys.set(event.data.kid, { kid: event.data.kid, alg: event.data.alg, jwk: event.data.publicJwk ?? {} });
    }
    if (event.stream === SEAL_STREAM && event.type === SEAL_EVENT_TYPE) return this.checkSeal(event.data, position);
    return null;
  }

  /** What the verifier remembers of the event at 1-based `index`, if it is recent enough. */
  at(index) {
    if (index < this.windowStart || index > this.count) return undefined;
    const slot = index % WINDOW;
    const ring = this.ring;
    return { position: ring.position[slot], id: ring.id[slot], stream: ring.stream[slot], revision: ring.revision[slot], head: ring.head[slot] };
  }

  checkSeal(d, sealPosition) {
    if (!wellFormedSeal(d)) return this.problem(sealPosition, 'bad-seal', `the seal at position ${sealPosition} is malformed`);
    const expectedSeq = this.lastSeal === null ? 0 : this.lastSeal.seq + 1;
    const prevTotal = this.lastSeal === null ? 0 : this.lastSeal.total;
    const first = this.rangeFirst;
    const rangeStart = first?.position ?? sealPosition;
    const where = `seal #${d.seq} (position ${sealPosition})`;
    if (d.seq > expectedSeq) return this.problem(rangeStart, 'removed', `${where}: seal #${expectedSeq}, due after position ${rangeStart}, is missing`);
    if (d.seq < expectedSeq) return this.problem(sealPosition, 'inserted', `${where}: a second seal #${d.seq}`);
    const prev = this.lastSeal === null ? GENESIS_HEAD : this.lastSeal.hash;
    if (d.prev_seal !== prev) return this.problem(sealPosition, 'bad-seal', `${where} does not name the previous seal`);
    if (d.total - d.count !== prevTotal) return this.problem(sealPosition, 'bad-seal', `${where}: count ${d.count} does not continue the previous seal's total ${prevTotal}`);
    // the seal itself is the newest entry: the events it covers come strictly before it.
    // An event is recognised by its id, or by its (chained) position when its content was left out.
    const isEnd = (e) => (e.id !== undefined ? e.id === d.last_event_id : e.position === d.last_position);
    let found = -1;
    for (let i = Math.max(prevTotal + 1, this.windowStart); i <= this.count - 1; i++) {
      if (isEnd(this.at(i))) {
        found = i;
        break;
      }
    }
    if (found === -1 && this.count - 1 < d.total) return this.problem(rangeStart, 'removed', `${where} covers ${d.count} events from position ${rangeStart}; fewer are there`);
    if (found !== -1 && found < d.total) return this.problem(rangeStart, 'removed', `${where} covers ${d.count} events from position ${rangeStart}; ${d.total - found} are missing`);
    if (found > d.total) return this.problem(rangeStart, 'inserted', `${where} covers ${d.count} events from position ${rangeStart}; ${found - d.total} more are there`);
    const last = found === -1 ? undefined : this.at(found);
    if (!first || !last || first.position !== d.first_position || last.position !== d.last_position || (first.id !== undefined && first.id !== d.first_event_id)) {
      return this.problem(rangeStart, 'altered', `${where}: the events from position ${rangeStart} are not the ones it sealed`);
    }
    if (last.head !== d.head) {
      const reordered = this.findReordering(prevTotal + 1, d.total);
      // the chain cannot tell which event moved first: the range's start is the first position that may be bad
      if (reordered) return this.problem(rangeStart, 'reordered', `${where}: events from position ${rangeStart} were reordered (a stream's revisions go backwards at position ${reordered})`);
      return this.problem(rangeStart, 'altered', `${where}: the chain over positions ${d.first_position}..${d.last_position} does not match (an event was altered or reordered)`);
    }
    const key = this.logKeys.get(d.kid) ?? this.presetKeys.get(d.kid);
    if (!key) return this.problem(sealPosition, 'unknown-key', `${where} is signed by an unknown key ${d.kid}`);
    const bad = checkSealSignature(d.jws, key, d);
    if (bad) return this.problem(sealPosition, bad === 'bad signature' ? 'bad-signature' : 'bad-seal', `${where}: ${bad}`);
    this.lastSeal = { seq: d.seq, total: d.total, hash: sealHash(d.jws), position: sealPosition, head: d.head };
    this.seals += 1;
    this.kids.add(d.kid);
    this.rangeFirst = this.at(d.total + 1) ?? null;
    return null;
  }

  /** Within a failing range: the first event whose stream revision is lower than an earlier one of the same stream. */
  findReordering(from, to) {
    const seen = new Map();
    for (let i = Math.max(from, this.windowStart); i <= to; i++) {
      const e = this.at(i);
      if (!e || e.stream === undefined) continue;
      const before = seen.get(e.stream);
      if (before !== undefined && e.revision <= before) return e.position;
      seen.set(e.stream, e.revision);
    }
    return null;
  }

  problem(position, kind, message) {
    return { ok: false, position: String(position), kind, message };
  }

  /** The summary once every entry was pushed without a problem. */
  finish() {
    const sealed = this.lastSeal === null ? 0 : this.lastSeal.total;
    return {
      ok: true,
      events: this.count,
      seals: this.seals,
      sealed,
      unsealedTail: this.count - sealed,
      head: this.head,
      lastSeal: this.lastSeal,
      kids: [...this.kids].sort(),
    };
  }
}

function parseLine(line) {
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Verifies an export given as its lines (any iterable or async iterable of strings). */
export async function verifyExportLines(lines) {
  let lineNo = 0;
  let verifier = null;
  let header = null;
  let end = null;
  const keys = [];
  const malformed = (message) => ({ ok: false, position: null, line: lineNo, kind: 'malformed', message: `line ${lineNo}: ${message}` });
  for await (const raw of lines) {
    lineNo += 1;
    if (raw.trim() === '') {
      if (end === null) return malformed('empty line');
      continue;
    }
    if (end !== null) return malformed('content after the end line');
    const entry = parseLine(raw);
    if (entry === null) return malformed('not a JSON object');
    if (header === null) {
      if (entry.kind !== 'header' || entry.format !== EXPORT_FORMAT || entry.version !== EXPORT_VERSION || entry.chain !== CHAIN_VERSION) {
        return malformed(`not an ${EXPORT_FORMAT} version ${EXPORT_VERSION} header`);
      }
      header = entry;
      continue;
    }
    if (entry.kind === 'key') {
      if (verifier !== null) return malformed('a key line after the first event');
      if (typeof entry.kid !== 'string' || typeof entry.alg !== 'string' || typeof entry.jwk !== 'object' || entry.jwk === null) return malformed('bad key line');
      keys.push({ kid: entry.kid, alg: entry.alg, jwk: entry.jwk });
      continue;
    }
    if (entry.kind === 'event' || entry.kind === 'redacted' || entry.kind === 'omitted') {
      verifier ??= new AuditChainVerifier({ keys });
      if (entry.kind === 'event' && (typeof entry.event !== 'object' || entry.event === null)) return malformed('an event line without its event');
      if (entry.kind === 'redacted' && (typeof entry.envelope !== 'object' || entry.envelope === null)) return malformed('a redacted line without its envelope');
      if (typeof entry.hash !== 'string') return malformed('an entry without its hash');
      const content = entry.kind === 'event' ? { event: entry.event } : entry.kind === 'redacted' ? { envelope: entry.envelope } : {};
      const problem = verifier.push({ position: entry.position, hash: entry.hash, ...content });
      if (problem) return { ...problem, line: lineNo };
      continue;
    }
    if (entry.kind === 'end') {
      end = entry;
      continue;
    }
    return malformed(`unknown line kind ${JSON.stringify(entry.kind)}`);
  }
  if (header === null) return malformed('empty file');
  verifier ??= new AuditChainVerifier({ keys });
  const result = verifier.finish();
  if (end === null) return { ok: false, position: null, line: lineNo, kind: 'truncated', message: 'the export has no end line (truncated?)' };
  if (end.events !== result.events || end.head !== result.head || end.seals !== result.seals) {
    return { ok: false, position: null, line: lineNo, kind: 'truncated', message: 'the end line does not match the entries (lines removed or added)' };
  }
  if (result.seals === 0) return { ok: false, position: null, line: lineNo, kind: 'bad-seal', message: 'the export contains no seal' };
  return {
    ...result,
    issuer: header.issuer,
    createdAt: header.created_at,
    keys: keys.filter((k) => result.kids.includes(k.kid)).map((k) => ({ kid: k.kid, alg: k.alg, thumbprint: jwkThumbprint(k.jwk) })),
  };
}

/** Verifies an export file, streaming it line by line. */
export async function verifyExportFile(path) {
  const { createReadStream } = await import('node:fs');
  const { createInterface } = await import('node:readline');
  const input = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise((resolve, reject) => {
    input.once('open', resolve);
    input.once('error', reject);
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    return await verifyExportLines(lines);
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The human report of a verification; the same text for this script and `authmaster audit verify --file`. */
export function describeResult(result) {
  if (!result.ok) return `TAMPERED: ${result.kind}${result.position ? ` at position ${result.position}` : ''}: ${result.message}`;
  const lines = [`OK: ${result.events} events, ${result.seals} seals, chain head ${result.head}`];
  if (result.unsealedTail > 0) lines.push(`unsealed tail: ${result.unsealedTail} events`);
  for (const key of result.keys ?? []) lines.push(`signed by ${key.alg} key ${key.kid} (RFC 7638 thumbprint ${key.thumbprint}${key.thumbprint === key.kid ? ', matches the kid' : ''})`);
  return lines.join('\n');
}

async function run(argv) {
  if (argv.length !== 1 || argv[0] === '--help' || argv[0] === '-h') {
    process.stderr.write('usage: node verify-audit-export.mjs EXPORT.ndjson\n  exit 0 intact, 1 tampered, 2 usage or unreadable file\n');
    return 2;
  }
  let result;
  try {
    result = await verifyExportFile(argv[0]);
  } catch (error) {
    process.stderr.write(`cannot read ${argv[0]}: ${error.code ?? error.message}\n`);
    return 2;
  }
  (result.ok ? process.stdout : process.stderr).write(`${describeResult(result)}\n`);
  return result.ok ? 0 : 1;
}

const invokedAs = process.argv[1];
if (invokedAs !== undefined && /verify-audit-export\.mjs$/.test(invokedAs)) {
  const { realpathSync } = await import('node:fs');
  if (realpathSync(invokedAs) === realpathSync(new URL(import.meta.url))) process.exitCode = await run(process.argv.slice(2));
}
