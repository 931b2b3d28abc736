import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelMessage } from '../../src/local-slack/workspace.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, pinnedEntries, run, timelineShortcut } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot();
});

afterAll(async () => {
  await t?.close();
});

/** The bot's posts in a channel that show this text. */
function copiesOf(channelId: string, text: string) {
  return botPosts(t, channelId).filter((post) => blockText(post).includes(text));
}

/** The bot's copy of a pinned message as people see it now (after every chat.update). */
function copyNow(channelId: string, ts: string): string {
  return JSON.stringify(t.slack.state.message(channelId, ts)!.blocks);
}

/** chat.update calls on one message. */
function updatesOf(channelId: string, ts: string) {
  return t.slack
    .callsTo('chat.update')
    .filter((call) => call.args.channel === channelId && call.args.ts === ts);
}

/** What the bot told a person ephemerally in a channel, in order. */
function toldTo(user: string, channelId: string): string[] {
  return t.slack
    .callsTo('chat.postEphemeral')
    .filter((call) => call.args.user === user && call.args.channel === channelId)
    .map((call) => String(call.args.text));
}

/** The `/incident timeline` reply's text. */
async function timelineText(channelId: string): Promise<string> {
  const timeline = await run(t, channelId, 'timeline');
  return timeline.replies.map((reply) => blockText(reply)).join('\n');
}

/** The internal appendix of a fresh `/incident postmortem` draft. */
async function appendix(channelId: string): Promise<string> {
  await run(t, channelId, 'postmortem');
  const files = [...t.slack.files.values()].filter(
    (file) => file.channel === channelId && file.filename.endsWith('-en.md'),
  );
  const markdown = files.at(-1)!.content.toString('utf8');
  return markdown.slice(markdown.indexOf('## Internal appendix'));
}

/** Posts Bob's message in the channel and pins it with Alice's :pushpin:; returns it and the ts of the bot's copy. */
async function pinnedByAlice(
  channelId: string,
  text: string,
): Promise<{ message: ChannelMessage; copyTs: string }> {
  const message = t.slack.postAsUser(channelId, 'U0BOB', text);
  await t.sender.reactionAdded(message, 'U0ALICE');
  await t.settle();
  const [copy] = copiesOf(channelId, text);
  if (!copy) throw new Error(`the bot posted no copy of "${text}"`);
  return { message, copyTs: String(copy.result.ts) };
}

