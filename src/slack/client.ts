import { ErrorCode, WebClient, type FetchFunction, type RetryOptions, type WebAPICallResult } from '@slack/web-api';
import { Agent } from 'undici';
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

// Marks an error already counted by the Web API method that threw it, so an upload counts it once.
const COUNTED = Symbol('counted');

/** A WebClient that counts the calls Slack refused for good, once each, by method. */
class CountingWebClient extends WebClient {
  constructor(
    token: string,
    options: ConstructorParameters<typeof WebClient>[1],
    private readonly metrics: Metrics,
  ) {
    super(token, options);
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      this.count(method, error);
      throw error;
    }
  }

  override async filesUploadV2(options: Parameters<WebClient['filesUploadV2']>[0]): ReturnType<WebClient['filesUploadV2']> {
    try {
      return await super.filesUploadV2(options);
    } catch (error) {
      // The upload of the bytes is not a Web API method: its failure is counted as the upload's.
      this.count('files.uploadV2', error);
      throw error;
    }
  }

  private count(method: string, error: unknown): void {
    if (typeof error !== 'object' || error === null || COUNTED in error) return;
    Object.defineProperty(error, COUNTED, { value: true });
    this.metrics.slackErrors.inc({ method, error: slackErrorLabel(error) });
  }
}

/** The Web API method a request goes to (`…/api/chat.postMessage`); an upload of file bytes counts as the upload. */
function methodOf(url: string | URL): string {
  return /\/api\/([\w.]+)$/.exec(String(url))?.[1] ?? 'files.uploadV2';
}

/**
 * The client's fetch, counting every attempt Slack answered 429 or 5xx, or that failed in the network: each is
 * tried again, by the client or by the step's job, while the retries last. Counted here, per request, because
 * the client's retries happen inside it, out of reach of the method that started them.
 *
 * The time limit is the connection pool's (no headers, or no body bytes, within `timeoutMs`), not the client's
 * `timeout`: that one is an `AbortSignal.timeout` per request, whose timer — holding the request it watched —
 * lives on and fires long after Slack answered, for every call. The pool is undici's, of the version Node's own
 * `fetch` is built on (the package is pinned to it), so the two fit.
 */
function countingFetch(metrics: Metrics, timeoutMs: number): FetchFunction {
  const dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } });
  return async (url, init) => {
    try {
      const response = await fetch(url, { ...(init as RequestInit), dispatcher } as RequestInit);
      if (response.status === 429 || response.status >= 500) {
        metrics.slackRetries.inc({ method: methodOf(url), reason: response.status === 429 ? 'rate_limited' : `http_${response.status}` });
      }
      return response;
    } catch (error) {
      metrics.slackRetries.inc({ method: methodOf(url), reason: 'network' });
      throw error;
    }
  };
}

/** A Web API client with the bot token, the configured base URL and a retry policy. */
export function createSlackClient(config: Config, logger: Logger, policy: ClientPolicy, metrics: Metrics): WebClient {
  return new CountingWebClient(
    config.slackBotToken,
    {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      logger: toSlackLogger(logger),
      retryConfig: policy.retryConfig,
      rejectRateLimitedCalls: policy.rejectRateLimitedCalls ?? false,
      fetch: countingFetch(metrics, policy.timeoutMs ?? 15_000),
    },
    metrics,
  );
}
