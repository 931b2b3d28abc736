import { describe, expect, it } from 'vitest';
import { errorOutcome } from '../../handlers/error-replies.js';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { declareIncident, run, timelineShortcut } from '../support/incidents.js';
import type { TestBot } from '../support/harness.js';
import { scrape, valueOf, type Sample } from '../support/metrics.js';
import { stoppedAfterEach } from '../support/per-test.js';

const { bot } = stoppedAfterEach();

/** Scrapes until the predicate holds (counters move when jobs run, not when a request returns). */
async function scrapeUntil(
  t: TestBot,
  predicate: (samples: Sample[]) => boolean,
  timeoutMs = 20_000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { samples } = await scrape(t.bot.url!);
    if (predicate(samples)) return samples;
    if (Date.now() > deadline) throw new Error('metrics did not reach the expected values in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('GET /metrics', () => {
  it('counts commands by subcommand and outcome, times the acks, counts Slack errors and retries, reads queue depth and open incidents', async () => {
    const t = await bot({ env: { UPDATE_INTERVAL: '30m', MANAGER_USER_IDS: '' } });
    const general = t.slack.addChannel('general', ['U0ALICE'], 'C0GENERAL').id;

    await run(t, general, 'help');
    await run(t, general, 'frobnicate');
    await run(t, general, 'update Not an incident channel');
    const channelId = await declareIncident(t, 'Metrics drill');
    await run(t, channelId, 'sev 9');
    await run(t, channelId, 'update Looking into it');
    t.slack.fail('users.info', { error: 'user_not_found' });
    await run(t, channelId, 'role commander @bob');
    t.slack.fail('chat.postMessage', { status: 503 });
    await run(t, channelId, 'update After a hiccup');
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await run(t, channelId, 'note Slept through a rate limit');
    const message = t.slack.postAsUser(channelId, 'U0DAVE', 'Rollback started');
    await t.sender.event({
      type: 'reaction_added',
      user: 'U0ALICE',
      reaction: 'eyes',
      item: { type: 'message', channel: channelId, ts: message.ts },
    });
    await t.sender.interaction(timelineShortcut(t, message));
    await t.settle();
    const forged = await t.sender.command('help', { signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const challenge = await t.sender.send(
      JSON.stringify({ type: 'url_verification', challenge: 'c-1', token: 'x' }),
      'application/json',
    );
    expect(challenge.status).toBe(200);

    const { status, contentType, samples } = await scrape(t.bot.url!);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const commands = (subcommand: string, outcome: string) =>
      valueOf(samples, 'incident_commands_total', { subcommand, outcome });
    expect(commands('help', 'ok')).toBe(1);
    expect(commands('unknown', 'usage_error')).toBe(1);
    expect(commands('update', 'refused')).toBe(1);
    expect(commands('declare', 'ok')).toBe(1);
    expect(commands('sev', 'usage_error')).toBe(1);
    expect(commands('update', 'ok')).toBe(2);
    expect(commands('role', 'refused')).toBe(1);
    expect(commands('note', 'ok')).toBe(1);
    expect(
      samples
        .filter((sample) => sample.name === 'incident_commands_total')
        .reduce((sum, sample) => sum + sample.value, 0),
    ).toBe(9);

    // Nine commands, one event and one shortcut acknowledged; the forged request and the URL check are not acks.
    const acks = (kind: string) => valueOf(samples, 'incident_ack_latency_seconds_count', { kind });
    expect(acks('command')).toBe(9);
    expect(acks('event')).toBe(1);
    expect(acks('interaction')).toBe(1);
    expect(valueOf(samples, 'incident_ack_latency_seconds_bucket', { kind: 'command', le: '3' })).toBe(9);
    expect(valueOf(samples, 'incident_ack_latency_seconds_sum', { kind: 'command' })).toBeLessThan(9 * 3);

    expect(
      valueOf(samples, 'incident_slack_api_errors_total', { method: 'users.info', error: 'user_not_found' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'incident_slack_api_retries_total', {
        method: 'chat.postMessage',
        reason: 'http_503',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'incident_slack_api_retries_total', {
        method: 'chat.postMessage',
        reason: 'rate_limited',
      }),
    ).toBe(1);
    // The retried posts went through, so they are not errors.
    expect(
      valueOf(samples, 'incident_slack_api_errors_total', { method: 'chat.postMessage' }),
    ).toBeUndefined();

    expect(valueOf(samples, 'incident_queue_jobs', { queue: 'reminders', state: 'delayed' })).toBe(1);
    expect(valueOf(samples, 'incident_queue_jobs', { queue: 'reminders', state: 'waiting' })).toBe(0);
    expect(valueOf(samples, 'incident_open_incidents', { severity: '3' })).toBe(1);
    expect(valueOf(samples, 'incident_open_incidents', { severity: '1' })).toBe(0);
    expect(valueOf(samples, 'incident_reminders_sent_total')).toBe(0);

    // Default process metrics come along.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeDefined();

    await run(t, channelId, 'status resolved Fixed');
    const after = (await scrape(t.bot.url!)).samples;
    expect(valueOf(after, 'incident_queue_jobs', { queue: 'reminders', state: 'delayed' })).toBe(0);
  });

  it('counts reminders, escalations and their lateness in the job processor, apart for each bot in the process', async () => {
    const quiet = await bot({ env: { UPDATE_INTERVAL: '30m', MANAGER_USER_IDS: '' } });
    const t = await bot({
      env: { UPDATE_INTERVAL: '2s', ESCALATION_GRACE: '2s', MANAGER_USER_IDS: 'U0MANAGER' },
      slack: quiet.slack,
      database: quiet.database,
    });
    await declareIncident(quiet, 'Quiet one');
    await declareIncident(t, 'Lapsed promise');

    // The escalation is counted when its DMs went out, the job once it has scheduled the next step.
    const samples = await scrapeUntil(
      t,
      (s) =>
        valueOf(s, 'incident_escalations_total') === 1 &&
        valueOf(s, 'incident_reminder_jobs_total', { kind: 'escalate', outcome: 'sent' }) === 1,
    );
    expect(valueOf(samples, 'incident_reminders_sent_total')).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(samples, 'incident_reminder_jobs_total', { kind: 'remind', outcome: 'sent' }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'incident_reminder_jobs_total', { kind: 'escalate', outcome: 'sent' })).toBe(1);
    const remindLate = valueOf(samples, 'incident_reminder_lateness_seconds_count', { kind: 'remind' })!;
    expect(remindLate).toBe(valueOf(samples, 'incident_reminders_sent_total'));
    expect(valueOf(samples, 'incident_reminder_lateness_seconds_count', { kind: 'escalate' })).toBe(1);
    // Delayed jobs fire within a second or two of their time on an idle Redis.
    expect(valueOf(samples, 'incident_reminder_lateness_seconds_bucket', { kind: 'escalate', le: '5' })).toBe(
      1,
    );

    // The other bot in this process sent nothing and says so: each bot has its own registry.
    const other = (await scrape(quiet.bot.url!)).samples;
    expect(valueOf(other, 'incident_reminders_sent_total')).toBe(0);
    expect(valueOf(other, 'incident_escalations_total')).toBe(0);
    expect(valueOf(other, 'incident_commands_total', { subcommand: 'declare', outcome: 'ok' })).toBe(1);
  }, 40_000);

  it('names the outcome of a failed command as the reply does', () => {
    expect(errorOutcome(new UsageError('bad'))).toBe('usage_error');
    expect(errorOutcome(new NotFoundError('gone'))).toBe('refused');
    expect(
      errorOutcome(Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' })),
    ).toBe('not_recorded');
    expect(errorOutcome(new Error('boom'))).toBe('error');
  });
});
