import { ConfigError, loadConfig } from '../../../src/composition/config.js';

/** The problems loadConfig reports for `env` (none when it loads), as a user would read them. */
export const configProblems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env, '/srv');
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};
