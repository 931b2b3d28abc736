import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequestSender } from '../../src/local-slack/signed-requests.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';
import { deleteQueueKeys, REDIS_URL } from '../support/harness.js';
import { startBotProcess } from '../support/processes.js';

const BOT_TOKEN = `xoxb-7700-8800-${randomBytes(12).toString('hex')}`;
const SIGNING_SECRET = `signing-${randomBytes(16).toString('hex')}`;
const prefixes: string[] = [];
let slack: LocalSlack;

beforeAll(async () => {
  slack = await startLocalSlack({ botToken: BOT_TOKEN });
  slack.addChannel('general', ['U0ALICE'], 'C0GENERAL');
});

afterAll(async () => {
  await slack?.close();
  for (const prefix of prefixes) await deleteQueueKeys(prefix);
});

async function bot(logLevel: string) {
  const prefix = `test-logs-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  const child = await startBotProcess({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: logLevel,
  });
  return { ...child, sender: new SlackRequestSender(`${child.url}/slack/events`, SIGNING_SECRET, slack) };
}

/** Every line of the output parsed as JSON; a line that is not JSON fails the test with the line. */
function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

function expectNoSecrets(output: string): void {
  expect(output).not.toContain(BOT_TOKEN);
  expect(output).not.toContain(BOT_TOKEN.slice('xoxb-'.length));
  expect(output).not.toContain(SIGNING_SECRET);
  expect(output).not.toMatch(/xox[abposr]-/);
  expect(output).not.toMatch(/Bearer\s+(?!\[redacted\])\S/i);
}

describe('logs of the running bot', () => {
  it('writes JSON lines with a level at LOG_LEVEL=debug, including the Web API client’s, and never a token, the signing secret or an Authorization value', async () => {
    const target = await bot('debug');
    const declared = await target.sender.command('declare Logging drill', { channel: 'C0GENERAL' });
    expect(declared.status).toBe(200);
    const channel = String((await slack.waitForCall('pins.add')).args.channel);

    await target.sender.command('update Investigating', { channel });
    await slack.waitForCall('chat.postMessage', (call) => String(call.args.text).includes('Investigating'));
    // A Slack error and a refused post: the paths that log error objects.
    slack.fail('users.info', { error: 'user_not_found' });
    await target.sender.command('role commander @bob', { channel });
    await slack.waitForCall('users.info', (call) => call.result.ok === false);
    slack.fail('chat.postMessage', { error: 'not_in_channel' });
    await target.sender.command('note Refused by Slack', { channel });
    const message = slack.postAsUser(channel, 'U0DAVE', 'Rollback started');
    await target.sender.event({
      type: 'reaction_added',
      user: 'U0ALICE',
      reaction: 'pushpin',
      item: { type: 'message', channel, ts: message.ts },
    });
    await slack.waitForCall('chat.getPermalink');
    await slack.waitForCall('chat.postEphemeral');

    target.child.kill('SIGTERM');
    expect(await target.exited).toBe(0);

    const { stdout, stderr } = target.output();
    const lines = jsonLines(stdout);
    const levels = new Set(lines.map((line) => line.level));
    for (const line of lines) {
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(typeof line.time).toBe('number');
      expect(typeof line.msg).toBe('string');
    }
    expect(levels).toContain('debug');
    expect(levels).toContain('error');
    // The client logged its request headers at debug, with the Authorization header in them, redacted.
    const messages = lines.map((line) => String(line.msg)).join('\n');
    expect(messages).toMatch(/http request headers: .*"Authorization":"\[\[REDACTED\]\]"/);
    expect(messages).toContain("apiCall('users.info')");
    expectNoSecrets(stdout);
    expectNoSecrets(stderr);
  }, 60_000);

  it('writes nothing below LOG_LEVEL', async () => {
    const target = await bot('warn');
    await target.sender.command('declare Quiet logs', { channel: 'C0GENERAL' });
    await slack.waitForCalls('pins.add', 2);
    target.child.kill('SIGTERM');
    expect(await target.exited).toBe(0);
    const lines = jsonLines(target.output().stdout);
    // The embedded MongoDB's warning at least.
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(['warn', 'error', 'fatal']).toContain(line.level);
  }, 60_000);
});
