import type { AppDeps } from '../app-deps.js';
import { textReply, type Reply } from '../blocks/reply.js';
import type { Correction } from '../services/corrections.js';
import { updateEntryPost } from '../slack/posts.js';

/** After a correction: the entry's post in the channel shows it, the card and the reminder follow any new promise. */
export async function publishCorrection(deps: AppDeps, correction: Correction): Promise<Reply> {
  const { incident, entry, number } = correction;
  await updateEntryPost(deps.slack, incident, entry, deps.logger);
  // The card and the reminder show only the incident, which changes only when the promise moved.
  if (correction.promiseMoved) {
    await deps.reminders.schedule(incident);
    await deps.cards.refresh(incident);
  }
  return textReply(
    entry.retractedAt
      ? `:wastebasket: Entry #${number} is retracted: it left the public timeline and stays in the internal appendix.`
      : `:pencil2: Entry #${number} is corrected; the earlier text is kept in the timeline.`,
  );
}
