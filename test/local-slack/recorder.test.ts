import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPayloads, payloadFiles } from '../../src/local-slack/conformance.js';
import { PayloadLog } from '../../src/local-slack/payload-log.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';
import { assertNoNotifications } from '../support/notifications.js';

let slack: LocalSlack;
let client: WebClient;
let channel: string;
let dir: string;

// This workspace's payloads are checked here, not by the run's conformance check (some carry broadcasts on purpose).
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recorder-test-'));
  slack = await startLocalSlack({ payloadLog: new PayloadLog(dir, () => 'recorder') });
  client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  channel = slack.addChannel('incident', [slack.botUserId]).id;
});

afterAll(async () => {
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const plain = (text: string) => ({ type: 'section', text: { type: 'plain_text', text } });

describe('notifications', () => {
  it('notes live broadcasts and user-group mentions in text and mrkdwn, not in plain text or escaped', async () => {
    await client.chat.postMessage({
      channel,
      text: 'Heads up <!channel>',
      blocks: [mrkdwn('paging <!subteam^S0ONCALL|@oncall>'), plain('<!here> shows as typed'), mrkdwn('&lt;!everyone&gt; @here')],
    });
    expect(slack.takeNotifications().map(({ via, channel: to, token, path }) => ({ via, to, token, path }))).toEqual([
      { via: 'chat.postMessage', to: channel, token: '<!channel>', path: 'text' },
      { via: 'chat.postMessage', to: channel, token: '<!subteam^S0ONCALL|@oncall>', path: 'blocks[0].text.text' },
    ]);
  });

  it('notes them in response_url posts and acks, and not in messages Slack refused', async () => {
    await client.chat.postMessage({ channel: 'C0NOWHERE', text: '<!everyone>' }).catch(() => undefined);
    await fetch(slack.responseUrl(), { method: 'POST', body: JSON.stringify({ text: 'ok <!here>' }) });
    slack.recordAck(200, JSON.stringify({ blocks: [mrkdwn('<!here|here> again')] }));
    slack.recordAck(401, '<!channel>');
    expect(slack.takeNotifications().map(({ via, token }) => [via, token])).toEqual([
      ['response_url', '<!here>'],
      ['ack', '<!here|here>'],
    ]);
  });

  it('fails the test that sent one, once, unless the workspace allows them', async () => {
    await client.chat.update({ channel, ts: (await client.chat.postMessage({ channel, text: 'card' })).ts!, text: 'card <!here>' });
    expect(() => assertNoNotifications([slack])).toThrow(/1 live broadcast.*\n {2}<!here> in text of chat\.update to C/);
    expect(() => assertNoNotifications([slack])).not.toThrow();

    const tolerant = await startLocalSlack({ payloadLog: false, allowNotifications: true });
    try {
      tolerant.recordAck(200, '<!channel>');
      expect(() => assertNoNotifications([tolerant])).not.toThrow();
      expect(tolerant.notifications).toHaveLength(1);
    } finally {
      await tolerant.close();
    }
  });
});

describe('payloads for the Block Kit check', () => {
  it('writes every message, response_url post and ack the bot sent as JSON lines Slack’s checker reads', async () => {
    await client.chat.postMessage({ channel, text: 'Update posted', blocks: [mrkdwn('*Update* all good')] });
    await fetch(slack.responseUrl(), { method: 'POST', body: JSON.stringify({ text: 'Recorded' }) });
    slack.recordAck(200, '{"response_action":"clear"}');
    const lines = readFileSync(payloadFiles(dir)[0]!, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.slice(-3)).toEqual([
      { kind: 'api', method: 'chat.postMessage', args: { channel, text: 'Update posted', blocks: [mrkdwn('*Update* all good')] } },
      { kind: 'response_url', body: { text: 'Recorded' } },
      { kind: 'ack', text: '{"response_action":"clear"}' },
    ]);
    // The broadcasts sent on purpose above are problems to Slack's checker too.
    expect(checkPayloads(payloadFiles(dir)).report).toContain('raw special mention in top-level text');
  });

  it('counts no problem in payloads Slack accepts, and one per kind of problem in those it would refuse', () => {
    const good = join(dir, 'good.jsonl');
    const bad = join(dir, 'bad.jsonl');
    const post = (blocks: unknown[]) => JSON.stringify({ kind: 'api', method: 'chat.postMessage', args: { channel, text: 'x', blocks } });
    writeFileSync(good, `${post([mrkdwn('fine'), { type: 'divider' }])}\n`);
    writeFileSync(bad, `${post([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])}\n`);
    expect(checkPayloads([good]).problems).toBe(0);
    expect(checkPayloads([good, bad]).problems).toBe(1);
  });
});
