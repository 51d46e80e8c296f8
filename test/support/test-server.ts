import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '../../src/app/users/create-user.handler.js';
import { issueUserToken } from '../../src/app/users/issue-user-token.handler.js';
import { loadConfig } from '../../src/composition/config.js';
import type { RunningServer, StartServerOptions } from '../../src/composition/server.js';
import { startServer } from '../../src/composition/server.js';
import type { CheckedFetchResponse, OpenApiContract } from './openapi-contract.js';
import { createOpenApiContract, fetchChecked } from './openapi-contract.js';

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly server: RunningServer;
  readonly contract: OpenApiContract;
  /** The environment the server runs with (for a CLI child process on the same store). */
  readonly env: NodeJS.ProcessEnv;
  /** A fetch whose response is checked against openapi.yaml. */
  fetch<T = unknown>(path: string, init?: RequestInit): Promise<CheckedFetchResponse<T>>;
  createUser(email: string, password?: string, name?: string): Promise<string>;
  userToken(email: string): Promise<string>;
  close(): Promise<void>;
}

const context = { actor: 'test', correlationId: 'test' };

/** A port that was free a moment ago: the issuer must name the real port, so 0 will not do. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The environment of a test server on `port` over `dataDir`: loopback, cheap password hashing, a fixed key-encryption passphrase, silent logs; `env` overrides. */
export function testServerEnv(dataDir: string, port: number | string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { DATA_DIR: dataDir, PORT: String(port), ISSUER: `http://127.0.0.1:${port}`, HOST: '127.0.0.1', LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '10', KEY_ENCRYPTION_KEY: 'test-key-encryption-passphrase', ...env };
}

/** A real server on a free loopback port, on a fresh embedded store; cheap password hashing. */
export async function startTestServer(env: NodeJS.ProcessEnv = {}, options: StartServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'authmaster-http-'));
  const port = String(await freePort());
  const fullEnv = testServerEnv(dataDir, port, env);
  const config = loadConfig(fullEnv);
  const server = await startServer(config, options);
  const contract = createOpenApiContract('openapi.yaml');
  const { runtime } = server;
  return {
    url: server.url,
    dataDir,
    server,
    contract,
    env: fullEnv,
    fetch: (path, init) => fetchChecked(contract, server.url, path, init),
    createUser: async (email, password = 'correct horse battery staple', name) => (await createUser(runtime, { email, password, name }, context)).userId,
    userToken: async (email) =>
      (await issueUserToken({ ...runtime, issuer: config.issuer, accessTokenTtlSeconds: config.accessTokenTtlSeconds }, { email }, context)).token,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
