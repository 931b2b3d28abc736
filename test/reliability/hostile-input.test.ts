import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentModel } from '../../models/incident.js';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { checkBlockLimits } from '../../src/local-slack/block-limits.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, run } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot();
});

afterAll(async () => {
  await t?.close();
});

describe('hostile text', () => {
  it('notifies nobody with broadcasts or user groups, drops control characters, and keeps right-to-left text and emoji', async () => {
    const channelId = await declareIncident(t, 'Hostile text');
    // Typed: Slack turns @channel, @here, @everyone and the @oncall group into live tokens before the bot sees them.
    const hostile = '@channel @here @everyone @oncall <!channel> \u0007\u001b[31m שלום עולם 🔥🚒 ‮txt.exe';
    await run(t, channelId, `update ${hostile}`);
    const post = botPosts(t, channelId).at(-1)!;
    const text = blockText(post);
    expect(text).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(String(post.args.text)).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(text).not.toMatch(/@(channel|here|everyone|oncall)\b/);
    expect(text).not.toContain('\\u0007');
    expect(text).toContain('שלום עולם 🔥🚒');
    const timeline = await run(t, channelId, 'timeline');
    expect(JSON.stringify(timeline.replies)).not.toMatch(/<!(channel|here|everyone|subteam)/);
  });

  it('refuses 40,000 characters with a reply, and records nothing', async () => {
    const channelId = await declareIncident(t, 'Too long');
    const before = await TimelineEntryModel.countDocuments();
    const response = await run(t, channelId, `update ${'x'.repeat(30_000)}`);
    expect(response.json?.text).toContain('keep it under 10,000');
    const whole = await run(t, channelId, `update ${'x'.repeat(40_000)}`);
    expect(whole.json?.text).toContain('too long');
    expect(await TimelineEntryModel.countDocuments()).toBe(before);
  });

  it('splits long text over blocks and messages without losing any of it or breaking a Block Kit limit', async () => {
    const channelId = await declareIncident(t, 'Long but allowed');
    const long = Array.from({ length: 650 }, (_, i) => `step ${i} <&>`).join(' ');
    await run(t, channelId, `update ${long}`);
    const posts = botPosts(t, channelId).filter((post) => blockText(post).includes('step '));
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) expect(checkBlockLimits(post.args.blocks, 'message')).toEqual([]);
    expect(posts.slice(1).map((post) => post.args.thread_ts)).toEqual(posts.slice(1).map(() => posts[0]!.result.ts));
    const shown = posts.map((post) => blockText(post)).join(' ');
    for (const i of [0, 325, 649]) expect(shown).toContain(`step ${i} &lt;&amp;&gt;`);
  });

  it('keeps headers and modal titles within Slack’s limits for long and wide titles', async () => {
    const title = '🔥'.repeat(70) + 'Ω'.repeat(10);
    const channelId = await declareIncident(t, title);
    const card = botPosts(t, channelId)[0]!;
    expect(card.result.ok).toBe(true);
    const before = t.slack.callsTo('views.open').length;
    await run(t, channelId, 'close');
    expect(t.slack.callsTo('views.open')[before]!.result.ok).toBe(true);
    const tooLong = await run(t, 'C0GENERAL', `declare ${'t'.repeat(151)}`);
    expect(tooLong.json?.text).toContain('under 150 characters');
  });
});

/** The HTTP status, or `reset` when the server hung up on a request it refused before reading it all. */
async function statusOrReset(request: Promise<{ status: number }>): Promise<number | string> {
  return request.then(
    (response) => response.status,
    (error: Error) => ((error.cause as { code?: string } | undefined)?.code === 'ECONNRESET' ? 'reset' : error.message),
  );
}

describe('hostile requests', () => {
  it('answers malformed JSON, unsigned and oversized bodies with 4xx, and keeps serving', async () => {
    expect((await t.sender.send('{"type":', 'application/json')).status).toBe(400);
    // Over Bolt's 4 MB limit: refused with 413, or the connection is cut while the body still streams in.
    const huge = `text=${'a'.repeat(5 * 1024 * 1024)}`;
    expect([413, 'reset']).toContain(await statusOrReset(t.sender.send(huge, 'application/x-www-form-urlencoded')));
    const megabyte = await t.sender.command(`update ${'a'.repeat(1024 * 1024)}`);
    expect(megabyte.status).toBe(200);
    expect(megabyte.json?.text).toContain('too long');
    const unsigned = fetch(`${t.bot.url}/slack/events`, { method: 'POST', body: 'a'.repeat(1024 * 1024) });
    expect([401, 'reset']).toContain(await statusOrReset(unsigned));
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
  });

  it('answers an interaction of a type it does not know with a 4xx', async () => {
    const response = await t.sender.interaction({ ...t.sender.interactionBase(), type: 'mystery_payload' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('answers thousands of random signed commands, records nothing, and stays up', async () => {
    const channel = t.slack.addChannel('fuzz', ['U0ALICE']);
    const incidents = await IncidentModel.countDocuments();
    const entries = await TimelineEntryModel.countDocuments();
    const texts = fc.sample(
      fc
        .oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^(update|status|sev|role|note|impact|action|remind|snooze|timeline|help|--next|--at|—|<@U1>|\s)+.{0,20}$/))
        .filter((text) => !/^\s*(declare|new|start)\b/i.test(text)),
      2000,
    );
    for (let i = 0; i < texts.length; i += 50) {
      const batch = await Promise.all(texts.slice(i, i + 50).map((text) => t.sender.command(text, { channel: channel.id })));
      for (const response of batch) expect(response.status).toBe(200);
    }
    await t.settle();
    expect(await IncidentModel.countDocuments()).toBe(incidents);
    expect(await TimelineEntryModel.countDocuments()).toBe(entries);
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
  }, 120_000);
});
