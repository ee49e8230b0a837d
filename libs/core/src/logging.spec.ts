import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { Secret } from './secret.js';
import { PinoNestLogger, createRootLogger } from './logging.js';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('structured logs', () => {
  it('are JSON lines with level, time and message', () => {
    const out = capture();
    createRootLogger('info', 'api', out.stream).info({ requestId: 'r-1' }, 'hello');
    expect(out.lines()[0]).toMatchObject({ level: 30, name: 'api', requestId: 'r-1', msg: 'hello' });
  });

  it('never carry credentials, passwords or keys, wherever they appear', () => {
    const out = capture();
    const logger = createRootLogger('info', 'api', out.stream);
    logger.info({ req: { headers: { authorization: 'Bearer eyJ.secret.token', cookie: 'sid=abc' } } }, 'request');
    logger.info({ body: { email: 'a@b.c', password: 'hunter2-hunter2' } }, 'sign-in');
    logger.info({ key: { privateKeyMultibase: 'z3uSECRETKEY' }, config: { token: new Secret('s3cr3t-value') } }, 'keys');
    const text = out.text();
    for (const secret of ['eyJ.secret.token', 'sid=abc', 'hunter2-hunter2', 'z3uSECRETKEY', 's3cr3t-value']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('a@b.c');
  });

  it("carry Nest's messages with their context, and demote start-up chatter to debug", () => {
    const out = capture();
    const nest = new PinoNestLogger(createRootLogger('info', 'api', out.stream));
    nest.log('Mapped {/me, GET} route', 'RouterExplorer');
    nest.warn('pool is slow', 'Database');
    nest.error('boom', 'Error: boom\n    at x', 'Problem');
    const lines = out.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, context: 'Database', msg: 'pool is slow' });
    expect(lines[1]).toMatchObject({ level: 50, context: 'Problem', msg: 'boom', stack: expect.stringContaining('at x') });
  });
});
