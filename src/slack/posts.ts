import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import type { Reply } from '../blocks/reply.js';
import { renderEntryMessages } from '../blocks/timeline-entry.js';
import type { Logger } from '../logger.js';
import { recordDeliveryFailure } from '../services/incident-writes.js';
import { setEntryEcho, setEntryMessage } from '../services/timeline.js';
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
  if (entry.kind === 'pinned') await setEntryEcho(entry._id, { channelId: incident.channelId, ts });
  else await setEntryMessage(entry._id, { channelId: incident.channelId, ts });
  for (const continuation of continuations) {
    if (!(await postToIncident(client, incident, continuation, logger, `${ENTRY_WORDS[entry.kind]} (continued)`, ts))) return false;
  }
  return true;
}
