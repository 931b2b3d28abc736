import { ErrorCode, WebClient, type FetchFunction, type RetryOptions, type WebAPICallResult } from '@slack/web-api';
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
 * Time limits for the requests of one client, kept by one timer: each request has its deadline, and a sweep
 * aborts the requests past theirs. A request leaves as soon as its answer has been read, so nothing holds it
 * afterwards (`AbortSignal.timeout` keeps a timer, and the request it watches, until the limit passes; a
 * dispatcher of its own takes the request off the path Node's `fetch` is fastest on).
 */
class Deadlines {
  private readonly open = new Map<AbortController, number>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  start(): AbortController {
    const controller = new AbortController();
    this.open.set(controller, Date.now() + this.timeoutMs);
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(1_000, Math.ceil(this.timeoutMs / 4))).unref();
    return controller;
  }

  end(controller: AbortController): void {
    this.open.delete(controller);
    if (this.open.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [controller, deadline] of this.open) {
      if (deadline > now) continue;
      this.end(controller);
      controller.abort(new Error(`no answer from Slack within ${this.timeoutMs} ms`));
    }
  }
}

/** Ends the request's time limit once its body has been read (the client reads it with `text` or `arrayBuffer`). */
function endOnRead(response: Response, end: () => void): Response {
  for (const method of ['text', 'arrayBuffer'] as const) {
    const read = response[method].bind(response) as () => Promise<unknown>;
    Object.defineProperty(response, method, { value: () => read().finally(end) });
  }
  return response;
}

/**
 * The client's fetch, counting every attempt Slack answered 429 or 5xx, or that failed in the network: each is
 * tried again, by the client or by the step's job, while the retries last. Counted here, per request, because
 * the client's retries happen inside it, out of reach of the method that started them. Each request has
 * `timeoutMs` for its answer, headers and body (`Deadlines`).
 */
function countingFetch(metrics: Metrics, timeoutMs: number): FetchFunction {
  const deadlines = new Deadlines(timeoutMs);
  return async (url, init) => {
    const controller = deadlines.start();
    try {
      const response = await fetch(url, { ...(init as RequestInit), signal: controller.signal });
      if (response.status === 429 || response.status >= 500) {
        metrics.slackRetries.inc({ method: methodOf(url), reason: response.status === 429 ? 'rate_limited' : `http_${response.status}` });
      }
      return endOnRead(response, () => deadlines.end(controller));
    } catch (error) {
      deadlines.end(controller);
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
