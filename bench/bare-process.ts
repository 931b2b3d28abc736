/**
 * The baseline, in its own process like the bot: a bare Bolt app on the same HTTP receiver with the
 * same signing verification that acknowledges `/incident` at once, and bare BullMQ delayed jobs on the
 * same Redis whose worker (same concurrency and connection settings as the bot's) does nothing.
 */
import { App, LogLevel } from '@slack/bolt';
import { Queue, Worker } from 'bullmq';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REMINDER_JOB_OPTIONS } from '../jobs/scheduler.js';
import { REMINDER_CONCURRENCY } from '../jobs/worker.js';
import { createLogger } from '../src/logger.js';
import { connectRedis } from '../src/redis.js';
import { CpuProfiler } from './profiler.js';
import { serveParent } from './processes.js';
import { eachLimited } from './stats.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const app = new App({
  signingSecret: env('SLACK_SIGNING_SECRET'),
  endpoints: '/slack/events',
  // Authorized from memory, as the bot is once it knows its ids: no Web API call per request.
  authorize: async () => ({ botToken: env('SLACK_BOT_TOKEN'), botId: 'B0INCIDENTBOT', botUserId: 'U0INCIDENTBOT' }),
  logLevel: LogLevel.WARN,
});
app.command('/incident', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as unknown as Server;
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const redis = connectRedis(env('REDIS_URL'), createLogger({ level: 'warn', secrets: [] }));
const prefix = env('QUEUE_PREFIX');
const queue = new Queue('bare-reminders', { connection: redis, prefix, defaultJobOptions: REMINDER_JOB_OPTIONS });
/** Job id → when the worker started it (epoch ms). */
const started = new Map<string, number[]>();
const worker = new Worker(
  'bare-reminders',
  async (job) => {
    const at = Date.now();
    const times = started.get(String(job.id));
    if (times) times.push(at);
    else started.set(String(job.id), [at]);
  },
  { connection: redis, prefix, concurrency: Number(process.env.WORKER_CONCURRENCY ?? REMINDER_CONCURRENCY) },
);
worker.on('error', (error) => process.stderr.write(`bare worker error: ${String(error)}\n`));
const profiler = new CpuProfiler();

const methods = {
  /** Adds one delayed job per entry, due at `dueAt`, one `add` each as the bot's scheduler does. */
  async schedule(params: { jobs: Array<{ id: string; dueAt: number }> }) {
    started.clear();
    const begun = performance.now();
    await eachLimited(params.jobs, 32, (job) =>
      queue.add('remind', { dueAt: job.dueAt }, { jobId: job.id, delay: Math.max(0, job.dueAt - Date.now()) }),
    );
    return { scheduled: params.jobs.length, ms: performance.now() - begun };
  },
  /** How many distinct jobs the worker started so far. */
  progress() {
    return started.size;
  },
  /** Job id → start times. */
  arrivals(): Record<string, number[]> {
    return Object.fromEntries(started);
  },
  stats() {
    return { rss: process.memoryUsage().rss };
  },
  async profileStart() {
    await profiler.start();
  },
  async profileStop(params: { file: string }) {
    return profiler.stop(params.file);
  },
  async stop() {
    await app.stop().catch(() => undefined);
    await worker.close();
    await queue.close();
    redis.disconnect();
    setImmediate(() => process.exit(0));
  },
};

export type BareMethods = typeof methods;

serveParent(methods, { url });