describe('edits and deletions of a pinned message', () => {
  it('shows the new text in the bot’s copy, marked edited, and keeps every earlier text in the timeline and the draft', async () => {
    const channelId = await declareIncident(t, 'Edited pin');
    const { message, copyTs } = await pinnedByAlice(channelId, 'error rate 5% on checkout');

    await t.sender.messageEdited(message, 'error rate 50% on checkout');
    await t.settle();
    expect(copyNow(channelId, copyTs)).toContain('error rate 50% on checkout');
    expect(copyNow(channelId, copyTs)).not.toContain('error rate 5% on checkout');
    expect(copyNow(channelId, copyTs)).toContain(':pushpin: *Pinned message* — <@U0BOB> _(edited)_');
    expect(String(t.slack.state.message(channelId, copyTs)!.text)).toBe(
      'Pinned message — <@U0BOB> (edited): error rate 50% on checkout',
    );

    await t.sender.messageEdited(message, 'error rate 50% on checkout & payments');
    await t.settle();
    expect(copyNow(channelId, copyTs)).toContain('error rate 50% on checkout &amp; payments');
    const [entry] = await pinnedEntries(channelId);
    expect(entry!.revisions.map((revision) => revision.text)).toEqual([
      'error rate 5% on checkout',
      'error rate 50% on checkout',
    ]);
    expect(entry!.revisions.every((revision) => revision.replacedAt instanceof Date)).toBe(true);

    expect(await timelineText(channelId)).toContain(
      'error rate 50% on checkout &amp; payments\\n_earlier:_ “error rate 5% on checkout”, “error rate 50% on checkout”',
    );
    expect(await appendix(channelId)).toContain(
      '**Pinned message** _(edited; earlier: “error rate 5% on checkout”, “error rate 50% on checkout”)_ · Bob Keller: error rate 50% on checkout & payments',
    );
    // The copy was updated in place: the edits posted nothing new.
    expect(copiesOf(channelId, 'error rate')).toHaveLength(1);
  });

  it('changes nothing when the same edit arrives again', async () => {
    const channelId = await declareIncident(t, 'Edit redelivered');
    const { message, copyTs } = await pinnedByAlice(channelId, 'queue depth 10k');
    await t.sender.messageEdited(message, 'queue depth 100k');
    await t.settle();
    const updates = updatesOf(channelId, copyTs).length;

    // Slack sends message_changed for other reasons too (unfurls, replies): the text is what matters.
    await t.sender.event({
      type: 'message',
      subtype: 'message_changed',
      channel: channelId,
      hidden: true,
      ts: t.slack.state.nextTs(),
      message: {
        type: 'message',
        user: 'U0BOB',
        text: 'queue depth 100k',
        ts: message.ts,
        edited: { user: 'U0BOB', ts: '1' },
      },
      previous_message: { type: 'message', user: 'U0BOB', text: 'queue depth 100k', ts: message.ts },
    });
    await t.settle();
    const [entry] = await pinnedEntries(channelId);
    expect(entry!.revisions.map((revision) => revision.text)).toEqual(['queue depth 10k']);
    expect(updatesOf(channelId, copyTs)).toHaveLength(updates);
  });

  it('marks the bot’s copy and the draft when the pinned message is deleted, keeping its text', async () => {
    const channelId = await declareIncident(t, 'Deleted pin');
    const { message, copyTs } = await pinnedByAlice(channelId, 'customer ACME escalated');
    await t.sender.messageDeleted(message);
    await t.settle();
    expect(copyNow(channelId, copyTs)).toContain(
      ':pushpin: *Pinned message* — <@U0BOB> _(deleted in Slack)_',
    );
    expect(copyNow(channelId, copyTs)).toContain('customer ACME escalated');
    const [entry] = await pinnedEntries(channelId);
    expect(entry!.deletedAt).toBeInstanceOf(Date);
    expect(await appendix(channelId)).toContain(
      '**Pinned message** _(deleted)_ · Bob Keller: customer ACME escalated',
    );
  });

  it('counts a deleted message that started a thread (Slack leaves a tombstone) as deleted, not as new text', async () => {
    const channelId = await declareIncident(t, 'Tombstone');
    const { message, copyTs } = await pinnedByAlice(channelId, 'DB primary failed over');
    t.slack.postAsUser(channelId, 'U0CAROL', 'which region?', message.ts);
    await t.sender.messageDeleted(message);
    await t.settle();
    const [entry] = await pinnedEntries(channelId);
    expect(entry).toMatchObject({ text: 'DB primary failed over', revisions: [] });
    expect(entry!.deletedAt).toBeInstanceOf(Date);
    expect(copyNow(channelId, copyTs)).toContain('_(deleted in Slack)_');
    expect(copyNow(channelId, copyTs)).not.toContain('This message was deleted');
  });
});

