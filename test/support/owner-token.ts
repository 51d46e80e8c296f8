import { createUser } from '../../src/app/users/create-user.handler.js';
import { issueUserToken } from '../../src/app/users/issue-user-token.handler.js';
import { loadConfig } from '../../src/composition/config.js';
import { createRuntime } from '../../src/composition/runtime.js';

/** A user (owner@example.com) and their user token, written to the store of `env` before a server starts, as the CLI would. */
export async function ownerToken(env: NodeJS.ProcessEnv, correlationId: string): Promise<string> {
  const config = loadConfig(env);
  const runtime = await createRuntime(config, { role: 'cli' });
  try {
    const context = { actor: 'test', correlationId };
    await createUser(runtime, { email: 'owner@example.com', password: 'correct horse battery staple' }, context);
    const { token } = await issueUserToken({ ...runtime, issuer: config.issuer, accessTokenTtlSeconds: 3600 }, { email: 'owner@example.com' }, context);
    return token;
  } finally {
    await runtime.close();
  }
}
