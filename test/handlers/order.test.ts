import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, repliesTo } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m' } });
});

afterAll(async () => {
  await t?.close();
});

/** Sends commands one after the other as fast as Slack acknowledges them, without waiting for the bot's work. */
async function typeBackToBack(channel: string, commands: string[]) {
  const sent = [];
  for (const text of commands) {
    const response = await t.sender.command(text, { channel });
    expect(response.status).toBe(200);
    sent.push(response);
  }
  await t.settle();
  return sent;
}

describe('commands typed back to back in one channel', () => {
  it('apply and post in the order typed', async () => {
    const channelId = await declareIncident(t, 'Order of things');
    const updates = ['A', 'B', 'C', 'D', 'E'].map((letter) => `update Step ${letter} of the rollback`);
    const sent = await typeBackToBack(channelId, [
      'action Add an alert on the gateway error rate',
      'action done 1',
      ...updates,
      'status identified',
      'status monitoring',
      'status resolved',
    ]);
    expect(sent.flatMap((command) => repliesTo(t, command))).toEqual([]);
    const posts = botPosts(t, channelId).map(blockText);
    const steps = posts.flatMap((text) => /Step ([A-E]) of the rollback/.exec(text)?.[1] ?? []);
    expect(steps).toEqual(['A', 'B', 'C', 'D', 'E']);
    const statuses = posts.flatMap((text) => /Status → (\w+)/.exec(text)?.[1] ?? []);
    expect(statuses).toEqual(['Identified', 'Monitoring', 'Resolved']);
  });

  it('`declare --here` and an update right after it: the update lands in the new incident', async () => {
    const channel = t.slack.addChannel('ops-war-room', ['U0ALICE', t.slack.botUserId]);
    const [declared, updated] = await typeBackToBack(channel.id, [
      'declare Checkout errors --here',
      'update We are looking at the checkout errors',
    ]);
    expect(repliesTo(t, declared!).map((reply) => reply.text)).toEqual([
      expect.stringContaining('declared in'),
    ]);
    expect(repliesTo(t, updated!)).toEqual([]);
    expect(botPosts(t, channel.id).map(blockText).join('\n')).toContain('We are looking at the checkout errors');
  });
});
