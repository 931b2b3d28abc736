import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { redisAnswers } from '../src/redis.js';
import { connectDatabase, type Database } from '../src/database.js';
import { createLogger } from '../src/logger.js';
import { deleteKeysWithPrefix } from '../src/redis.js';
import type { BareMethods } from './bare-process.js';
import type { BotMethods } from './bot-process.js';
import type { MinimalMethods } from './minimal-process.js';
import type { ProfileSummary } from './profiler.js';
import { benchFile, startChild, startEmbeddedMongoProcess, type Child, type MongoProcess } from './processes.js';
import type { SlackMethods } from './slack-process.js';

/** Everything a benchmark run started, and how to take it all down again. */
export interface BenchEnvironment {
  runId: string;
  outDir: string;
  redisUrl: string;
  /** BullMQ prefixes of the bot under test, the minimal equivalent and the bare baseline: unique to this run. */
  botPrefix: string;
  minimalPrefix: string;
  barePrefix: string;
  signingSecret: string;
  mongoUri: string;
  dbName: string;
  /** The local Slack workspace (its own process). */
  slack: Child<SlackMethods>;
  slackInfo: { apiUrl: string; botToken: string; teamId: string; botUserId: string };
  /** The bot under test (its own process, started as `npm start` starts it). */
  bot: Child<BotMethods>;
  /** The minimal equivalent: the same work done the straightforward way (its own process). */
  minimal: Child<MinimalMethods>;
  /** The bare Bolt app and bare BullMQ worker (its own process): context, a floor that does no work. */
  bare: Child<BareMethods>;
  /** This process's own connection to the same database (to create incidents and count entries). */
  database: Database;
  /** Process ids, to count where CPU time goes (Redis's when it runs on this machine). */
  pids: Record<'bench' | 'bot' | 'minimal' | 'bare' | 'slack' | 'mongo' | 'redis', number | undefined>;
  close(): Promise<void>;
}

