import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { dateOfTs } from '../../src/flows/pin-message.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, botPosts, declareIncident, pinnedEntries, run, timelineShortcut } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot();
});

afterAll(async () => {
  await t?.close();
});

function reaction(user: string, channel: string, ts: string, name = 'pushpin') {
  return { type: 'reaction_added', user, reaction: name, item: { type: 'message', channel, ts }, item_user: 'U0BOB', event_ts: ts };
}

describe('pinning messages to the timeline', () => {
  it('adds a message pinned by reaction once, however many people pin it, with its own time and author', async () => {
    const channelId = await declareIncident(t, 'Pinned by reaction');
    const message = t.slack.postAsUser(channelId, 'U0BOB', 'Saw 502s from the edge since 22:57');
    for (const user of ['U0ALICE', 'U0CAROL', 'U0DAVE']) {
      const response = await t.sender.event(reaction(user, channelId, message.ts));
      expect(response.status).toBe(200);
      await t.settle();
    }
    const entries = await pinnedEntries(channelId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      text: 'Saw 502s from the edge since 22:57',
      authorId: 'U0BOB',
      source: 'reaction',
      occurredAt: dateOfTs(message.ts),
      slack: { channelId, ts: message.ts },
    });
    expect(entries[0]!.slack?.permalink).toContain('/archives/');
    expect(t.slack.callsTo('chat.postEphemeral').filter((call) => call.args.text === ':pushpin: Added to the incident timeline.')).toHaveLength(1);

    const timeline = await run(t, channelId, 'timeline');
    expect(JSON.stringify(timeline.replies)).toContain('Saw 502s from the edge');
  });

  it('ignores other reactions, channels without an incident and an event delivered again', async () => {
    const channelId = await declareIncident(t, 'Reaction filters');
    const message = t.slack.postAsUser(channelId, 'U0BOB', 'not pinned');
    await t.sender.event(reaction('U0ALICE', channelId, message.ts, 'eyes'));
    const other = t.slack.addChannel('chatter', ['U0BOB']);
    const elsewhere = t.slack.postAsUser(other.id, 'U0BOB', 'elsewhere');
    await t.sender.event(reaction('U0ALICE', other.id, elsewhere.ts));
    await t.settle();
    expect(await pinnedEntries(channelId)).toHaveLength(0);

    const pinned = t.slack.postAsUser(channelId, 'U0BOB', 'pinned once');
    const first = await t.sender.event(reaction('U0ALICE', channelId, pinned.ts), { eventId: 'EvREPEAT1' });
    await t.settle();
    const ephemeralsBefore = t.slack.callsTo('chat.postEphemeral').length;
    const retry = await t.sender.event(reaction('U0ALICE', channelId, pinned.ts), { eventId: 'EvREPEAT1', retryNum: 1 });
    await t.settle();
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await pinnedEntries(channelId)).toHaveLength(1);
    expect(t.slack.callsTo('chat.postEphemeral').length).toBe(ephemeralsBefore);
  });

  it('pins a thread reply too', async () => {
    const channelId = await declareIncident(t, 'Thread reply');
    const parent = t.slack.postAsUser(channelId, 'U0BOB', 'parent');
    const reply = t.slack.postAsUser(channelId, 'U0CAROL', 'the reply that matters', parent.ts);
    await t.sender.event(reaction('U0ALICE', channelId, reply.ts));
    await t.settle();
    expect((await pinnedEntries(channelId)).map((entry) => [entry.text, entry.authorId])).toEqual([
      ['the reply that matters', 'U0CAROL'],
    ]);
  });

  it('keeps the earlier text when a pinned message is edited, and marks it when it is deleted', async () => {
    const channelId = await declareIncident(t, 'Edits');
    const message = t.slack.postAsUser(channelId, 'U0BOB', 'error rate 5%');
    await t.sender.event(reaction('U0ALICE', channelId, message.ts));
    await t.settle();
    await t.sender.event({
      type: 'message',
      subtype: 'message_changed',
      channel: channelId,
      hidden: true,
      ts: `${Number(message.ts) + 5}`,
      message: { type: 'message', user: 'U0BOB', text: 'error rate 50%', ts: message.ts, edited: { user: 'U0BOB', ts: '1' } },
      previous_message: { type: 'message', user: 'U0BOB', text: 'error rate 5%', ts: message.ts },
    });
    await t.settle();
    let [entry] = await pinnedEntries(channelId);
    expect(entry!.text).toBe('error rate 50%');
    expect(entry!.revisions.map((revision) => revision.text)).toEqual(['error rate 5%']);

    await t.sender.event({ type: 'message', subtype: 'message_deleted', channel: channelId, hidden: true, deleted_ts: message.ts, ts: `${Number(message.ts) + 9}` });
    await t.settle();
    [entry] = await pinnedEntries(channelId);
    expect(entry!.deletedAt).toBeInstanceOf(Date);
    expect(entry!.text).toBe('error rate 50%');
  });

  it('adds a message through the message shortcut, and says so when it is already there', async () => {
    const channelId = await declareIncident(t, 'Shortcut');
    const message = t.slack.postAsUser(channelId, 'U0DAVE', 'Rollback started');
    const shortcut = timelineShortcut(t, message);
    expect((await t.sender.interaction(shortcut)).status).toBe(200);
    await t.settle();
    await t.sender.interaction(shortcut);
    await t.settle();
    expect((await pinnedEntries(channelId)).map((entry) => [entry.text, entry.source])).toEqual([['Rollback started', 'shortcut']]);
    const answers = t.slack.callsTo('chat.postEphemeral').slice(-2).map((call) => call.args.text);
    expect(answers).toEqual([':pushpin: Added to the incident timeline.', ':pushpin: That message is already in the timeline.']);

    const other = t.slack.addChannel('elsewhere', ['U0ALICE']);
    const outside = t.slack.postAsUser(other.id, 'U0ALICE', 'not an incident');
    await t.sender.interaction({ ...shortcut, channel: { id: other.id, name: 'elsewhere' }, message: { ...shortcut.message, ts: outside.ts } });
    await t.settle();
    expect(String(t.slack.callsTo('chat.postEphemeral').at(-1)!.args.text)).toContain('works in an incident channel');
  });
});

