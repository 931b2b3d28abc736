import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import { forEvent, type EventListenerArgs, type ListenerTable } from '../listener-table.js';
import { unpinMessage } from '../../src/flows/pin-message.js';
import { depsOf, type ListenerContext } from '../context.js';
import { unpinAnswer } from '../pin-replies.js';
import { tell } from '../tell.js';
import { reactionEvent } from './reaction-added.js';

/**
 * Removing the timeline reaction takes that person's pin back: the message leaves the timeline when nobody
 * else pins it. Someone who never pinned it changes nothing and is told nothing.
 */
export async function reactionRemoved({ event, context }: Pick<SlackEventMiddlewareArgs<'reaction_removed'>, 'event'> & ListenerContext) {
  const deps = depsOf(context);
  const parsed = reactionEvent.safeParse(event);
  if (!parsed.success || parsed.data.reaction !== deps.config.timelineReaction) return;
  const { user, item } = parsed.data;
  const outcome = await unpinMessage(deps, { channelId: item.channel, ts: item.ts, userId: user });
  if (outcome) await tell(deps, { userId: user, channelId: item.channel }, { text: unpinAnswer(outcome) });
}

/** Registers the listener for removed reactions. */
export function register(events: ListenerTable<EventListenerArgs>): void {
  events.on('reaction_removed', forEvent<'reaction_removed'>(reactionRemoved));
}
