import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findIncidentByChannel } from '../src/services/incident-queries.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { declareIncident, run } from './support/incidents.js';

// The whole bot, in this process, on a clock pinned to Sunday 1 November 2026, 09:40 UTC: the 1st of a month,
// and the morning the US leaves daylight saving time (02:00 PDT → 01:00 PST, at 09:00 UTC).
const PINNED = new Date('2026-11-01T09:40:00Z');

let t: TestBot;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: PINNED, shouldAdvanceTime: true });
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m', SECONDARY_TIMEZONE: 'America/Los_Angeles' } });
});

afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

describe('on the 1st of a month, on the day daylight saving time ends', () => {
  it('dates and stamps the drafts right in every language, across the change of offset', async () => {
    const channelId = await declareIncident(t, 'Calendar edges');
    await run(t, channelId, 'impact start 2026-11-01T07:50Z');
    await run(t, channelId, 'update --at 2026-11-01T08:05Z We are investigating failed logins.');
    await run(t, channelId, 'update We rolled back the identity provider change.');
    await run(t, channelId, 'postmortem fr');
    await run(t, channelId, 'postmortem en');
    const incident = (await findIncidentByChannel(channelId))!;
    const file = (locale: string) =>
      [...t.slack.files.values()].find((candidate) => candidate.filename === `postmortem-${incident.channelName}-${locale}.md`)!.content.toString('utf8');

    const fr = file('fr');
    expect(fr).toContain('### 1er novembre 2026 08:05 UTC | 1er novembre 2026 01:05 PDT');
    expect(fr).toContain('### 1er novembre 2026 09:40 UTC | 1er novembre 2026 01:40 PST');
    const en = file('en');
    expect(en).toContain('### 1 November 2026 08:05 UTC | 1 November 2026 01:05 PDT');
    expect(en).toContain('### 1 November 2026 09:40 UTC | 1 November 2026 01:40 PST');
  });
});