describe('App Home and the card buttons', () => {
  it('publishes open incidents with severity, status, commander and next update when Home opens', async () => {
    await declareIncident(t, 'Shown at home', { flags: '--sev 1' });
    await t.sender.event({ type: 'app_home_opened', user: 'U0CAROL', channel: 'D0HOME', tab: 'home' });
    await t.settle();
    const view = t.slack.homeViews.get('U0CAROL')!;
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Shown at home');
    expect(text).toContain('SEV1');
    expect(text).toContain('Investigating');
    expect(text).toContain('commander <@U0ALICE>');
  });

  it('opens the update modal from the card, and a double-submitted modal records once', async () => {
    const channelId = await declareIncident(t, 'Card buttons');
    const card = botPosts(t, channelId)[0]!;
    const button = (card.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((block) => block.type === 'actions')!.elements!.find((element) => element.action_id === 'incident_post_update')!;
    const opensBefore = t.slack.callsTo('views.open').length;
    await t.sender.interaction({
      ...t.sender.interactionBase('U0BOB'),
      type: 'block_actions',
      container: { type: 'message', channel_id: channelId, message_ts: card.result.ts },
      channel: { id: channelId },
      actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'incident_card_actions', action_ts: '1' }],
    });
    await t.settle();
    const view = t.slack.callsTo('views.open')[opensBefore]!.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('incident_update');

    const submission = {
      ...t.sender.interactionBase('U0BOB'),
      type: 'view_submission',
      view: {
        id: 'VDOUBLE1',
        callback_id: 'incident_update',
        private_metadata: view.private_metadata,
        state: {
          values: {
            text: { text: { type: 'plain_text_input', value: 'Mitigation deployed' } },
            next: { next: { type: 'static_select', selected_option: { value: '15m' } } },
            visibility: { visibility: { type: 'checkboxes', selected_options: [] } },
          },
        },
      },
    };
    const [first, second] = await Promise.all([t.sender.interaction(submission), t.sender.interaction(submission)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await t.settle();
    const incident = await findIncidentByChannel(channelId);
    const updates = await TimelineEntryModel.find({ incidentId: incident!._id, kind: 'update' }).lean();
    expect(updates.map((entry) => [entry.text, entry.source])).toEqual([['Mitigation deployed', 'modal']]);
    expect(botPosts(t, channelId).filter((post) => blockText(post).includes('Mitigation deployed'))).toHaveLength(1);
    expect(incident!.nextUpdateDueAt!.getTime() - incident!.lastPublicUpdateAt!.getTime()).toBe(15 * 60_000);

    // Change status from the card: resolving through the form stops the promise.
    const statusButton = (card.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((block) => block.type === 'actions')!.elements!.find((element) => element.action_id === 'incident_change_status')!;
    await t.sender.interaction({
      ...t.sender.interactionBase('U0BOB'),
      type: 'block_actions',
      container: { type: 'message', channel_id: channelId, message_ts: card.result.ts },
      channel: { id: channelId },
      actions: [{ type: 'button', action_id: statusButton.action_id, value: statusButton.value, block_id: 'incident_card_actions', action_ts: '2' }],
    });
    await t.settle();
    const statusView = t.slack.callsTo('views.open').at(-1)!.args.view as { callback_id: string; private_metadata: string };
    expect(statusView.callback_id).toBe('incident_status');
    await t.sender.interaction({
      ...t.sender.interactionBase('U0BOB'),
      type: 'view_submission',
      view: {
        id: 'VSTATUS1',
        callback_id: 'incident_status',
        private_metadata: statusView.private_metadata,
        state: {
          values: {
            status: { status: { type: 'static_select', selected_option: { value: 'resolved' } } },
            text: { text: { type: 'plain_text_input', value: 'Fixed for everyone' } },
          },
        },
      },
    });
    await t.settle();
    const resolved = await findIncidentByChannel(channelId);
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(resolved!.nextUpdateDueAt).toBeUndefined();
    expect(botPosts(t, channelId).map(blockText).join('\n')).toContain('Fixed for everyone');

    const empty = await t.sender.interaction({
      ...submission,
      view: { ...submission.view, id: 'VEMPTY', state: { values: { text: { text: { type: 'plain_text_input', value: '' } } } } },
    });
    expect(empty.json).toEqual({ response_action: 'errors', errors: { text: 'Write the update.' } });
  });
});
