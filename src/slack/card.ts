import type { WebClient } from '@slack/web-api';
import type { Types } from 'mongoose';
import type { Incident } from '../../models/incident.js';
import { renderIncidentCard } from '../blocks/incident-card.js';
import type { Logger } from '../logger.js';
import { getIncident } from '../services/incident-queries.js';
import { setIncidentCard } from '../services/incident-writes.js';
import { postToIncident } from './posts.js';

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
