import type { Reply } from '../src/blocks/reply.js';
import type { AppDeps } from '../src/app-deps.js';

/** Who to tell, and where: ephemerally in a channel, or by direct message when there is no channel. */
export interface Audience {
  userId: string;
  channelId?: string;
}

/**
 * Tells one person something only they see: ephemerally in the channel they acted in, else by direct
 * message. A reply Slack refuses is logged; the work it follows is already done.
 */
export async function tell(deps: AppDeps, audience: Audience, reply: Reply): Promise<void> {
  const message = { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
  try {
    if (audience.channelId) await deps.slack.chat.postEphemeral({ channel: audience.channelId, user: audience.userId, ...message });
    else await deps.slack.chat.postMessage({ channel: audience.userId, ...message });
  } catch (error) {
    deps.logger.warn({ err: error, ...audience }, 'could not tell the person');
  }
}
