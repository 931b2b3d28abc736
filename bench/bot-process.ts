/**
 * The bot under test, in its own process: `startBot` exactly as `npm start` runs it (web and workers,
 * configuration from the environment), plus a few calls the benchmark makes over IPC.
 */
import type { Types } from 'mongoose';
import { IncidentModel, type Incident } from '../models/incident.js';
import { startBot } from '../src/bot.js';
import { loadConfigOrExit } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { CpuProfiler } from './profiler.js';
import { serveParent } from './processes.js';
import { installRoundTripCounters } from './round-trips.js';
import { eachLimited } from './stats.js';

// Before the bot connects: its MongoDB operations and Redis round trips are counted from the start.
const roundTrips = installRoundTripCounters();

const config = loadConfigOrExit();
const logger = createLogger({
  level: config.logLevel,
  secrets: [config.slackBotToken, config.slackSigningSecret].filter((secret): secret is string => !!secret),
});
const bot = await startBot(config, { logger, role: 'all', port: 0, dbName: process.env.BENCH_DB_NAME || undefined });
const profiler = new CpuProfiler();

const methods = {
  /** Schedules the reminders of these incidents through the bot's own scheduler, as an update would. */
  async schedule(params: { ids: string[] }) {
    const started = performance.now();
    let scheduled = 0;
    for (let i = 0; i < params.ids.length; i += 1000) {
      const ids = params.ids.slice(i, i + 1000) as unknown as Types.ObjectId[];
      const incidents = await IncidentModel.find({ _id: { $in: ids } }).lean<Incident[]>();
      await eachLimited(incidents, 32, (incident) => bot.scheduler.schedule(incident));
      scheduled += incidents.length;
    }
    return { scheduled, ms: performance.now() - started };
  },
  /** Times the start-up reconciliation (`scheduler.reconcile()`, as the bot runs it when Redis is ready). */
  async reconcile() {
    const started = performance.now();
    const count = await bot.scheduler.reconcile();
    return { count, ms: performance.now() - started };
  },
  /** Waits until every piece of acknowledged work has finished. */
  async drain(params: { timeoutMs: number }) {
    const started = performance.now();
    const drained = await bot.deps.inFlight.drain(params.timeoutMs);
    return { drained, pending: bot.deps.inFlight.size, ms: performance.now() - started };
  },
  /** MongoDB operations and Redis round trips so far. */
  roundTrips() {
    return roundTrips();
  },
  /**
   * Memory of this process and the work under way; with `afterGc` (the process runs with --expose-gc),
   * also the heap still in use after a full collection: what is kept, as opposed to not yet collected.
   */
  stats(params?: { afterGc?: boolean }) {
    const memory = process.memoryUsage();
    let heapAfterGc: number | undefined;
    if (params?.afterGc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      heapAfterGc = process.memoryUsage().heapUsed;
    }
    return { rss: memory.rss, heapUsed: memory.heapUsed, heapAfterGc, inFlight: bot.deps.inFlight.size };
  },
  async profileStart() {
    await profiler.start();
  },
  async profileStop(params: { file: string }) {
    return profiler.stop(params.file);
  },
  async stop() {
    await bot.stop();
    setImmediate(() => process.exit(0));
  },
};

export type BotMethods = typeof methods;

serveParent(methods, { url: bot.url });
