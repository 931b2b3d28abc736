import type { WebAPIRateLimitedError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { stepBackoff } from '../../jobs/step-retry.js';

describe('the back-off of reminder steps', () => {
  const backoff = stepBackoff({ attempts: 10, baseMs: 2_000, maxMs: 60_000 });

  it('waits as long as Slack asked after a 429', () => {
    const limited = Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 5 });
    expect(backoff(1, 'slack', limited as WebAPIRateLimitedError)).toBe(5_000);
  });

  it('backs off exponentially after 5xx and network errors, up to the cap', () => {
    const failure = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 500'), { code: 'slack_webapi_http_error' });
    expect([1, 2, 3, 4, 5, 6, 7].map((attempts) => backoff(attempts, 'slack', failure))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });
});
