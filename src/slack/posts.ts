import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import type { Reply } from '../blocks/reply.js';
import { entryBlockId, renderEntryMessages } from '../blocks/timeline-entry.js';
import type { Logger } from '../logger.js';
import { recordDeliveryFailure } from '../services/incident-writes.js';
import { setEntryEcho } from '../services/timeline.js';
import { describeSlackFailure } from './failures.js';

/** Why a Web API call failed, in a few words (the platform error, or the HTTP failure). */
export function slackFailure(error: unknown): string {
  const data = (error as { data?: { error?: string } }).data;
  return data?.error ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Posts a message to the incident channel. A post Slack still refuses after the client's retries is
 * logged with the incident and recorded on it (the card shows it); the caller gets undefined.
 */
export async function postToIncident(
  client: WebClient,
  incident: Incident,
  reply: Reply,
  logger: Logger,
  what: string,
  threadTs?: string,
): Promise<string | undefined> {
  try {
    const result = await client.chat.postMessage({
      channel: incident.channelId,
      text: reply.text,
      ...(reply.blocks ? { blocks: reply.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return result.ts;
  } catch (error) {
    const failure = `The ${what} could not be posted: ${describeSlackFailure(error)}.`;
    logger.error({ err: error, incidentId: String(incident._id), channelId: incident.channelId, what }, 'Slack post failed');
    await recordDeliveryFailure(incident._id, failure, new Date()).catch((recordError: unknown) =>
      logger.error({ err: recordError, incidentId: String(incident._id) }, 'could not record the failed post'),
    );
    return undefined;
  }
}

const ENTRY_WORDS: Record<TimelineEntry['kind'], string> = {
  update: 'update',
  status: 'status change',
  severity: 'severity change',
  role: 'role change',
  note: 'note',
  pinned: 'pinned message',
  reminder: 'reminder',
  escalation: 'escalation notice',
  action: 'remediation item',
  system: 'timeline entry',
};

/**
 * Brings the bot's copy of a pinned message in line with its entry: the latest text, and whether it was edited,
 * deleted in Slack or removed from the timeline. A copy Slack refuses to update is logged with the incident and
 * recorded on it (the card shows it); the caller gets false.
 */
export async function updatePinnedCopy(client: WebClient, incident: Incident, entry: TimelineEntry, logger: Logger): Promise<boolean> {
  if (entry.kind !== 'pinned' || !entry.echo) return false;
  const [first] = renderEntryMessages(incident, entry, new Date());
  try {
    await client.chat.update({ channel: entry.echo.channelId, ts: entry.echo.ts, text: first!.text, blocks: first!.blocks ?? [] });
    return true;
  } catch (error) {
    logger.error({ err: error, incidentId: String(incident._id), entryId: String(entry._id) }, 'could not update the copy of a pinned message');
    await recordDeliveryFailure(incident._id, `The copy of a pinned message could not be updated: ${describeSlackFailure(error)}.`, new Date()).catch(
      (recordError: unknown) => logger.error({ err: recordError, incidentId: String(incident._id) }, 'could not record the failed update'),
    );
    return false;
  }
}

/** Posts a new timeline entry to the channel and remembers which message shows it. */
export async function postEntry(client: WebClient, incident: Incident, entry: TimelineEntry, logger: Logger): Promise<boolean> {
  const [first, ...continuations] = renderEntryMessages(incident, entry, new Date());
  const ts = await postToIncident(client, incident, first!, logger, ENTRY_WORDS[entry.kind]);
  if (!ts) return false;
  // A pinned entry keeps pointing at the person's message; our copy of it is remembered apart, to follow its edits.
  // Other posts' ts is not stored: a correction, rare, finds the post by its block id (`findEntryPost`).
  if (entry.kind === 'pinned') await setEntryEcho(entry._id, { channelId: incident.channelId, ts });
  for (const continuation of continuations) {
    if (!(await postToIncident(client, incident, continuation, logger, `${ENTRY_WORDS[entry.kind]} (continued)`, ts))) return false;
  }
  return true;
}

/** How long after an entry was recorded its post is looked for: posts go out right after, but in order per channel. */
const POST_WINDOW_S = 15 * 60;

/** The ts of the bot's post of an entry: found in the channel's history by the block id the post carries. */
export async function findEntryPost(client: WebClient, incident: Incident, entry: TimelineEntry): Promise<string | undefined> {
  if (entry.kind !== 'pinned' && entry.slack?.ts) return entry.slack.ts;
  const recorded = entry.recordedAt.getTime() / 1000;
  const history = await client.conversations.history({
    channel: incident.channelId,
    oldest: String(recorded - 5),
    latest: String(recorded + POST_WINDOW_S),
    inclusive: true,
    limit: 999,
  });
  const blockId = entryBlockId(entry);
  return history.messages?.find((message) => message.blocks?.some((block) => block.block_id === blockId))?.ts;
}

/** Brings the bot's post of an entry in line with the entry (corrected, retracted); a refusal is logged, not thrown. */
export async function updateEntryPost(client: WebClient, incident: Incident, entry: TimelineEntry, logger: Logger): Promise<void> {
  if (entry.kind === 'pinned') return;
  try {
    const ts = await findEntryPost(client, incident, entry);
    if (!ts) return;
    const [first] = renderEntryMessages(incident, entry, new Date());
    await client.chat.update({ channel: incident.channelId, ts, text: first!.text, blocks: first!.blocks ?? [] });
  } catch (error) {
    logger.warn({ err: error, incidentId: String(incident._id) }, 'could not update the post of a corrected entry');
  }
}
