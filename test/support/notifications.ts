import type { LocalSlack } from '../../src/local-slack/workspace.js';

/**
 * Throws when the bot sent a live @channel, @here, @everyone or user-group mention to any of these
 * workspaces since the last check (those that allow notifications left out); each is reported once.
 */
export function assertNoNotifications(workspaces: Iterable<LocalSlack>): void {
  const found = [...workspaces].filter((slack) => !slack.allowNotifications).flatMap((slack) => slack.takeNotifications());
  if (found.length === 0) return;
  const lines = found.map((n) => `  ${n.token} in ${n.path} of ${n.via}${n.channel ? ` to ${n.channel}` : ''}`);
  throw new Error(`The bot sent ${found.length} live broadcast or user-group mention(s), which would notify people:\n${lines.join('\n')}`);
}
