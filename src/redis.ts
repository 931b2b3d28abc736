import { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { withTimeout } from './async.js';

/**
 * Opens the Redis connection BullMQ shares. `maxRetriesPerRequest: null` is what BullMQ workers need;
 * reconnection is left to ioredis, which keeps trying while Redis is away.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'Redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis connection restored');
    down = false;
  });
  return redis;
}

/** True when Redis answers PING within the timeout. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    return (await withTimeout(redis.ping(), timeoutMs, 'Redis')) === 'PONG';
  } catch {
    return false;
  }
}

/** True when a Redis at `url` answers PING within a second (a probe: its own short-lived connection). */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await pingRedis(redis);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under a BullMQ prefix, so a run that used its own prefix leaves nothing behind. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
