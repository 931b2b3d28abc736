import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCode, WebClient, type RetryOptions, type WebAPICallResult } from '@slack/web-api';
import type { Config } from '../config.js';
import { toSlackLogger, type Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** Background work (drafts, uploads): 429s wait for Retry-After; 5xx and network errors back off up to about two minutes. */
export const DEFAULT_RETRY: RetryOptions = { retries: 6, factor: 2, minTimeout: 1_000, maxTimeout: 30_000, randomize: true };

/** Work a person is waiting for (a command's posts, a form's channel): a few quick retries, then say so. */
export const INTERACTIVE_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 1_500, randomize: true };

/** Reminder and escalation steps and card refreshes: no blind retry; the caller re-checks and tries again itself. */
export const NO_RETRY: RetryOptions = { retries: 0 };

/** How a client behaves when Slack is slow or refuses. */
export interface ClientPolicy {
  retryConfig: RetryOptions;
  /** Throw on a 429 instead of waiting (the caller retries after Retry-After, re-checking first). */
  rejectRateLimitedCalls?: boolean;
  /** Longest wait for one request. */
  timeoutMs?: number;
}

/** The Web API method being called, so a retry deep inside the client can be counted against it. */
const currentMethod = new AsyncLocalStorage<string>();

const CODE = /^[a-z0-9_]{1,64}$/;

/** A short, bounded label for why a Slack call or attempt failed. */
export function slackErrorLabel(error: unknown): string {
  const { code, data, statusCode, message } = (error ?? {}) as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  if (code === ErrorCode.PlatformError) return data?.error && CODE.test(data.error) ? data.error : 'platform_error';
  if (code === ErrorCode.HTTPError) return `http_${statusCode ?? 'error'}`;
  if (code === ErrorCode.RateLimitedError || /rate limit/i.test(message ?? '')) return 'rate_limited';
  if (code === ErrorCode.RequestError) return 'network';
  return 'other';
}

/** A WebClient that counts the calls Slack refused for good, once each, at the outermost call. */
class CountingWebClient extends WebClient {
  constructor(
    token: string,
    options: ConstructorParameters<typeof WebClient>[1],
    private readonly metrics: Metrics,
  ) {
    super(token, options);
  }

  override apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    return this.counted(method, () => super.apiCall(method, options));
  }

  override filesUploadV2(options: Parameters<WebClient['filesUploadV2']>[0]): ReturnType<WebClient['filesUploadV2']> {
    return this.counted('files.uploadV2', () => super.filesUploadV2(options));
  }

  private counted<T>(method: string, call: () => Promise<T>): Promise<T> {
    // files.uploadV2 calls two other methods: its failure is counted once, as files.uploadV2.
    const outermost = currentMethod.getStore() === undefined;
    return currentMethod.run(method, async () => {
      try {
        return await call();
      } catch (error) {
        if (outermost) this.metrics.slackErrors.inc({ method, error: slackErrorLabel(error) });
        throw error;
      }
    });
  }
}

/** A Web API client with the bot token, the configured base URL and a retry policy. */
export function createSlackClient(config: Config, logger: Logger, policy: ClientPolicy, metrics: Metrics): WebClient {
  const { retryConfig } = policy;
  // The client hands its retryConfig to p-retry, which calls onFailedAttempt before deciding to retry.
  const counted = {
    ...retryConfig,
    onFailedAttempt: (error: Error & { retriesLeft?: number }) => {
      if ((error.retriesLeft ?? 0) > 0) {
        metrics.slackRetries.inc({ method: currentMethod.getStore() ?? 'unknown', reason: slackErrorLabel(error) });
      }
    },
  };
  return new CountingWebClient(
    config.slackBotToken,
    {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      logger: toSlackLogger(logger),
      retryConfig: counted,
      rejectRateLimitedCalls: policy.rejectRateLimitedCalls ?? false,
      timeout: policy.timeoutMs ?? 15_000,
    },
    metrics,
  );
}
