import type { AppDeps } from '../src/app-deps.js';

/** How long a delivery is remembered: longer than Slack's retries and a person's double click. */
const REMEMBER_SECONDS = 60 * 60;

/**
 * True the first time a delivery key is seen, across every replica (Redis SET NX). When Redis is
 * away it answers true: records carry their own dedupe keys, so a repeat still records nothing twice.
 */
export async function firstDelivery(deps: AppDeps, key: string): Promise<boolean> {
  if (deps.redis.status !== 'ready') return true;
  try {
    const result = await deps.redis.set(`${deps.config.queuePrefix}:seen:${key}`, '1', 'EX', REMEMBER_SECONDS, 'NX');
    return result === 'OK';
  } catch {
    return true;
  }
}
