import type { App } from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import type { AppDeps } from './app-deps.js';
import { InFlight, withTimeout } from './async.js';
import { REMINDER_QUEUE } from '../jobs/reminders.js';
import { ReminderScheduler } from '../jobs/scheduler.js';
import { Reconciler } from '../jobs/reconciler.js';
import { startWorkers } from '../jobs/worker.js';
import { cadenceForSeverity, type Config, type Severity } from './config.js';
import { connectDatabase } from './database.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { opsRoutes, startOpsServer, type Readiness } from './ops-routes.js';
import { connectRedis } from './redis.js';
import { countOpenIncidentsBySeverity } from './services/incident-queries.js';
import { createBotIdentity } from './slack/bot-identity.js';
import { createSlackClient, DEFAULT_RETRY, INTERACTIVE_RETRY, NO_RETRY } from './slack/client.js';
import { DEFAULT_STEP_RETRY, type StepRetry } from '../jobs/step-retry.js';
import { RecentIncidents } from './services/recent-incidents.js';
import { CardRefresher } from './slack/card.js';

/** `web` serves Slack, `worker` runs the jobs, `all` does both in one process. */
export type ProcessRole = 'all' | 'web' | 'worker';

export interface BotOptions {
  role?: ProcessRole;
  logger: Logger;
  /** Database name (the URI's, or mongoose's default, when unset). */
  dbName?: string;
  /** Overrides the retry policy of the interactive and background Web API clients (tests make them fast). */
  retryConfig?: RetryOptions;
  /** How reminder steps retry a Slack refusal (tests make them fast). */
  stepRetry?: StepRetry;
  /** Least time between two refreshes of one card (tests make it short). */
  cardSpacingMs?: number;
  /** Port to listen on instead of `config.port` (0 picks a free one). */
  port?: number;
  /** Longest wait for acknowledged work at shutdown. */
  drainTimeoutMs?: number;
}

/** A running bot process: its app, its dependencies, where it listens, and how to stop it cleanly. */
export interface RunningBot {
  app: App | undefined;
  deps: AppDeps;
  client: WebClient;
  scheduler: ReminderScheduler;
  /** `http://127.0.0.1:PORT` in HTTP mode, and for a worker's ops routes. */
  url: string | undefined;
  stop(): Promise<void>;
}

/**
 * Connects to MongoDB (or starts the embedded one) and Redis, builds the app and starts serving.
 * `stop()` refuses new requests, waits for acknowledged work, then closes the connections.
 */
export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const role = options.role ?? 'all';
  const retryConfig = options.retryConfig ?? INTERACTIVE_RETRY;
  const stepRetry = options.stepRetry ?? DEFAULT_STEP_RETRY;
  const database = await connectDatabase({ uri: config.mongodbUri, dbName: options.dbName, logger });
  const redis = connectRedis(config.redisUrl, logger);
  const metrics = new Metrics();
  const client = createSlackClient(config, logger, { retryConfig, timeoutMs: 5_000 }, metrics);
  const backgroundSlack = createSlackClient(config, logger, { retryConfig: options.retryConfig ?? DEFAULT_RETRY }, metrics);
  const stepSlack = createSlackClient(config, logger, { retryConfig: NO_RETRY, rejectRateLimitedCalls: true, timeoutMs: 10_000 }, metrics);
  const cadence = (severity: Severity) => cadenceForSeverity(config, severity);
  const scheduler = new ReminderScheduler(
    redis,
    config.queuePrefix,
    { cadence, escalationGraceMs: config.escalationGraceMs, managerUserIds: config.managerUserIds },
    logger,
    stepRetry,
  );
  // Only the web role serves Slack and needs to know who the bot is; a worker never asks.
  const identity = role === 'worker' ? undefined : createBotIdentity(client, config.slackBotToken, logger);
  const deps: AppDeps = {
    config,
    logger,
    inFlight: new InFlight(),
    database,
    redis,
    slack: client,
    backgroundSlack,
    stepSlack,
    cadence,
    cards: new CardRefresher(stepSlack, logger, options.cardSpacingMs),
    recentIncidents: new RecentIncidents(),
    reminders: scheduler,
    metrics,
    botUserId: () => identity?.botUserId,
  };
  metrics.readAtScrape({
    // A Redis that is away would queue the command until it returns; the scrape must not wait for it.
    queueJobs: async () => {
      if (redis.status !== 'ready') throw new Error('Redis is not connected');
      const counts = await scheduler.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      return { [REMINDER_QUEUE]: counts };
    },
    openIncidents: countOpenIncidentsBySeverity,
  });
  const workers = role === 'web' ? undefined : startWorkers(deps, stepRetry);
  const reconciler = new Reconciler(scheduler, config.reconcileIntervalMs, logger);
  // On start and after every reconnect: Redis may have lost jobs while it was away; workers also every interval.
  redis.on('ready', () => void reconciler.run());
  if (redis.status === 'ready') void reconciler.run();
  if (workers) reconciler.start();
  // A worker whose queue was not rebuilt lately cannot vouch for its reminders.
  const readiness: Readiness = workers ? { reminders: () => reconciler.current } : {};

  let stopping = false;
  let app: App | undefined;
  let url: string | undefined;
  let opsServer: Server | undefined;
  if (role === 'worker') {
    // No Slack receiver here; probes and scrapes still find /healthz, /readyz and /metrics on the port.
    opsServer = await startOpsServer(opsRoutes(deps, () => stopping, readiness), options.port ?? config.port);
    url = `http://127.0.0.1:${(opsServer.address() as AddressInfo).port}`;
    logger.info({ port: options.port ?? config.port, url }, 'serving ops routes (worker)');
  } else if (identity) {
    // Slack being unreachable must not keep the bot from serving: it asks again on a later request.
    await withTimeout(identity.verify(), 5_000, 'auth.test').catch((error: unknown) =>
      logger.warn({ err: error }, 'Slack did not confirm the bot token yet; serving anyway'),
    );
    app = buildApp(deps, { retryConfig, identity, isStopping: () => stopping, readiness });
    const port = options.port ?? config.port;
    const started = (await app.start(port)) as unknown;
    if (!config.slackAppToken) {
      url = `http://127.0.0.1:${((started as Server).address() as AddressInfo).port}`;
    }
    logger.info({ port, url, socketMode: Boolean(config.slackAppToken) }, 'serving Slack');
  }

  return {
    app,
    deps,
    client,
    scheduler,
    url,
    async stop() {
      if (stopping) return;
      stopping = true;
      await app?.stop().catch((error: unknown) => logger.warn({ err: error }, 'receiver did not stop cleanly'));
      if (opsServer) {
        const server = opsServer;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      const drained = await deps.inFlight.drain(options.drainTimeoutMs ?? 10_000);
      if (!drained) logger.warn({ pending: deps.inFlight.size }, 'stopped with work still under way');
      // Closing the queue waits on Redis; a Redis that is away must not hold the shutdown.
      await withTimeout(Promise.all([reconciler.stop(), workers?.close(), scheduler.close()]), 5_000, 'queue shutdown').catch((error: unknown) =>
        logger.warn({ err: error }, 'queue did not close cleanly'),
      );
      redis.disconnect();
      await database.close();
      logger.info('stopped');
    },
  };
}
