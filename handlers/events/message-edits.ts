import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import { forEvent, type EventListenerArgs, type ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { recordMessageDeleted, reviseMessage } from '../../src/flows/pin-message.js';
import { depsOf, type ListenerContext } from '../context.js';

const changed = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.object({ ts: z.string(), text: z.string().default(''), subtype: z.string().optional() }),
});

const deleted = z.object({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: z.string(),
});

/**
 * Edits and deletions of pinned messages update their timeline entries, keeping the earlier text, and the
 * bot's copies of them. A deleted message that had thread replies stays as a tombstone: Slack says so with
 * `message_changed`, and it counts as a deletion, not as new text.
 */
export async function messageEdited({ message, context }: Pick<SlackEventMiddlewareArgs<'message'>, 'message'> & ListenerContext): Promise<void> {
  const deps = depsOf(context);
  const edit = changed.safeParse(message);
  if (edit.success) {
    const { channel, message: after } = edit.data;
    if (after.subtype === 'tombstone') await recordMessageDeleted(deps, { channelId: channel, ts: after.ts });
    else await reviseMessage(deps, { channelId: channel, ts: after.ts, text: after.text });
    return;
  }
  const removal = deleted.safeParse(message);
  if (removal.success) await recordMessageDeleted(deps, { channelId: removal.data.channel, ts: removal.data.deleted_ts });
}

/** Registers the message listener. */
export function register(events: ListenerTable<EventListenerArgs>): void {
  events.on('message', forEvent<'message'>(messageEdited));
}
