import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { blockText, declareIncident, run } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m', ESCALATION_GRACE: '1s', MANAGER_USER_IDS: 'U0MANAGER' } });
});

afterAll(async () => {
  await t?.close();
});

const okPostsWith = (channelId: string, text: string) =>
  t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channelId && call.result.ok === true && blockText(call).includes(text));

describe('when Slack answers 429 or 5xx', () => {
  it('retries a post after Retry-After and after server errors, and posts it once', async () => {
    const channelId = await declareIncident(t, 'Rate limited');
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await run(t, channelId, 'update Posted after a 429');
    t.slack.fail('chat.postMessage', { status: 503 }, 2);
    await run(t, channelId, 'update Posted after two 503s');
    expect(okPostsWith(channelId, 'Posted after a 429')).toHaveLength(1);
    expect(okPostsWith(channelId, 'Posted after two 503s')).toHaveLength(1);
    const statuses = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channelId).map((call) => call.status);
    expect(statuses).toEqual(expect.arrayContaining([429, 503, 503]));
  });

  it('retries card updates, uploads and direct messages', async () => {
    const channelId = await declareIncident(t, 'Flaky Slack');
    await run(t, channelId, 'role comms @carol');
    t.slack.fail('chat.update', { status: 500 }, 2);
    await run(t, channelId, 'update Card still current');
    expect(blockText(t.slack.callsTo('chat.update').filter((call) => call.result.ok === true).at(-1)!)).toContain('Last public update');

    t.slack.fail('files.completeUploadExternal', { status: 502 });
    t.slack.fail('files.getUploadURLExternal', { status: 429, retryAfter: 1 });
    const response = await run(t, channelId, 'postmortem');
    expect(JSON.stringify(response.replies)).toContain('Posted `postmortem-');
    const incident = (await findIncidentByChannel(channelId))!;
    expect([...t.slack.files.values()].filter((file) => file.channel === channelId && file.filename.includes(incident.channelName))).toHaveLength(1);
  });

  it('retries the escalation DM when Slack rate-limits it', async () => {
    const fast = await startTestBot({
      env: { UPDATE_INTERVAL: '2s', ESCALATION_GRACE: '1s', MANAGER_USER_IDS: 'U0MANAGER' },
      slack: t.slack,
      database: t.database,
    });
    try {
      t.slack.fail('conversations.open', { status: 429, retryAfter: 1 });
      await declareIncident(fast, 'Escalated through a 429');
      const dm = await t.slack.waitForCall('chat.postMessage', (call) => String(call.args.channel).startsWith('D') && String(call.args.text).includes('Escalated through a 429'), 20_000);
      expect(dm.result.ok).toBe(true);
    } finally {
      await fast.close();
    }
  }, 40_000);

  it('records an update Slack refuses for good, tells the person, and shows the failure on the card', async () => {
    const channelId = await declareIncident(t, 'Slack down');
    t.slack.fail('chat.postMessage', { status: 500 }, 10);
    const response = await run(t, channelId, 'update Nobody saw this in the channel');
    expect(JSON.stringify(response.replies)).toContain('Recorded');
    expect(JSON.stringify(response.replies)).toContain('Slack refused to post it');
    const incident = (await findIncidentByChannel(channelId))!;
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, text: 'Nobody saw this in the channel' })).toBe(1);
    expect(incident.lastDeliveryFailure?.what).toBe('The update could not be posted: Slack was not answering.');
    const card = t.slack.callsTo('chat.update').filter((call) => call.args.channel === channelId && call.result.ok === true).at(-1)!;
    // In words, never Slack's raw error text.
    expect(blockText(card)).toContain('The update could not be posted: Slack was not answering.');
    expect(blockText(card)).not.toContain('statusCode');
    t.slack.clearFaults();
  });
});
