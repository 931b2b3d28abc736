import { afterAll, beforeAll, expect, it } from 'vitest';
import { reminderAttemptIn } from '../support/predicates.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { declareIncident } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '2s', MANAGER_USER_IDS: '' } });
});

afterAll(async () => {
  await t?.close();
});

it('retries a reminder Slack keeps refusing past the client’s own retries, and sends it once', async () => {
  const channelId = await declareIncident(t, 'Reminder through errors');
  // More failures than the Web API client retries: the job itself must try again later.
  t.slack.fail('chat.postMessage', { status: 500 }, 5);
  const isReminder = reminderAttemptIn(channelId);
  const delivered = await t.slack.waitForCall('chat.postMessage', (call) => isReminder(call) && call.result.ok === true, 20_000);
  const attempts = t.slack.callsTo('chat.postMessage').filter(isReminder);
  expect(attempts.filter((call) => call.status === 500)).toHaveLength(5);
  expect(attempts.filter((call) => call.result.ok === true)).toEqual([delivered]);
}, 40_000);
