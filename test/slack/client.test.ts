import { ErrorCode } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { createSlackClient, NO_RETRY } from '../../src/slack/client.js';

let slack: LocalSlack;
let channel: string;

beforeAll(async () => {
  slack = await startLocalSlack();
  channel = slack.addChannel('client-test', [slack.botUserId]).id;
});

afterAll(async () => {
  await slack?.close();
});

function client(timeoutMs: number) {
  const parsed = parseConfig({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const metrics = new Metrics();
  const logger = createLogger({ level: 'silent', secrets: [slack.botToken] });
  return { metrics, slack: createSlackClient(parsed.config, logger, { retryConfig: NO_RETRY, timeoutMs }, metrics) };
}

describe('the Slack client', () => {
  it('gives up on a call Slack never answers once its time limit passes, and counts it as a network failure', async () => {
    const { slack: web, metrics } = client(300);
    const held = slack.hold('chat.postMessage');
    const call = web.chat.postMessage({ channel, text: 'stuck' });
    await held.arrived;
    await expect(call).rejects.toMatchObject({ code: ErrorCode.RequestError });
    held.release();
    const counted = (await metrics.slackRetries.get()).values.find((value) => value.labels.method === 'chat.postMessage');
    expect(counted).toMatchObject({ value: 1, labels: { reason: 'network' } });
  });
});
