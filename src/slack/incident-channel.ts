import type { WebClient } from '@slack/web-api';
import type { Types } from 'mongoose';
import type { Incident } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import { renderIncidentCard } from '../blocks/incident-card.js';
import type { Reply } from '../blocks/reply.js';
import { renderEntryMessages } from '../blocks/timeline-entry.js';
import type { Logger } from '../logger.js';
import { getIncident, recordDeliveryFailure, setIncidentCard } from '../services/incidents.js';
import { setEntryMessage } from '../services/timeline.js';

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
    const failure = `${what}: ${slackFailure(error)}`;
    logger.error({ err: error, incidentId: String(incident._id), channelId: incident.channelId, what }, 'Slack post failed');
    await recordDeliveryFailure(incident._id, failure, new Date()).catch((recordError: unknown) =>
      logger.error({ err: recordError, incidentId: String(incident._id) }, 'could not record the failed post'),
    );
    return undefined;
  }
}

/** Posts a new timeline entry to the channel and remembers which message shows it. */
export async function postEntry(
  client: WebClient,
  incident: Incident,
  entry: TimelineEntry,
  logger: Logger,
): Promise<boolean> {
  const [first, ...continuations] = renderEntryMessages(incident, entry, new Date());
  const ts = await postToIncident(client, incident, first!, logger, `${entry.kind} entry`);
  if (!ts) return false;
  // A pinned entry keeps pointing at the person's message, not at our echo of it.
  if (entry.kind !== 'pinned') await setEntryMessage(entry._id, { channelId: incident.channelId, ts });
  for (const continuation of continuations) {
    if (!(await postToIncident(client, incident, continuation, logger, `${entry.kind} entry (continued)`, ts))) return false;
  }
  return true;
}

/** Posts the incident card and pins it. */
export async function postIncidentCard(client: WebClient, incident: Incident, logger: Logger): Promise<Incident> {
  const ts = await postToIncident(client, incident, renderIncidentCard(incident, new Date()), logger, 'incident card');
  if (!ts) return incident;
  await client.pins.add({ channel: incident.channelId, timestamp: ts }).catch((error: unknown) => {
    logger.warn({ err: error, incidentId: String(incident._id) }, 'could not pin the incident card');
  });
  return setIncidentCard(incident, { channelId: incident.channelId, ts });
}

/**
 * Keeps incident cards current. Refreshes of one incident are coalesced: while one runs, further
 * requests collapse into a single follow-up that reads the latest state, so a burst of 40 updates
 * costs a handful of chat.update calls, not 40.
 */
export class CardRefresher {
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** Brings the card of the incident up to date; resolves when a refresh that saw this request's state ended. */
  refresh(incidentId: Types.ObjectId | string): Promise<void> {
    const key = String(incidentId);
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        await this.update(incidentId);
      } while (state.again);
      this.running.delete(key);
    })();
    this.running.set(key, state);
    return state.done;
  }

  private async update(incidentId: Types.ObjectId | string): Promise<void> {
    try {
      const incident = await getIncident(incidentId);
      if (!incident?.card) return;
      const card = renderIncidentCard(incident, new Date());
      await this.client.chat.update({
        channel: incident.card.channelId,
        ts: incident.card.ts,
        text: card.text,
        blocks: card.blocks ?? [],
      });
    } catch (error) {
      this.logger.warn({ err: error, incidentId: String(incidentId) }, 'could not refresh the incident card');
    }
  }
}

/** Invites people to a channel; those already in it are fine, other refusals are logged. */
export async function inviteToChannel(
  client: WebClient,
  channelId: string,
  userIds: readonly string[],
  logger: Logger,
): Promise<void> {
  const users = [...new Set(userIds)].join(',');
  if (!users) return;
  await client.conversations.invite({ channel: channelId, users }).catch((error: unknown) => {
    if (slackFailure(error) !== 'already_in_channel') logger.warn({ err: error, channelId }, 'could not invite to the channel');
  });
}
