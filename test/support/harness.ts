import type { RetryOptions } from '@slack/web-api';
import { randomBytes } from 'node:crypto';
import type { BotOptions } from '../../src/bot.js';
import { startLocalStack, type LocalStack } from '../../src/local-slack/stack.js';
import type { LocalSlack } from '../../src/local-slack/workspace.js';
import { deleteKeysWithPrefix } from '../../src/redis.js';
import { assertEntriesMatchSchema } from './entry-schema.js';
import { connectTestDatabase } from './mongo.js';

/** Retries fast enough for tests, still exercising the client's retry path. */
export const TEST_RETRY = { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 };

/** Reminder steps retried quickly, still through their jobs' own back-off. */
export const TEST_STEP_RETRY = { attempts: 8, baseMs: 150, maxMs: 1_000 };
/** Cards refreshed at most every 50 ms: the coalescing is the same, the tests do not wait a second for it. */
export const TEST_CARD_SPACING_MS = 50;

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestBot extends LocalStack {
  /** The database it uses, to start another replica against the same data. */
  database: { uri: string; dbName: string };
  /** This bot's BullMQ prefix, unique to the test. */
  queuePrefix: string;
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
  /** The Web API clients' retry policy, when a test needs the production one rather than the fast default. */
  retryConfig?: RetryOptions;
}

/** Deletes every Redis key under a BullMQ prefix, so a test leaves nothing behind. */
export function deleteQueueKeys(prefix: string): Promise<void> {
  return deleteKeysWithPrefix(REDIS_URL, prefix);
}

/**
 * Starts the real bot, with its HTTP receiver, against a local Slack workspace, the test MongoDB
 * (MONGODB_URI or the embedded server) and the real Redis under a prefix of its own.
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const ownDatabase = options.database ? undefined : await connectTestDatabase();
  const database = options.database ?? ownDatabase!;
  const queuePrefix = options.queuePrefix ?? `test-${randomBytes(6).toString('hex')}`;
  const stack = await startLocalStack({
    env: { MONGODB_URI: database.uri, REDIS_URL, QUEUE_PREFIX: queuePrefix, ...options.env },
    ...(options.slack ? { slack: options.slack } : {}),
    ...(options.role ? { role: options.role } : {}),
    dbName: database.dbName,
    retryConfig: options.retryConfig ?? TEST_RETRY,
    stepRetry: TEST_STEP_RETRY,
    cardSpacingMs: TEST_CARD_SPACING_MS,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  return {
    ...stack,
    database: { uri: database.uri, dbName: database.dbName },
    queuePrefix,
    async close() {
      await stack.close();
      if (ownDatabase) await assertEntriesMatchSchema(ownDatabase).finally(() => ownDatabase.close());
      if (!options.queuePrefix) await deleteQueueKeys(queuePrefix);
    },
  };
}
