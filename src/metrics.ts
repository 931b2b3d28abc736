import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from './async.js';

/** How a `/incident` command ended, as counted by `incident_commands_total`. */
export type CommandOutcome = 'ok' | 'usage_error' | 'refused' | 'not_recorded' | 'error';

/** What an acknowledged Slack request was. */
export type AckKind = 'command' | 'interaction' | 'event';

/** State read when Prometheus scrapes, rather than counted as it happens. */
export interface ScrapeSources {
  /** Jobs of each queue by state (`waiting`, `delayed`, …); throws or times out when Redis is away. */
  queueJobs(): Promise<Record<string, Record<string, number>>>;
  /** Open incidents by severity; throws or times out when MongoDB is away. */
  openIncidents(): Promise<Record<string, number>>;
}

let processRegistry: Registry | undefined;

/** CPU, memory, event loop and GC metrics: one set per process, however many bots it runs. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A scrape must answer even when a dependency hangs; a series that cannot be read is left out. */
const SCRAPE_TIMEOUT_MS = 2_000;

/**
 * The bot's Prometheus metrics, in a registry of its own so several bots in one process (the tests)
 * count apart. Each counter is moved in one place: commands by the router, acks by the receiver,
 * reminders by the job processor, Slack errors and retries by the Web API client.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Registered with the first bot, not the first scrape: prom-client counts process CPU from registration. */
  private readonly processRegistry = processMetrics();

  readonly commands = new Counter({
    name: 'incident_commands_total',
    help: '/incident commands by subcommand and outcome (ok, usage_error, refused, not_recorded, error).',
    labelNames: ['subcommand', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly ackLatency = new Histogram({
    name: 'incident_ack_latency_seconds',
    help: 'Time from receiving a Slack request to acknowledging it (Slack gives up after 3 s).',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
    registers: [this.registry],
  });

  readonly remindersSent = new Counter({
    name: 'incident_reminders_sent_total',
    help: 'Reminders posted in incident channels because a promised update was due.',
    registers: [this.registry],
  });

  readonly escalations = new Counter({
    name: 'incident_escalations_total',
    help: 'Overdue updates escalated to the managers by direct message.',
    registers: [this.registry],
  });

  readonly reminderLateness = new Histogram({
    name: 'incident_reminder_lateness_seconds',
    help: 'Time from when a reminder or escalation was due to when it was sent.',
    labelNames: ['kind'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });

  readonly reminderJobs = new Counter({
    name: 'incident_reminder_jobs_total',
    help: 'Reminder jobs processed, by kind and outcome (sent; stale: the promise was renewed or the incident resolved; failed: out of attempts).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly slackErrors = new Counter({
    name: 'incident_slack_api_errors_total',
    help: 'Slack Web API calls that failed for good, by method and error (a Slack error code, http_<status>, rate_limited or network).',
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });

  readonly slackRetries = new Counter({
    name: 'incident_slack_api_retries_total',
    help: 'Slack Web API requests retried by the client, by method and reason (rate_limited, http_<status>, network).',
    labelNames: ['method', 'reason'] as const,
    registers: [this.registry],
  });

  /** Reads queue depth and open incidents at each scrape from the given sources. */
  readAtScrape(sources: ScrapeSources): void {
    new Gauge({
      name: 'incident_queue_jobs',
      help: 'Jobs in each BullMQ queue by state, read at scrape time (absent while Redis does not answer).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const queues = await withTimeout(sources.queueJobs(), SCRAPE_TIMEOUT_MS, 'Redis').catch(() => ({}));
        for (const [queue, counts] of Object.entries(queues)) {
          for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
        }
      },
    });
    new Gauge({
      name: 'incident_open_incidents',
      help: 'Incidents not closed yet, by severity, read at scrape time (absent while MongoDB does not answer).',
      labelNames: ['severity'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await withTimeout(sources.openIncidents(), SCRAPE_TIMEOUT_MS, 'MongoDB').catch(
          () => ({}),
        );
        for (const [severity, count] of Object.entries(counts)) this.set({ severity }, count);
      },
    });
  }

  /** The Prometheus text exposition of this bot's metrics and the process's. */
  async render(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([this.processRegistry, this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
