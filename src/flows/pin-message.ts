import type { AppDeps } from '../app-deps.js';
import { NotInIncidentChannelError } from '../errors.js';
import { findIncidentByChannel } from '../services/incident-queries.js';
import { appendTimelineEntry, type AppendResult } from '../services/timeline.js';
import { postEntry } from '../slack/posts.js';

/** A Slack message timestamp (`1726017600.000200`) as a Date. */
export function dateOfTs(ts: string): Date {
  const [seconds = '0', micros = '0'] = ts.split('.');
  return new Date(Number(seconds) * 1000 + Math.floor(Number(micros.padEnd(6, '0')) / 1000));
}

export interface PinRequest {
  channelId: string;
  ts: string;
  /** Who pinned it (reacted, or used the shortcut). */
  pinnedBy: string;
  source: 'reaction' | 'shortcut';
  /** The message when the payload carried it (shortcuts do); otherwise it is fetched. */
  message?: { text: string; user?: string };
}

async function fetchMessage(deps: AppDeps, channelId: string, ts: string): Promise<{ text: string; user?: string } | undefined> {
  const history = await deps.slack.conversations.history({ channel: channelId, latest: ts, inclusive: true, limit: 1 });
  const found = history.messages?.find((message) => message.ts === ts);
  if (found) return { text: found.text ?? '', user: found.user };
  // A reply in a thread is not in the channel history.
  const replies = await deps.slack.conversations.replies({ channel: channelId, ts }).catch(() => undefined);
  const reply = replies?.messages?.find((message) => message.ts === ts);
  return reply ? { text: reply.text ?? '', user: reply.user } : undefined;
}

/**
 * Adds a Slack message to its incident's timeline, once however many times and ways it is pinned,
 * with the message's own time, its author and a permalink.
 */
export async function pinMessage(deps: AppDeps, request: PinRequest): Promise<AppendResult | undefined> {
  const incident = await findIncidentByChannel(request.channelId);
  if (!incident) {
    if (request.source === 'shortcut') throw new NotInIncidentChannelError('timeline (Add to incident timeline)');
    return undefined;
  }
  const message = request.message ?? (await fetchMessage(deps, request.channelId, request.ts));
  if (!message) return undefined;
  const permalink = await deps.slack.chat
    .getPermalink({ channel: request.channelId, message_ts: request.ts })
    .then((result) => result.permalink)
    .catch(() => undefined);
  const result = await appendTimelineEntry({
    incidentId: incident._id,
    kind: 'pinned',
    text: message.text,
    public: false,
    authorId: message.user ?? request.pinnedBy,
    occurredAt: dateOfTs(request.ts),
    source: request.source,
    slack: { channelId: request.channelId, ts: request.ts, ...(permalink ? { permalink } : {}) },
    dedupeKey: `pin:${request.channelId}:${request.ts}`,
  });
  if (result.created) await postEntry(deps.slack, incident, result.entry, deps.logger);
  return result;
}
