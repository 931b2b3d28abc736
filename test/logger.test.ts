import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { replyForError } from '../handlers/error-replies.js';
import { createLogger, toSlackLogger } from '../src/logger.js';

const token = 'xoxb-1111-2222-abcdefSECRET';
const secret = 'signing-secret-0123456789';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', secrets: [token, secret], destination }) };
}

describe('secrets in logs and replies', () => {
  it('never writes tokens or the signing secret, in messages, fields, errors or headers', () => {
    const { lines, logger } = capture();
    logger.info(`calling Slack with ${token}`);
    logger.warn({ headers: { authorization: `Bearer ${token}` }, config: { signingSecret: secret } }, 'request');
    logger.error({ err: new Error(`auth failed for ${token} and ${secret}`) }, 'failed');
    toSlackLogger(logger).debug('http request headers:', { Authorization: `Bearer ${token}` }, `xapp-1-A0-999-zzz`);
    expect(lines.length).toBe(4);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain('SECRET');
      expect(line).not.toContain(secret);
      expect(line).not.toMatch(/xox[a-z]-|xapp-/);
    }
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('scrubs any Bearer credential and the passwords of connection strings', () => {
    const { lines, logger } = capture();
    logger.warn({ header: 'Bearer abc.DEF-ghi_jkl' }, 'Authorization: Bearer opaque-token-42');
    logger.error({ err: new Error('connect mongodb://app:hunter2pw@db:27017/incidents failed') }, 'to redis://:redispw9@cache:6379');
    const text = lines.join('\n');
    for (const leaked of ['abc.DEF-ghi_jkl', 'opaque-token-42', 'hunter2pw', 'redispw9']) expect(text).not.toContain(leaked);
    expect(text).toContain('mongodb://app:[redacted]@db:27017/incidents');
    expect(text).toContain('Bearer [redacted]');
  });

  it('keeps error details out of the reply and gives a reference instead', () => {
    const { lines, logger } = capture();
    const reply = replyForError(new Error(`boom ${token}`), { commandText: '/incident update x' }, logger);
    expect(reply.text).not.toContain(token);
    expect(reply.text).not.toContain('boom');
    const reference = /reference `([0-9a-f]+)`/.exec(reply.text)?.[1];
    expect(reference).toBeDefined();
    expect(lines.join('\n')).toContain(reference!);
  });
});
