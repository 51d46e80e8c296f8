/**
 * Cheap consistency checks of the Dockerfile against the repository (Docker itself cannot run here;
 * production-build.test.ts runs its build and start commands).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { argsOf, execForm, healthcheckCommand, parseDockerfile } from '../support/dockerfile.js';

const stages = parseDockerfile('Dockerfile');
const build = stages.find((stage) => stage.name === 'build');
const runtime = stages.at(-1);
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));

describe('the Dockerfile', () => {
  it('builds in a stage of its own and runs a Node LTS image at least as new as engines', () => {
    expect(build).toBeDefined();
    expect(runtime?.name).not.toBe('build');
    const image = argsOf(runtime!, 'FROM')[0] ?? '';
    const major = Number(/^node:(\d+)/.exec(image)?.[1]);
    expect([22, 24]).toContain(major);
    expect(pkg.engines.node).toBe('>=20.19');
  });

  it('compiles with npm run build, keeps production dependencies only, and starts what start:prod starts', () => {
    const runs = argsOf(build!, 'RUN');
    expect(runs).toContain('npm run build');
    expect(runs.some((run) => run.startsWith('npm prune --omit=dev'))).toBe(true);
    expect(pkg.scripts['build']).toBeDefined();
    const cmd = execForm(argsOf(runtime!, 'CMD')[0] ?? '');
    expect(cmd.join(' ')).toBe(pkg.scripts['start:prod']);
    expect(runtime!.instructions.some((i) => i.keyword === 'RUN' && /npm (ci|install)|tsx/.test(i.args))).toBe(false);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const sources = argsOf(build!, 'COPY').flatMap((args) => args.split(' ').slice(0, -1));
    const fromContext = argsOf(runtime!, 'COPY').filter((args) => !args.startsWith('--from')).flatMap((args) => args.split(' ').slice(0, -1));
    for (const source of [...sources, ...fromContext]) {
      expect(existsSync(source), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.env']));
  });

  it('runs as a non-root user with DATA_DIR on a volume, exposes PORT and checks health with valid JavaScript', () => {
    const user = argsOf(runtime!, 'USER')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const env = argsOf(runtime!, 'ENV').join(' ');
    expect(env).toMatch(/\bDATA_DIR=\/data\b/);
    expect(argsOf(runtime!, 'VOLUME')).toEqual(['/data']);
    const port = /\bPORT=(\d+)/.exec(env)?.[1];
    expect(argsOf(runtime!, 'EXPOSE')).toEqual([port]);
    const [node, flag, code] = healthcheckCommand(argsOf(runtime!, 'HEALTHCHECK')[0] ?? '');
    expect([node, flag]).toEqual(['node', '-e']);
    expect(() => new Script(code ?? '')).not.toThrow();
    expect(code).toContain('/healthz');
  });
});
