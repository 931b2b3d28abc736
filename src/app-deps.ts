import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Incident } from '../models/incident.js';
import type { InFlight } from './async.js';
import type { Config } from './config.js';
import type { Database } from './database.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { CadencePolicy } from './services/promises.js';
import type { RecentIncidents } from './services/recent-incidents.js';
import type { CardRefresher } from './slack/card.js';

/** Keeps the reminder of an incident's running promise scheduled. */
export interface ReminderSchedule {
  /**
   * Schedules the next reminder step of the incident's promise, if it has one. `basedOn` is the `updatedAt` of the
   * state a compare-and-set write turned into `incident`: nothing else changed the incident in between.
   */
  schedule(incident: Incident, basedOn?: Date): Promise<void>;
}

/** What listeners and jobs need from the running process: configuration, connections, Slack. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Work acknowledged to Slack and still under way; a shutdown waits for it. */
  inFlight: InFlight;
  database: Database;
  redis: Redis;
  /** The Web API client for work a person is waiting for: a few quick retries, then the person is told. */
  slack: WebClient;
  /** The client for background work nobody waits on (drafts, uploads, the comms lead's copy): patient retries. */
  backgroundSlack: WebClient;
  /**
   * The client of reminder and escalation steps and card refreshes: no retry inside the client, 429s thrown, so
   * the step's job re-reads MongoDB before it tries again.
   */
  stepSlack: WebClient;
  /** The configured update cadence per severity. */
  cadence: CadencePolicy;
  cards: CardRefresher;
  /** What this process last saw of each channel's incident (for conditional writes on the hot path). */
  recentIncidents: RecentIncidents;
  reminders: ReminderSchedule;
  /** This bot's Prometheus metrics. */
  metrics: Metrics;
  /** The bot's own Slack user id, once Slack confirmed it (auth.test); its posts are not pinned to the timeline. */
  botUserId(): string | undefined;
}
