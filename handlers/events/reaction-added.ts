import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import { forEvent, type EventListenerArgs, type ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { pinMessage } from '../../src/flows/pin-message.js';
import { depsOf, type ListenerContext } from '../context.js';
import { tell } from '../tell.js';
import { pinAnswer } from '../pin-replies.js';

/** A reaction on a message (`reaction_added` and `reaction_removed` carry the same fields). */
export const reactionEvent = z.object({
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().optional(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts: z.string().regex(/^\d+\.\d+$/) }),
});

/**
 * The timeline reaction (`:pushpin:` by default) on a message in an incident channel pins it to the timeline.
 * The person is told when it was added or brought back, or when it is the bot's own post.
 */
export async function reactionAdded({ event, context }: Pick<SlackEventMiddlewareArgs<'reaction_added'>, 'event'> & ListenerContext) {
  const deps = depsOf(context);
  const parsed = reactionEvent.safeParse(event);
  if (!parsed.success || parsed.data.reaction !== deps.config.timelineReaction) return;
  const { user, item } = parsed.data;
  const outcome = await pinMessage(deps, {
    channelId: item.channel,
    ts: item.ts,
    pinnedBy: user,
    source: 'reaction',
    ...(parsed.data.item_user ? { author: parsed.data.item_user } : {}),
  });
  // Someone else's pin already put it there: their own reaction says enough.
  const text = outcome && outcome.kind !== 'joined' && outcome.kind !== 'unchanged' ? pinAnswer(outcome) : undefined;
  if (text) await tell(deps, { userId: user, channelId: item.channel }, { text });
}

/** Registers the reaction listener. */
export function register(events: ListenerTable<EventListenerArgs>): void {
  events.on('reaction_added', forEvent<'reaction_added'>(reactionAdded));
}
