import type { App, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SHORTCUT_IDS } from '../../src/blocks/ids.js';
import { pinMessage } from '../../src/flows/pin-message.js';
import { depsOf, type ListenerContext } from '../context.js';
import { pinAnswer } from '../pin-replies.js';
import { tell } from '../tell.js';

const messageShortcut = z.object({
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string().regex(/^\d+\.\d+$/), text: z.string().default(''), user: z.string().optional() }),
});

/** The "Add to incident timeline" message shortcut: the same as pinning with the reaction, and the person is always answered. */
export async function addToTimeline({ ack, shortcut, context }: Pick<SlackShortcutMiddlewareArgs, 'ack' | 'shortcut'> & ListenerContext) {
  await ack();
  const deps = depsOf(context);
  const payload = messageShortcut.parse(shortcut);
  const outcome = await pinMessage(deps, {
    channelId: payload.channel.id,
    ts: payload.message.ts,
    pinnedBy: payload.user.id,
    source: 'shortcut',
    message: { text: payload.message.text, ...(payload.message.user ? { user: payload.message.user } : {}) },
  });
  if (outcome) await tell(deps, { userId: payload.user.id, channelId: payload.channel.id }, { text: pinAnswer(outcome) });
}

/** Registers the message shortcut. */
export function register(app: App): void {
  app.shortcut(SHORTCUT_IDS.addToTimeline, addToTimeline);
}
