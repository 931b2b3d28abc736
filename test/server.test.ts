import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSlack, type LocalSlack } from '../src/local-slack/workspace.js';
import { SlackRequestSender } from '../src/local-slack/signed-requests.js';
import { freePort } from './support/processes.js';

let slack: LocalSlack;

beforeAll(async () => {
  slack = await startLocalSlack();
});

afterAll(async () => {
  await slack?.close();
});

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitForHealth(url: string, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server exited before serving');
}

describe('npm start', () => {
  it('stops with one clear line per bad value, before opening any connection', async () => {
    const server = startServer({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: 'abc', REDIS_URL: 'redis' });
    expect(await server.exited).toBe(1);
    expect(server.output().stderr.trim().split('\n')).toEqual([
      'Configuration is not valid:',
      '  PORT: expected a port number, got "abc"',
      '  REDIS_URL: expected a redis or rediss URL, got "redis"',
    ]);
  });

  it('serves on embedded defaults, answers a signed command, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const secret = 'e2e-signing-secret';
    const server = startServer({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      QUEUE_PREFIX: `test-server-${process.pid}`,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, server.exited);

    const sender = new SlackRequestSender(`${url}/slack/events`, secret, slack);
    const help = await sender.command('help');
    expect(JSON.stringify(help.json?.blocks)).toContain('/incident help');

    const logs = server.output().stdout;
    expect(logs).toContain('NOTHING IS PERSISTED');
    expect(logs).not.toContain(slack.botToken);
    expect(logs).not.toContain(secret);
    for (const line of logs.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    const stoppedAt = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
  });

  it('serves and answers commands while Slack cannot be reached at start', async () => {
    const port = await freePort();
    const unreachable = await freePort();
    const secret = 'e2e-signing-secret';
    const server = startServer({
      SLACK_BOT_TOKEN: 'xoxb-unconfirmed',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: `http://127.0.0.1:${unreachable}/api/`,
      PORT: String(port),
      QUEUE_PREFIX: `test-server-offline-${process.pid}`,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, server.exited);

    const help = await new SlackRequestSender(`${url}/slack/events`, secret, slack).command('help');
    expect(JSON.stringify(help.json?.blocks)).toContain('/incident help');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
