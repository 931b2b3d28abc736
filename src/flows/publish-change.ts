import type { TimelineEntry } from '../../models/timeline-entry.js';
import type { AppDeps } from '../app-deps.js';
import type { StagedTurn } from '../keyed-order.js';
import { textReply, type Reply } from '../blocks/reply.js';
import type { ChangeResult } from '../services/incident-writes.js';
import { postEntry } from '../slack/posts.js';
import { formatUnderstoodTime } from '../time/time-argument.js';

/** Who made the change, as far as the answer to them goes: their own time zone, once known; their place in line. */
export interface Typist {
  zone?: string;
  /** The request's place in its channel's line: released for changes once this one posts. */
  turn?: StagedTurn;
}

/** True for an entry that stands earlier in the timeline than when it was recorded (`--at`). */
function backdated(entry: TimelineEntry): boolean {
  return entry.recordedAt.getTime() - entry.occurredAt.getTime() > 60_000;
}

/**
 * What follows every recorded change: its entry posted in the channel (once, even when the same
 * delivery came twice), the card brought up to date, and the next reminder scheduled. Answers the person who
 * made it with the time a backdated entry was understood at (in UTC and their zone), and a warning when Slack
 * refused the post for good.
 */
export async function publishChange(deps: AppDeps, result: ChangeResult, typist: Typist = {}): Promise<Reply | undefined> {
  if (!result.created) return undefined;
  deps.recentIncidents.remember(result.incident);
  // The post and the reminder at once; the card after, outside the channel's line (a refresh renders the newest
  // state it is given, so its order does not matter) but still in flight, so a shutdown waits for it.
  const post = async () => {
    // The next request in the channel may change things while this one posts; posts keep their order.
    await typist.turn?.posting();
    try {
      return result.entry ? await postEntry(deps.slack, result.incident, result.entry, deps.logger) : true;
    } finally {
      typist.turn?.posted();
    }
  };
  const [posted] = await Promise.all([post(), deps.reminders.schedule(result.incident, result.basedOn)]);
  // A failed post was recorded on the incident after the write returned it: read it again then.
  void deps.inFlight.run(() => deps.cards.refresh(posted ? result.incident : result.incident._id));
  const notes: string[] = [];
  if (result.entry && backdated(result.entry)) notes.push(`:clock3: Recorded as of ${formatUnderstoodTime(result.entry.occurredAt, typist.zone)}.`);
  if (!posted) {
    notes.push(
      ':warning: *Recorded*, but Slack refused to post it in the channel even after retrying. It is in `/incident timeline` ' +
        'and the postmortem; the card shows the failure.',
    );
  }
  return notes.length > 0 ? textReply(notes.join('\n')) : undefined;
}
