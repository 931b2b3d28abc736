import type { WebClient } from '@slack/web-api';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../logger.js';
import { describeSlackFailure } from './failures.js';
import { slackFailure } from './posts.js';

/** A channel the bot can post in. */
export interface SlackChannel {
  id: string;
  name: string;
}

/** Creates a channel named `base`, or `base-2`, `base-3`… when the name is taken. */
export async function createIncidentChannel(client: WebClient, base: string): Promise<SlackChannel> {
  for (let attempt = 1; attempt <= 50; attempt += 1) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      const result = await client.conversations.create({ name });
      return { id: result.channel!.id!, name: result.channel!.name ?? name };
    } catch (error) {
      if (slackFailure(error) !== 'name_taken') {
        throw new UserFacingError(`Slack did not create the channel \`#${name}\`: ${describeSlackFailure(error)}. Nothing was recorded; try again in a minute.`);
      }
    }
  }
  throw new UserFacingError(`Every channel name from \`#${base}\` to \`#${base}-50\` is taken. Nothing was recorded.`);
}

/** The channel a command was run in, joined if the bot is not in it yet; DMs are refused. */
export async function joinCurrentChannel(client: WebClient, channelId: string): Promise<SlackChannel> {
  const info = await client.conversations.info({ channel: channelId }).catch((error: unknown) => {
    throw new UserFacingError(
      `I can’t see this channel (${describeSlackFailure(error)}). If it is private, invite me first: \`/invite @Incident Timeline\`.`,
    );
  });
  const channel = info.channel!;
  if (channel.is_im || channel.is_mpim) throw new UserFacingError('An incident needs a channel, not a direct message.');
  if (!channel.is_member) await client.conversations.join({ channel: channelId });
  return { id: channelId, name: channel.name ?? channelId };
}

/** Invites people to a channel; those already in it are fine, other refusals are logged. */
export async function inviteToChannel(client: WebClient, channelId: string, userIds: readonly string[], logger: Logger): Promise<void> {
  const users = [...new Set(userIds)].join(',');
  if (!users) return;
  await client.conversations.invite({ channel: channelId, users }).catch((error: unknown) => {
    if (slackFailure(error) !== 'already_in_channel') logger.warn({ err: error, channelId }, 'could not invite to the channel');
  });
}
