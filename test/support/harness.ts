import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startBot, type BotOptions, type RunningBot } from '../../src/bot.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { SlackRequestSender } from '../../src/local-slack/signed-requests.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';
import { connectTestDatabase } from './mongo.js';

/** Retries fast enough for tests, still exercising the client's retry path. */
export const TEST_RETRY = { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 };

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestBot {
  slack: LocalSlack;
  bot: RunningBot;
  sender: SlackRequestSender;
  config: Config;
  signingSecret: string;
  /** The database it uses, to start another replica against the same data. */
  database: { uri: string; dbName: string };
  /** This bot's BullMQ prefix, unique to the test. */
  queuePrefix: string;
  /** Resolves once every piece of acknowledged work has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  /** Environment variables on top of the test defaults. */
  env?: Record<string, string>;
  role?: BotOptions['role'];
  /** Reuse a workspace (for several replicas or a restart). */
  slack?: LocalSlack;
  /** Reuse a database (for several replicas or a restart). */
  database?: { uri: string; dbName: string };
  queuePrefix?: string;
}

/** Deletes every Redis key under a BullMQ prefix, so a test leaves nothing behind. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

/**
 * Starts the real bot, with its HTTP receiver, against a local Slack workspace, the test MongoDB
 * (MONGODB_URI or the embedded server) and the real Redis under a prefix of its own.
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const slack = options.slack ?? (await startLocalSlack());
  const ownDatabase = options.database ? undefined : await connectTestDatabase();
  const database = options.database ?? ownDatabase!;
  const signingSecret = randomBytes(16).toString('hex');
  const queuePrefix = options.queuePrefix ?? `test-${randomBytes(6).toString('hex')}`;
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    MONGODB_URI: database.uri,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const config = parsed.config;
  const logger = createLogger({
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
    secrets: [config.slackBotToken, signingSecret],
  });
  const bot = await startBot(config, {
    logger,
    role: options.role ?? 'all',
    dbName: database.dbName,
    retryConfig: TEST_RETRY,
    port: 0,
  });
  const sender = new SlackRequestSender(`${bot.url ?? 'http://127.0.0.1:0'}/slack/events`, signingSecret, slack);
  return {
    slack,
    bot,
    sender,
    config,
    signingSecret,
    database: { uri: database.uri, dbName: database.dbName },
    queuePrefix,
    async settle() {
      if (!(await bot.deps.inFlight.drain(40_000))) throw new Error('the bot did not finish its work within 40 s');
    },
    async close() {
      await bot.stop();
      if (!options.slack) await slack.close();
      await ownDatabase?.close();
      if (!options.queuePrefix) await deleteQueueKeys(queuePrefix);
    },
  };
}
