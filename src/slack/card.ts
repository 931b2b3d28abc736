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
 * Keeps incident cards current. Given the incident as a write returned it, the card is rendered from that
 * document (no read); given only an id, it is read. Refreshes of one incident are coalesced: while one runs,
 * further requests collapse into a single follow-up that renders the newest state it was given, so a burst of 40
 * updates costs a handful of chat.update calls, not 40.
 */
export class CardRefresher {
  private readonly running = new Map<string, { again: boolean; latest: Incident | undefined; done: Promise<void> }>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** Brings the card of the incident up to date; resolves when a refresh that saw this request's state ended. */
  refresh(incident: Incident | Types.ObjectId | string): Promise<void> {
    const doc = typeof incident === 'object' && 'channelId' in incident ? incident : undefined;
    const key = String(doc ? doc._id : incident);
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      current.latest = newer(current.latest, doc);
      return current.done;
    }
    const state = { again: false, latest: doc, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        const given = state.latest;
        state.latest = undefined;
        await this.update(given ?? key);
      } while (state.again);
      this.running.delete(key);
    })();
    this.running.set(key, state);
    return state.done;
  }

  private async update(incident: Incident | string): Promise<void> {
    const id = typeof incident === 'string' ? incident : String(incident._id);
    try {
      const current = typeof incident === 'string' ? await getIncident(incident) : incident;
      if (!current?.card) return;
      const card = renderIncidentCard(current, new Date());
      await this.client.chat.update({ channel: current.card.channelId, ts: current.card.ts, text: card.text, blocks: card.blocks ?? [] });
    } catch (error) {
      this.logger.warn({ err: error, incidentId: id }, 'could not refresh the incident card');
    }
  }
}

/** The later of two states of an incident (by `updatedAt`), either of which may be missing. */
function newer(a: Incident | undefined, b: Incident | undefined): Incident | undefined {
  if (!a || !b) return a ?? b;
  return (b.updatedAt?.getTime() ?? 0) >= (a.updatedAt?.getTime() ?? 0) ? b : a;
}
