import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { pinMessage } from '../../src/flows/pin-message.js';

const reactionEvent = z.object({
  user: z.string(),
  reaction: z.string(),
  item: z.object({ type: z.literal('message'), channel: z.string(), ts: z.string().regex(/^\d+\.\d+$/) }),
});

/** The timeline reaction (`:pushpin:` by default) on a message in an incident channel pins it to the timeline. */
export function register(app: App, deps: AppDeps): void {
  app.event('reaction_added', async ({ event }) => {
    const parsed = reactionEvent.safeParse(event);
    if (!parsed.success || parsed.data.reaction !== deps.config.timelineReaction) return;
    const { user, item } = parsed.data;
    const result = await pinMessage(deps, { channelId: item.channel, ts: item.ts, pinnedBy: user, source: 'reaction' });
    if (result?.created) {
      await deps.slack.chat
        .postEphemeral({ channel: item.channel, user, text: ':pushpin: Added to the incident timeline.' })
        .catch(() => undefined);
    }
  });
}
