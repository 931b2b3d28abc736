import type { App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { pinMessage } from '../../src/flows/pin-message.js';
import { depsOf, type ListenerContext } from '../context.js';
import { tell } from '../tell.js';

const reactionEvent = z.object({
  user: z.string(),
  reaction: z.string(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts: z.string().regex(/^\d+\.\d+$/) }),
});

/** The timeline reaction (`:pushpin:` by default) on a message in an incident channel pins it to the timeline. */
export async function reactionAdded({ event, context }: Pick<SlackEventMiddlewareArgs<'reaction_added'>, 'event'> & ListenerContext) {
  const deps = depsOf(context);
  const parsed = reactionEvent.safeParse(event);
  if (!parsed.success || parsed.data.reaction !== deps.config.timelineReaction) return;
  const { user, item } = parsed.data;
  const result = await pinMessage(deps, { channelId: item.channel, ts: item.ts, pinnedBy: user, source: 'reaction' });
  if (result?.created) await tell(deps, { userId: user, channelId: item.channel }, { text: ':pushpin: Added to the incident timeline.' });
}

/** Registers the reaction listener. */
export function register(app: App): void {
  app.event('reaction_added', reactionAdded);
}
