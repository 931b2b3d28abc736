import type { Types } from 'mongoose';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import type { AppDeps } from '../app-deps.js';
import { NotInIncidentChannelError } from '../errors.js';
import { findIncidentByChannel, getIncident } from '../services/incident-queries.js';
import {
  addPinner,
  appendTimelineEntry,
  getTimelineEntry,
  markEntriesDeleted,
  removePinner,
  reviseEntriesFromMessage,
} from '../services/timeline.js';
import { postEntry, updatePinnedCopy } from '../slack/posts.js';

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
  /** Who wrote the message, when the payload says (`reaction_added` carries `item_user`). */
  author?: string;
  /** The message when the payload carried it (shortcuts do); otherwise it is fetched. */
  message?: { text: string; user?: string };
  /** When it was pinned (defaults to now). */
  at?: Date;
}

/** What pinning a message did. */
export type PinOutcome =
  /** It is in the timeline now, for the first time. */
  | { kind: 'added'; entry: TimelineEntry }
  /** It was already there; this person pins it too. */
  | { kind: 'joined'; entry: TimelineEntry }
  /** Nobody pinned it any more; this person brought it back. */
  | { kind: 'restored'; entry: TimelineEntry }
  /** This person already pins it (a second shortcut, a redelivered event): nothing changed. */
  | { kind: 'unchanged'; entry: TimelineEntry }
  /** The bot's own post (an update, the card, its copy of a pinned message): what it shows is in the timeline already. */
  | { kind: 'own-post' };

async function fetchMessage(deps: AppDeps, channelId: string, ts: string): Promise<{ text: string; user?: string } | undefined> {
  const history = await deps.slack.conversations.history({ channel: channelId, latest: ts, inclusive: true, limit: 1 });
  const found = history.messages?.find((message) => message.ts === ts);
  if (found) return { text: found.text ?? '', user: found.user };
  // A reply in a thread is not in the channel history.
  const replies = await deps.slack.conversations.replies({ channel: channelId, ts }).catch(() => undefined);
  const reply = replies?.messages?.find((message) => message.ts === ts);
  return reply ? { text: reply.text ?? '', user: reply.user } : undefined;
}

/** What the bot's copy of a pinned entry shows: its text, and whether it was edited, deleted or removed. */
function shownState(entry: TimelineEntry): string {
  return JSON.stringify([entry.text, entry.revisions.length, entry.deletedAt ?? null, entry.unpinnedAt ?? null]);
}

/**
 * Brings the bot's copies of entries in the channel in line with them (edited, deleted, removed, back). Two
 * changes refreshing the same copy at once (replicas) could land in the wrong order, so after each update the
 * entry is read again and the copy updated again if it changed meanwhile: the last writer always shows the latest.
 */
async function refreshCopies(deps: AppDeps, entryIds: readonly Types.ObjectId[]): Promise<void> {
  for (const id of entryIds) {
    let shown: string | undefined;
    for (let round = 0; round < 3; round += 1) {
      const entry = await getTimelineEntry(id);
      if (!entry?.echo || shownState(entry) === shown) break;
      const incident = await getIncident(entry.incidentId);
      if (!incident || !(await updatePinnedCopy(deps.slack, incident, entry, deps.logger))) break;
      shown = shownState(entry);
    }
  }
}

/**
 * Adds a Slack message to its incident's timeline, once however many times and ways it is pinned, with the
 * message's own time, its author and a permalink, and remembers who pinned it. Pinned again after everyone
 * took their pin back, it comes back. The bot's own posts are not pinned: what they show is in the timeline.
 * Undefined when a reaction was on a message outside an incident channel, or on one that is gone.
 */
export async function pinMessage(deps: AppDeps, request: PinRequest): Promise<PinOutcome | undefined> {
  const incident = await findIncidentByChannel(request.channelId);
  if (!incident) {
    if (request.source === 'shortcut') throw new NotInIncidentChannelError('timeline (Add to incident timeline)');
    return undefined;
  }
  const botUserId = deps.botUserId();
  const isOwn = (user: string | undefined) => botUserId !== undefined && user === botUserId;
  if (isOwn(request.author ?? request.message?.user)) return { kind: 'own-post' };
  const message = request.message ?? (await fetchMessage(deps, request.channelId, request.ts));
  if (!message) return undefined;
  if (isOwn(message.user)) return { kind: 'own-post' };
  const at = request.at ?? new Date();
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
    pinnedBy: [request.pinnedBy],
    pinHistory: [{ userId: request.pinnedBy, action: 'pinned', at }],
  });
  if (result.created) {
    await postEntry(deps.slack, incident, result.entry, deps.logger);
    return { kind: 'added', entry: result.entry };
  }
  const pinned = await addPinner(result.entry._id, request.pinnedBy, at);
  if (!pinned) return undefined;
  if (pinned.change === 'restored') await refreshCopies(deps, [pinned.entry._id]);
  return { kind: pinned.change, entry: pinned.entry };
}

/** What taking a pin back did. */
export type UnpinOutcome =
  /** Nobody pins it any more: it left the timeline (it stays in the internal appendix, marked). */
  | { kind: 'removed'; entry: TimelineEntry }
  /** Others still pin it: it stays. */
  | { kind: 'still-pinned'; entry: TimelineEntry; pinnedBy: string[] };

/**
 * Takes back one person's pin of a message (they removed their reaction). The entry leaves the timeline when
 * nobody pins it any more, and the bot's copy says so. Undefined when the person did not pin it (or the
 * message is not in the timeline), as for a redelivered event.
 */
export async function unpinMessage(
  deps: AppDeps,
  request: { channelId: string; ts: string; userId: string; at?: Date },
): Promise<UnpinOutcome | undefined> {
  const result = await removePinner(request.channelId, request.ts, request.userId, request.at ?? new Date());
  if (!result) return undefined;
  if (!result.removed) return { kind: 'still-pinned', entry: result.entry, pinnedBy: result.entry.pinnedBy ?? [] };
  await refreshCopies(deps, [result.entry._id]);
  return { kind: 'removed', entry: result.entry };
}

/** An edit of a pinned message: its entry takes the new text and keeps the earlier one; the bot's copy shows the new text, marked edited. */
export async function reviseMessage(
  deps: AppDeps,
  edit: { channelId: string; ts: string; text: string; at?: Date },
): Promise<number> {
  const changed = await reviseEntriesFromMessage(edit.channelId, edit.ts, edit.text, edit.at ?? new Date());
  await refreshCopies(deps, changed);
  return changed.length;
}

/** A pinned message deleted in Slack: its entry is marked deleted and keeps its text; the bot's copy says so. */
export async function recordMessageDeleted(
  deps: AppDeps,
  removal: { channelId: string; ts: string; at?: Date },
): Promise<number> {
  const marked = await markEntriesDeleted(removal.channelId, removal.ts, removal.at ?? new Date());
  await refreshCopies(deps, marked);
  return marked.length;
}
