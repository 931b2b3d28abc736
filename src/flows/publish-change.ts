import type { AppDeps } from '../app-deps.js';
import { textReply, type Reply } from '../blocks/reply.js';
import type { ChangeResult } from '../services/incident-writes.js';
import { postEntry } from '../slack/posts.js';

/**
 * What follows every recorded change: its entry posted in the channel (once, even when the same
 * delivery came twice), the card brought up to date, and the next reminder scheduled. Returns a
 * warning for the person who made the change when Slack refused the post for good.
 */
export async function publishChange(deps: AppDeps, result: ChangeResult): Promise<Reply | undefined> {
  if (!result.created) return undefined;
  await deps.reminders.schedule(result.incident);
  const posted = result.entry ? await postEntry(deps.slack, result.incident, result.entry, deps.logger) : true;
  await deps.cards.refresh(result.incident._id);
  if (posted) return undefined;
  return textReply(
    ':warning: *Recorded*, but Slack refused to post it in the channel even after retrying. It is in `/incident timeline` ' +
      'and the postmortem; the card shows the failure.',
  );
}
