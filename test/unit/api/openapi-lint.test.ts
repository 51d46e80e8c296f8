import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}
interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly LintProblem[];
}

/** `redocly lint --format=json` with the repository's redocly.yaml (the recommended ruleset). */
async function lint(file: string): Promise<LintReport> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const result = await run(process.execPath, [cli, 'lint', file, '--format=json'], { env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(result.stdout) as LintReport;
}

const errorsOf = (report: LintReport) =>
  report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);

describe('openapi.yaml against redocly lint (recommended ruleset, `npm run lint:api`)', () => {
  it('has no errors', async () => {
    const report = await lint('openapi.yaml');
    expect(errorsOf(report)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('reports an operation without security as an error (so the test above can fail)', async () => {
    const report = await lint('test/support/fixtures/lint-fixture.openapi.yaml');
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => p.ruleId)).toContain('security-defined');
    expect(report.totals.errors).toBeGreaterThan(0);
  });
});
