import type { WebClient } from '@slack/web-api';
import type { Types } from 'mongoose';
import type { Incident } from '../../models/incident.js';
import { renderIncidentCard } from '../blocks/incident-card.js';
import type { Logger } from '../logger.js';
import { getIncident } from '../services/incident-queries.js';
import { setIncidentCard } from '../services/incident-writes.js';
import { isTransientSlackFailure } from './failures.js';
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

/** Least time between the starts of two refreshes of one card: a burst of changes costs one `chat.update` a second. */
export const CARD_SPACING_MS = 1_000;

/** Attempts at one state of a card when Slack is busy or unreachable; a later change tries again anyway. */
const CARD_ATTEMPTS = 4;

/** One card's refreshes: the newest state asked for, who waits for it, and when the next refresh may start. */
interface CardLine {
  /** The newest incident document given since the last refresh started; undefined: read it. */
  latest: Incident | undefined;
  /** A refresh has been asked for that has not started. */
  wanted: boolean;
  running: boolean;
  /** Resolved when a refresh that started after they asked has ended. */
  waiting: Array<() => void>;
  /** Earliest start of the next refresh (`Date.now()` time). */
  nextAt: number;
  /** Failed attempts at the state now wanted. */
  failures: number;
  /** `updatedAt` of the newest state shown lately: an older one, come late, is not shown over it. */
  shown: number;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps incident cards current within Slack's limits (`chat.update` is Tier 3: about 50 a minute for the whole
 * workspace). A card is refreshed at once when it has not been for a second; changes that come sooner collapse
 * into one refresh a second after the previous one began, which renders the newest state it was given. Given the
 * incident as a write returned it, the card is rendered from that document (no read); given only an id, it is
 * read. When Slack says to slow down (429) the card is refreshed again after `Retry-After`, after a 5xx or a
 * network failure a few seconds later, so a burst that hits the limit still ends with the card right.
 */
export class CardRefresher {
  private readonly lines = new Map<string, CardLine>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly spacingMs = CARD_SPACING_MS,
  ) {}

  /**
   * Brings the card of the incident up to date; resolves when an attempt that saw this request's state ended
   * (a refused one is tried again later without holding the caller).
   */
  refresh(incident: Incident | Types.ObjectId | string): Promise<void> {
    const doc = typeof incident === 'object' && 'channelId' in incident ? incident : undefined;
    const key = String(doc ? doc._id : incident);
    let line = this.lines.get(key);
    if (!line) {
      line = { latest: undefined, wanted: false, running: false, waiting: [], nextAt: 0, failures: 0, shown: 0 };
      this.lines.set(key, line);
    }
    line.latest = newer(line.latest, doc);
    line.wanted = true;
    const done = new Promise<void>((resolve) => line.waiting.push(resolve));
    line.timer?.ref();
    this.next(key, line);
    return done;
  }

  /** Starts the wanted refresh when its time has come, or sets a timer for then; forgets an idle card once it may refresh at once again. */
  private next(key: string, line: CardLine): void {
    if (line.running || line.timer) return;
    const wait = line.nextAt - Date.now();
    if (!line.wanted) {
      if (wait <= 0) this.lines.delete(key);
      else line.timer = setTimeout(() => this.wake(key, line), wait).unref();
      return;
    }
    if (wait > 0) {
      line.timer = setTimeout(() => this.wake(key, line), wait);
      // Nobody waits on a retry: it does not keep a stopping process alive.
      if (line.waiting.length === 0) line.timer.unref();
      return;
    }
    const given = line.latest;
    const waiting = line.waiting;
    line.latest = undefined;
    line.waiting = [];
    line.wanted = false;
    const version = given?.updatedAt?.getTime();
    if (version !== undefined && version < line.shown) {
      // A state older than the card already shows (a write that returned late): nothing to do.
      for (const resolve of waiting) resolve();
      return this.next(key, line);
    }
    line.running = true;
    line.nextAt = Date.now() + this.spacingMs;
    void this.update(given ?? key).then(({ retryInMs, shown }) => {
      line.running = false;
      // The attempt is over for those who waited on it (a reminder step does not hold its worker slot for
      // Slack's Retry-After); the card is tried again on its own, with this state or a newer one.
      for (const resolve of waiting) resolve();
      if (shown !== undefined) line.shown = Math.max(line.shown, shown);
      if (retryInMs !== undefined && line.failures + 1 < CARD_ATTEMPTS) {
        line.failures += 1;
        line.latest = newer(given, line.latest);
        line.wanted = true;
        line.nextAt = Math.max(line.nextAt, Date.now() + retryInMs);
      } else {
        line.failures = 0;
      }
      this.next(key, line);
    });
  }

  private wake(key: string, line: CardLine): void {
    line.timer = undefined;
    this.next(key, line);
  }

  /**
   * Renders and sends the card: the `updatedAt` of the state it shows once Slack took it, or how long to wait
   * before trying again when Slack may take it later.
   */
  private async update(incident: Incident | string): Promise<{ shown?: number; retryInMs?: number }> {
    const id = typeof incident === 'string' ? incident : String(incident._id);
    try {
      const current = typeof incident === 'string' ? await getIncident(incident) : incident;
      if (!current?.card) return {};
      const card = renderIncidentCard(current, new Date());
      await this.client.chat.update({ channel: current.card.channelId, ts: current.card.ts, text: card.text, blocks: card.blocks ?? [] });
      return { shown: current.updatedAt?.getTime() };
    } catch (error) {
      this.logger.warn({ err: error, incidentId: id }, 'could not refresh the incident card');
      if (!isTransientSlackFailure(error)) return {};
      const { retryAfter } = error as { retryAfter?: unknown };
      // After a 5xx or a network failure: two spacings (two seconds).
      return { retryInMs: typeof retryAfter === 'number' ? retryAfter * 1000 : 2 * this.spacingMs };
    }
  }
}

/** The later of two states of an incident (by `updatedAt`), either of which may be missing. */
function newer(a: Incident | undefined, b: Incident | undefined): Incident | undefined {
  if (!a || !b) return a ?? b;
  return (b.updatedAt?.getTime() ?? 0) >= (a.updatedAt?.getTime() ?? 0) ? b : a;
}
