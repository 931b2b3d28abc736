import type { BackoffStrategy, JobsOptions } from 'bullmq';
import { ErrorCode } from '@slack/web-api';

/** How a reminder step retries when Slack refuses: how many attempts, and the back-off between them. */
export interface StepRetry {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

/** About seven minutes of attempts: enough for Slack's usual hiccups, bounded so a step ends in words, not silence. */
export const DEFAULT_STEP_RETRY: StepRetry = { attempts: 10, baseMs: 2_000, maxMs: 60_000 };

/** The back-off type reminder jobs use; the worker resolves it with `stepBackoff`. */
export const STEP_BACKOFF = 'slack';

/** Job options of a step: bounded attempts with Slack-aware back-off; completed jobs go, failed ones stay a week. */
export function stepJobOptions(retry: StepRetry): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: STEP_BACKOFF },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * The wait before a step's next attempt: what Slack asked for after a 429 (Retry-After), otherwise
 * exponential from `baseMs`, capped at `maxMs`. Every attempt re-reads MongoDB before acting.
 */
export function stepBackoff(retry: StepRetry): BackoffStrategy {
  return (attemptsMade, _type, error) => {
    const { code, retryAfter } = (error ?? {}) as { code?: string; retryAfter?: number };
    if (code === ErrorCode.RateLimitedError && typeof retryAfter === 'number') {
      return Math.max(retryAfter * 1000, retry.baseMs);
    }
    return Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  };
}
