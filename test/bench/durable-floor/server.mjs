#!/usr/bin/env node
/**
 * The durable floor: the least a token endpoint can do and still record every issuance durably
 * before answering. A yardstick for the peer benchmark (../shared/bench), never a product: it shows
 * what any Node server with fsync'd issuance reaches on a machine, so AuthMaster's figures can be
 * read against it as well as against node-oidc-provider (which records nothing durably).
 *
 * It does, per client_credentials request: node:http, the form body, HTTP Basic (RFC 6749 §2.3.1,
 * URL-decoded), a SHA-256 compare of the secret in constant time, one event row (JSON, a
 * time-ordered stream id, unique (stream, revision)) handed to a writer thread that group-commits in
 * SQLite WAL with synchronous=FULL and answers after COMMIT, then an ES256 JWT (typ at+jwt) and a
 * no-store JSON answer. Nothing else: no audit, no projections, no rate limits, no metrics, no logs.
 *
 * PORT (default 4300), DATA_DIR (default a temporary directory, removed on SIGTERM/SIGINT); CANDIDATE_CREDS, when set, gets
 * its client id and secret (lines 1-2), as the peer benchmark's candidates write them.
 * DURABLE=0 skips the event (the same server with nothing durable).
 */
import { createHash, generateKeyPairSync, randomUUID, sign, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const PORT = Number(process.env.PORT ?? 4300);
const ISSUER = `http://127.0.0.1:${PORT}`;
const DURABLE = process.env.DURABLE !== '0';
const CLIENT_ID = 'floor-client';
const CLIENT_SECRET = 'floor-secret';
const secretHash = createHash('sha256').update(CLIENT_SECRET).digest();
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwsHeader = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'floor-1' })).toString('base64url');

const ownDataDir = DURABLE && process.env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'durable-floor-')) : undefined;
const writer = DURABLE ? new Worker(new URL('./writer.mjs', import.meta.url), { workerData: { dataDir: process.env.DATA_DIR ?? ownDataDir } }) : undefined;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    void Promise.resolve(writer?.terminate()).finally(() => {
      if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
/** Appends not yet handed to the writer, and the resolvers of the batches it holds (oldest first; it answers in order). */
let pending = [];
const inFlight = [];
let scheduled = false;
writer?.on('message', () => {
  for (const resolve of inFlight.shift() ?? []) resolve();
  if (pending.length > 0) handOver();
});
writer?.on('error', (error) => {
  console.error('writer thread failed', error);
  process.exit(1);
});

function handOver() {
  scheduled = false;
  if (pending.length === 0) return;
  inFlight.push(pending.map((item) => item.resolve));
  writer.postMessage(pending.map((item) => item.row));
  pending = [];
}

/** Resolves once the row is committed. An idle writer gets it at once; a busy one gets the turn's rows as one batch. */
function append(row) {
  return new Promise((resolve) => {
    pending.push({ row, resolve });
    if (inFlight.length === 0) handOver();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(handOver);
    }
  });
}

function timeOrderedId() {
  return `${Date.now().toString(16).padStart(12, '0')}-${randomUUID()}`;
}

function authenticated(header) {
  if (header === undefined || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const id = decodeURIComponent(decoded.slice(0, colon));
  const secret = createHash('sha256').update(decodeURIComponent(decoded.slice(colon + 1))).digest();
  return id === CLIENT_ID && timingSafeEqual(secret, secretHash);
}

function answer(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function grant(req, res, body) {
  const params = new URLSearchParams(body);
  if (!authenticated(req.headers.authorization)) {
    res.setHeader('www-authenticate', 'Basic realm="token"');
    return answer(res, 401, { error: 'invalid_client' });
  }
  if (params.get('grant_type') !== 'client_credentials') return answer(res, 400, { error: 'unsupported_grant_type' });
  const now = Math.floor(Date.now() / 1000);
  const jti = randomUUID();
  const family = timeOrderedId();
  if (DURABLE) {
    const data = { familyId: family, accessTokenId: jti, clientId: CLIENT_ID, scopes: ['read'], issuedAt: now * 1000, accessExpiresAt: (now + 3600) * 1000 };
    const metadata = { actor: `client:${CLIENT_ID}`, correlationId: randomUUID(), time: new Date().toISOString() };
    await append({ id: timeOrderedId(), stream: `family-${family}`, type: 'TokensIssued', data: JSON.stringify(data), metadata: JSON.stringify(metadata) });
  }
  const claims = { iss: ISSUER, sub: CLIENT_ID, aud: ISSUER, client_id: CLIENT_ID, iat: now, exp: now + 3600, jti, scope: 'read' };
  const input = `${jwsHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  answer(res, 200, { access_token: `${input}.${signature}`, token_type: 'Bearer', expires_in: 3600, scope: 'read' });
}

createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/oauth2/token') return answer(res, 404, { error: 'not_found' });
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => grant(req, res, body).catch(() => answer(res, 500, { error: 'server_error' })));
}).listen(PORT, '127.0.0.1', () => {
  if (process.env.CANDIDATE_CREDS) writeFileSync(process.env.CANDIDATE_CREDS, `${CLIENT_ID}\n${CLIENT_SECRET}\n`);
  console.error(`durable floor on ${ISSUER}/oauth2/token (${DURABLE ? 'every issuance committed with synchronous=FULL' : 'nothing durable'})`);
});