/** The process id of a Redis server on this machine (undefined for a remote one). */
async function redisPid(url: string): Promise<number | undefined> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return undefined;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const match = /process_id:(\d+)/.exec(await redis.info('server'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** The minimal equivalent's reminder queue (under its own prefix). */
export const MINIMAL_QUEUE = 'minimal-reminders';

/** What a measurement can target: the bot, its minimal equivalent, or the bare baseline. */
export type Target = 'bot' | 'minimal' | 'bare';

/** What the bot's process and the minimal equivalent's both serve, alike. */
type WorkerMethods = Pick<BotMethods, 'schedule' | 'drain' | 'roundTrips'> & Pick<MinimalMethods, 'schedule' | 'drain' | 'roundTrips'>;

/** The process of the bot or of the minimal equivalent, through the calls both serve. */
export function workerOf(env: BenchEnvironment, target: Exclude<Target, 'bare'>): Child<WorkerMethods> {
  return env[target] as unknown as Child<WorkerMethods>;
}

/** Starts and stops the CPU profile of the process a measurement targets. */
export function profilerOf(env: BenchEnvironment, target: Target) {
  const child = env[target] as unknown as Child<{ profileStart: () => Promise<void>; profileStop: (params: { file: string }) => Promise<ProfileSummary | undefined> }>;
  return {
    start: () => child.call('profileStart'),
    stop: (file: string) => child.call('profileStop', { file }),
  };
}

/** Logs of this process go to stderr: stdout carries only the JSON lines. */
export const benchLogger = createLogger({ level: 'warn', secrets: [], destination: pino.destination(2) });

/** Writes a progress line to stderr. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/**
 * Starts, each in its own process: the embedded MongoDB (unless MONGODB_URI is set), the local Slack
 * workspace, the bot, its minimal equivalent and the bare baseline; and connects this process to the
 * same database.
 */
export async function startEnvironment(options: { outDir: string; logLevel: string; profile: boolean }): Promise<BenchEnvironment> {
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) {
    throw new Error(`Redis does not answer at ${redisUrl}: start one (redis-server) or set REDIS_URL.`);
  }
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const outDir = join(options.outDir, runId);
  mkdirSync(outDir, { recursive: true });
  const botPrefix = `bench-${runId}-bot`;
  const minimalPrefix = `bench-${runId}-minimal`;
  const barePrefix = `bench-${runId}-bare`;
  const signingSecret = randomBytes(16).toString('hex');
  const dbName = `incident_bench_${runId}`;
  const stops: Array<() => Promise<void>> = [];
  // The bot and the bare app are profiled per measurement over IPC; the helpers for their whole life.
  const profileFlags = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${outDir}`] : [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => progress(`cleanup: ${String(error)}`));
    stops.length = 0;
  };
  // The run's keys go whatever happens after this point.
  stops.push(async () => {
    await deleteKeysWithPrefix(redisUrl, botPrefix);
    await deleteKeysWithPrefix(redisUrl, minimalPrefix);
    await deleteKeysWithPrefix(redisUrl, barePrefix);
  });

  try {
    let mongo: MongoProcess | undefined;
    let mongoUri = process.env.MONGODB_URI;
    if (!mongoUri) {
      mongo = await startEmbeddedMongoProcess(join(outDir, 'embedded-mongo.log'), profileFlags);
      stops.push(() => mongo!.stop());
      mongoUri = mongo.uri;
    }
    const database = await connectDatabase({ uri: mongoUri, dbName, logger: benchLogger });
    stops.push(async () => {
      // A real MongoDB keeps what the run wrote: drop the run's database (the embedded one just stops).
      if (!mongo) await mongoose.connection.dropDatabase().catch(() => undefined);
      await database.close();
    });

    const path = { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR };
    // The same reminder concurrency for the bot, the minimal equivalent and the bare jobs (to compare settings).
    const concurrency = process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {};
    const slack = await startChild<SlackMethods>('local-slack', benchFile('slack-process.ts'), {
      env: path,
      logFile: join(outDir, 'local-slack.log'),
      execArgv: profileFlags,
    });
    stops.push(() => slack.stop());
    const slackInfo = slack.info as BenchEnvironment['slackInfo'];

    const common = {
      ...path,
      ...concurrency,
      SLACK_BOT_TOKEN: slackInfo.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      REDIS_URL: redisUrl,
    };
    const bot = await startChild<BotMethods>('bot', benchFile('bot-process.ts'), {
      env: {
        ...common,
        SLACK_API_URL: slackInfo.apiUrl,
        MONGODB_URI: mongoUri,
        BENCH_DB_NAME: dbName,
        QUEUE_PREFIX: botPrefix,
        LOG_LEVEL: options.logLevel,
      },
      logFile: join(outDir, 'bot.log'),
      // Only so the benchmark can ask for a full collection after the load (`stats`); no other effect.
      execArgv: ['--expose-gc'],
    });
    stops.push(() => bot.stop());
    const minimal = await startChild<MinimalMethods>('minimal', benchFile('minimal-process.ts'), {
      env: { ...common, SLACK_API_URL: slackInfo.apiUrl, MONGODB_URI: mongoUri, BENCH_DB_NAME: dbName, QUEUE_PREFIX: minimalPrefix, QUEUE_NAME: MINIMAL_QUEUE },
      logFile: join(outDir, 'minimal.log'),
    });
    stops.push(() => minimal.stop());
    const bare = await startChild<BareMethods>('bare', benchFile('bare-process.ts'), {
      env: { ...common, QUEUE_PREFIX: barePrefix },
      logFile: join(outDir, 'bare.log'),
    });
    stops.push(() => bare.stop());

    return {
      pids: { bench: process.pid, bot: bot.pid, minimal: minimal.pid, bare: bare.pid, slack: slack.pid, mongo: mongo?.pid, redis: await redisPid(redisUrl) },
      runId,
      outDir,
      redisUrl,
      botPrefix,
      minimalPrefix,
      barePrefix,
      signingSecret,
      mongoUri,
      dbName,
      slack,
      slackInfo,
      bot,
      minimal,
      bare,
      database,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
