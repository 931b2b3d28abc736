import type { App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { markEntriesDeleted, reviseEntriesFromMessage } from '../../src/services/timeline.js';

const changed = z.object({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.object({ ts: z.string(), text: z.string().default('') }),
});

const deleted = z.object({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: z.string(),
});

/** Edits and deletions of pinned messages update their timeline entries, keeping the earlier text. */
export async function messageEdited({ message }: Pick<SlackEventMiddlewareArgs<'message'>, 'message'>): Promise<void> {
  const edit = changed.safeParse(message);
  if (edit.success) {
    await reviseEntriesFromMessage(edit.data.channel, edit.data.message.ts, edit.data.message.text, new Date());
    return;
  }
  const removal = deleted.safeParse(message);
  if (removal.success) await markEntriesDeleted(removal.data.channel, removal.data.deleted_ts, new Date());
}

/** Registers the message listener. */
export function register(app: App): void {
  app.message(messageEdited);
}
