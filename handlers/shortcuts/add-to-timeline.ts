import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { SHORTCUT_IDS } from '../../src/blocks/ids.js';
import { pinMessage } from '../../src/flows/pin-message.js';

const messageShortcut = z.object({
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string().regex(/^\d+\.\d+$/), text: z.string().default(''), user: z.string().optional() }),
});

/** The "Add to incident timeline" message shortcut: the same as pinning with the reaction. */
export function register(app: App, deps: AppDeps): void {
  app.shortcut(SHORTCUT_IDS.addToTimeline, async ({ ack, shortcut }) => {
    await ack();
    const payload = messageShortcut.parse(shortcut);
    const result = await pinMessage(deps, {
      channelId: payload.channel.id,
      ts: payload.message.ts,
      pinnedBy: payload.user.id,
      source: 'shortcut',
      message: { text: payload.message.text, user: payload.message.user },
    });
    await deps.slack.chat
      .postEphemeral({
        channel: payload.channel.id,
        user: payload.user.id,
        text: result?.created ? ':pushpin: Added to the incident timeline.' : ':pushpin: That message is already in the timeline.',
      })
      .catch(() => undefined);
  });
}
