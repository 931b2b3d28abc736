import { ACTION_IDS, ITEM_ACTIONS_PREFIX } from '../../src/blocks/ids.js';
import type { ApiCall } from '../../src/local-slack/workspace.js';
import type { TestBot } from './harness.js';

type Element = { type: string; action_id: string; value?: string };
type Block = { type: string; block_id?: string; elements?: Element[] };

function blocksOf(call: Pick<ApiCall, 'args'>): Block[] {
  const blocks = typeof call.args.blocks === 'string' ? (JSON.parse(call.args.blocks) as unknown) : call.args.blocks;
  return Array.isArray(blocks) ? (blocks as Block[]) : [];
}

/** True when a conversation is the bot's direct message with this person. */
export function isDirectMessageWith(t: TestBot, channelId: unknown, userId: string): boolean {
  const channel = t.slack.channels.get(String(channelId));
  return Boolean(channel?.isIm && channel.members.has(userId));
}

/** A remediation-item reminder Slack accepted, sent by direct message to this person. */
export const itemReminderTo = (t: TestBot, userId: string) => (call: ApiCall) =>
  call.method === 'chat.postMessage' &&
  call.result.ok === true &&
  isDirectMessageWith(t, call.args.channel, userId) &&
  blocksOf(call).some((block) => block.block_id?.startsWith(ITEM_ACTIONS_PREFIX));

/** The reminders of remediation items a person got so far. */
export function itemRemindersTo(t: TestBot, userId: string): ApiCall[] {
  return t.slack.callsTo('chat.postMessage').filter(itemReminderTo(t, userId));
}

/**
 * Uses a button or the Reassign picker of a reminder, as its recipient would (`picked`: the person chosen in the
 * picker), and waits until the bot settled.
 */
export async function useReminder(
  t: TestBot,
  reminder: ApiCall,
  control: 'done' | 'snooze' | 'reassign',
  user: string,
  picked?: string,
): Promise<void> {
  const actionId = { done: ACTION_IDS.itemDone, snooze: ACTION_IDS.itemSnooze, reassign: ACTION_IDS.itemReassign }[control];
  const block = blocksOf(reminder).find((candidate) => candidate.block_id?.startsWith(ITEM_ACTIONS_PREFIX))!;
  const element = block.elements!.find((candidate) => candidate.action_id === actionId)!;
  const channel = String(reminder.args.channel);
  const response = await t.sender.interaction({
    ...t.sender.interactionBase(user),
    type: 'block_actions',
    container: { type: 'message', message_ts: reminder.result.ts, channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'directmessage' },
    actions: [
      {
        action_id: element.action_id,
        block_id: block.block_id,
        type: element.type,
        ...(element.value ? { value: element.value } : {}),
        ...(picked ? { selected_user: picked } : {}),
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
  if (response.status !== 200) throw new Error(`the click was answered ${response.status}`);
  await t.settle();
}

/** The text a message's blocks show, joined, for assertions on what people read. */
export function messageText(call: Pick<ApiCall, 'args'>): string {
  return JSON.stringify(blocksOf(call));
}
