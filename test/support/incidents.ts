import { SHORTCUT_IDS } from '../../src/blocks/ids.js';
import type { ApiCall, ChannelMessage } from '../../src/local-slack/workspace.js';
import type { TestBot } from './harness.js';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';

/** Declares an incident through `/incident declare` and returns its channel id once its card is pinned. */
export async function declareIncident(
  t: TestBot,
  title: string,
  options: { user?: string; flags?: string } = {},
): Promise<string> {
  const pinsBefore = t.slack.callsTo('pins.add').length;
  const general = t.slack.channels.get('C0GENERAL') ?? t.slack.addChannel('general', [], 'C0GENERAL');
  const response = await run(t, general.id, `declare ${title} ${options.flags ?? ''}`.trim(), options.user);
  if (response.status !== 200) throw new Error(`declare answered ${response.status}`);
  const pins = t.slack.callsTo('pins.add');
  if (pins.length === pinsBefore) throw new Error(`declare pinned nothing: ${JSON.stringify(response.replies)}`);
  return String(pins.at(-1)!.args.channel);
}

/** The text of every block of a message or reply, joined, for assertions on what people read. */
export function blockText(source: { blocks?: unknown } | ApiCall): string {
  const blocks = 'args' in source ? source.args.blocks : source.blocks;
  return JSON.stringify(blocks ?? []);
}

/** Messages the bot posted to a channel (chat.postMessage calls that succeeded), in order. */
export function botPosts(t: TestBot, channelId: string): ApiCall[] {
  return t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channelId && call.result.ok === true);
}

/** Waits for the n-th successful bot post in a channel (counting from 1). */
export async function waitForPost(
  t: TestBot,
  channelId: string,
  predicate: (call: ApiCall) => boolean = () => true,
): Promise<ApiCall> {
  return t.slack.waitForCall(
    'chat.postMessage',
    (call) => call.args.channel === channelId && call.result.ok === true && predicate(call),
  );
}

/** The replies posted to a command's response_url so far. */
export function repliesTo(t: TestBot, command: { responseUrl: string }): Array<Record<string, unknown>> {
  const id = command.responseUrl.split('/').pop();
  return t.slack.responses.filter((post) => post.id === id).map((post) => post.body);
}

/**
 * Sends `/incident <text>` in a channel as a user, then waits until the bot has finished the work it
 * acknowledged (its in-flight work drains), so the test reads a settled state. The text is typed text
 * (Slack encodes it: `@bob` arrives as `<@U0BOB|bob>`, `&` as `&amp;`); `{ wire: true }` sends it as is.
 */
export async function run(t: TestBot, channelId: string, text: string, user = 'U0ALICE', options: { wire?: boolean } = {}) {
  const response = await t.sender.command(text, { channel: channelId, user, ...options });
  await t.settle();
  return { ...response, replies: repliesTo(t, response) };
}

/** The "Add to incident timeline" message shortcut on a message, as Slack sends it when `user` picks it. */
export function timelineShortcut(t: TestBot, message: ChannelMessage, user = 'U0ALICE') {
  return {
    ...t.sender.interactionBase(user),
    type: 'message_action',
    callback_id: SHORTCUT_IDS.addToTimeline,
    channel: { id: message.channel, name: 'x' },
    message: { type: 'message', user: message.user, text: message.text, ts: message.ts },
    message_ts: message.ts,
    response_url: t.slack.responseUrl(),
  };
}

/** The pinned messages recorded in the timeline of a channel's incident. */
export async function pinnedEntries(channelId: string) {
  const incident = await findIncidentByChannel(channelId);
  return TimelineEntryModel.find({ incidentId: incident!._id, kind: 'pinned' }).lean();
}