describe('taking a pin back', () => {
  it('takes the message out of the timeline when its only pinner removes the reaction, and brings it back when pinned again', async () => {
    const channelId = await declareIncident(t, 'Unpinned');
    const { message, copyTs } = await pinnedByAlice(channelId, 'wrong dashboard, ignore');

    await t.sender.reactionRemoved(message, 'U0ALICE');
    await t.settle();
    let [entry] = await pinnedEntries(channelId);
    expect(entry!.unpinnedAt).toBeInstanceOf(Date);
    expect(entry!.pinnedBy).toEqual([]);
    expect(copyNow(channelId, copyTs)).toContain(
      ':pushpin: *Pinned message* — <@U0BOB> _(removed from the timeline)_',
    );
    expect(toldTo('U0ALICE', channelId).at(-1)).toBe(
      ':pushpin: Removed from the incident timeline; the internal appendix keeps it, marked removed.',
    );
    expect(await timelineText(channelId)).toContain(
      '_(removed from the timeline)_\\n~wrong dashboard, ignore~',
    );
    expect(await appendix(channelId)).toContain(
      '**Pinned message** _(removed from the timeline)_ · Bob Keller: wrong dashboard, ignore',
    );

    await t.sender.reactionAdded(message, 'U0CAROL');
    await t.settle();
    [entry] = await pinnedEntries(channelId);
    expect(entry!.unpinnedAt).toBeUndefined();
    expect(entry!.pinnedBy).toEqual(['U0CAROL']);
    expect(entry!.pinHistory!.map(({ userId, action }) => [userId, action])).toEqual([
      ['U0ALICE', 'pinned'],
      ['U0ALICE', 'unpinned'],
      ['U0CAROL', 'pinned'],
    ]);
    expect(copyNow(channelId, copyTs)).not.toContain('removed from the timeline');
    expect(toldTo('U0CAROL', channelId)).toEqual([':pushpin: Back in the incident timeline.']);
    expect(copiesOf(channelId, 'wrong dashboard')).toHaveLength(1);
    expect(await timelineText(channelId)).not.toContain('~wrong dashboard');
  });

  it('keeps the message while someone else still pins it, and tells the person who took their pin back', async () => {
    const channelId = await declareIncident(t, 'Two pinners');
    const { message, copyTs } = await pinnedByAlice(channelId, 'rollback plan: v411');
    await t.sender.reactionAdded(message, 'U0CAROL');
    await t.settle();
    expect(await pinnedEntries(channelId)).toHaveLength(1);
    expect(toldTo('U0CAROL', channelId)).toEqual([]);

    await t.sender.reactionRemoved(message, 'U0ALICE');
    await t.settle();
    let [entry] = await pinnedEntries(channelId);
    expect(entry!.unpinnedAt).toBeUndefined();
    expect(entry!.pinnedBy).toEqual(['U0CAROL']);
    expect(updatesOf(channelId, copyTs)).toEqual([]);
    expect(toldTo('U0ALICE', channelId).at(-1)).toBe(
      ':pushpin: Still in the incident timeline: <@U0CAROL> pinned it too.',
    );

    // Someone who never pinned it removing a reaction of theirs changes nothing.
    await t.sender.reactionAdded(message, 'U0DAVE', 'eyes');
    await t.sender.reactionRemoved(message, 'U0DAVE', 'eyes');
    await t.settle();
    [entry] = await pinnedEntries(channelId);
    expect(entry!.pinnedBy).toEqual(['U0CAROL']);

    await t.sender.reactionRemoved(message, 'U0CAROL');
    await t.settle();
    [entry] = await pinnedEntries(channelId);
    expect(entry!.unpinnedAt).toBeInstanceOf(Date);
    expect(copyNow(channelId, copyTs)).toContain('_(removed from the timeline)_');
  });

  it('stays idempotent when Slack redelivers a reaction the bot no longer remembers receiving', async () => {
    const channelId = await declareIncident(t, 'Redelivered reactions');
    const message = t.slack.postAsUser(channelId, 'U0BOB', 'pool exhausted on db-3');
    const forget = (eventId: string) => t.bot.deps.redis.del(`${t.config.queuePrefix}:seen:event:${eventId}`);

    await t.sender.reactionAdded(message, 'U0ALICE', 'pushpin', { eventId: 'EvPINAGAIN1' });
    await t.settle();
    await forget('EvPINAGAIN1');
    const added = t.sender.reactionEvent('reaction_added', message, 'U0ALICE');
    expect((await t.sender.event(added, { eventId: 'EvPINAGAIN1', retryNum: 1 })).status).toBe(200);
    await t.settle();
    let [entry] = await pinnedEntries(channelId);
    expect(await pinnedEntries(channelId)).toHaveLength(1);
    expect(entry!.pinnedBy).toEqual(['U0ALICE']);
    expect(entry!.pinHistory).toHaveLength(1);
    expect(copiesOf(channelId, 'pool exhausted')).toHaveLength(1);
    expect(toldTo('U0ALICE', channelId)).toEqual([':pushpin: Added to the incident timeline.']);

    await t.sender.reactionRemoved(message, 'U0ALICE', 'pushpin', { eventId: 'EvUNPINAGAIN1' });
    await t.settle();
    const copyTs = String(copiesOf(channelId, 'pool exhausted')[0]!.result.ts);
    const updates = updatesOf(channelId, copyTs).length;
    await forget('EvUNPINAGAIN1');
    const removed = t.sender.reactionEvent('reaction_removed', message, 'U0ALICE');
    await t.sender.event(removed, { eventId: 'EvUNPINAGAIN1', retryNum: 1 });
    await t.settle();
    [entry] = await pinnedEntries(channelId);
    expect(entry!.unpinnedAt).toBeInstanceOf(Date);
    expect(entry!.pinHistory).toHaveLength(2);
    expect(updatesOf(channelId, copyTs)).toHaveLength(updates);
    expect(toldTo('U0ALICE', channelId)).toHaveLength(2);
  });
});

