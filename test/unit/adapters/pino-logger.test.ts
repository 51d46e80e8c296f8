import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../../adapters/logging/pino-logger.adapter.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('pino logger adapter', () => {
  it('never writes a secret field, at the top level or nested', () => {
    const out = capture();
    const logger = createPinoLogger({ level: 'info', destination: out.stream });
    logger.info({ password: 'hunter2-hunter2', client_secret: 's3cr3t', request: { refresh_token: 'rt-123', code: 'c0de' }, appId: 'app-1' }, 'something happened');
    const [line] = out.lines();
    const text = JSON.stringify(line);
    for (const secret of ['hunter2-hunter2', 's3cr3t', 'rt-123', 'c0de']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({ appId: 'app-1', msg: 'something happened', service: 'authmaster' });
  });

  it('carries the process id on every line (several server processes write to one log with WORKERS)', () => {
    const out = capture();
    createPinoLogger({ level: 'info', destination: out.stream }).info({}, 'hello');
    expect(out.lines()[0]).toMatchObject({ pid: process.pid, msg: 'hello' });
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createPinoLogger({ level: 'warn', destination: out.stream });
    logger.info({}, 'hidden');
    logger.warn({}, 'shown');
    expect(out.lines().map((l) => l['msg'])).toEqual(['shown']);
  });

  it('writes JSON lines with format json, and human lines with format pretty (still redacted)', () => {
    const json = capture();
    createPinoLogger({ level: 'info', format: 'json', destination: json.stream }).info({ appId: 'app-1' }, 'as json');
    expect(json.lines()[0]).toMatchObject({ msg: 'as json', appId: 'app-1' });

    const chunks: string[] = [];
    const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString()); done(); } });
    createPinoLogger({ level: 'info', format: 'pretty', destination: stream }).info({ appId: 'app-1', client_secret: 's3cr3t-pretty' }, 'for people');
    const text = chunks.join('');
    expect(text).toMatch(/INFO.*for people/);
    expect(text).toContain('appId: "app-1"');
    expect(text).not.toContain('s3cr3t-pretty');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('auto: JSON to a destination that is not a terminal', () => {
    const out = capture();
    createPinoLogger({ level: 'info', format: 'auto', destination: out.stream }).info({}, 'piped');
    expect(out.lines()[0]).toMatchObject({ msg: 'piped' });
  });
});
