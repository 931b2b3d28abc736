import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { toSlackLogger, type Logger } from '../logger.js';

/** Production retry policy: 429s wait for Retry-After; 5xx and network errors back off up to about two minutes. */
export const DEFAULT_RETRY: RetryOptions = { retries: 6, factor: 2, minTimeout: 1_000, maxTimeout: 30_000, randomize: true };

/** A Web API client for work outside a listener (jobs, start-up), with the bot token and the configured base URL. */
export function createSlackClient(config: Config, logger: Logger, retryConfig: RetryOptions): WebClient {
  return new WebClient(config.slackBotToken, {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    logger: toSlackLogger(logger),
    retryConfig,
    timeout: 15_000,
  });
}