describe('the bot’s own posts', () => {
  const OWN_POST = ':pushpin: That is the bot’s own post: what it shows is already in the incident timeline.';

  it('does not pin its own update, the card or its copy of a pinned message again, and says why', async () => {
    const channelId = await declareIncident(t, 'Own posts');
    await run(t, channelId, 'update Rolled back to v411; error rate falling');
    const posts = botPosts(t, channelId);
    const [card] = posts;
    const update = posts.find((post) => blockText(post).includes('Rolled back to v411'))!;
    const { copyTs } = await pinnedByAlice(channelId, 'graph: errors back to baseline');
    const postsBefore = botPosts(t, channelId).length;

    for (const ts of [String(update.result.ts), String(card!.result.ts), copyTs]) {
      await t.sender.reactionAdded(t.slack.state.message(channelId, ts)!, 'U0CAROL');
      await t.settle();
    }
    await t.sender.interaction(
      timelineShortcut(t, t.slack.state.message(channelId, String(card!.result.ts))!, 'U0DAVE'),
    );
    await t.settle();

    expect((await pinnedEntries(channelId)).map((entry) => entry.text)).toEqual([
      'graph: errors back to baseline',
    ]);
    expect(botPosts(t, channelId)).toHaveLength(postsBefore);
    expect(toldTo('U0CAROL', channelId)).toEqual([OWN_POST, OWN_POST, OWN_POST]);
    expect(toldTo('U0DAVE', channelId)).toEqual([OWN_POST]);
    expect(await timelineText(channelId)).not.toContain('Pinned message* — <@U0INCIDENTBOT>');
  });

  it('knows its own post from the message when the reaction does not name the author', async () => {
    const channelId = await declareIncident(t, 'Own post, no item_user');
    await run(t, channelId, 'update Mitigation in place');
    const update = botPosts(t, channelId).find((post) => blockText(post).includes('Mitigation in place'))!;
    const event = t.sender.reactionEvent(
      'reaction_added',
      t.slack.state.message(channelId, String(update.result.ts))!,
      'U0CAROL',
    );
    delete event.item_user;
    await t.sender.event(event);
    await t.settle();
    expect(await pinnedEntries(channelId)).toEqual([]);
    expect(toldTo('U0CAROL', channelId)).toEqual([OWN_POST]);
  });
});
