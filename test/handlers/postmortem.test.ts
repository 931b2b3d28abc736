import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncidentByChannel } from '../../src/services/incident-queries.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { declareIncident, run } from '../support/incidents.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ env: { UPDATE_INTERVAL: '30m', SECONDARY_TIMEZONE: 'America/Los_Angeles' } });
});

afterAll(async () => {
  await t?.close();
});

/** The content of the newest file of that name the bot uploaded to a channel. */
function uploaded(channelId: string, filename: string): string {
  const files = [...t.slack.files.values()].filter((file) => file.channel === channelId && file.filename === filename);
  if (files.length === 0) {
    throw new Error(`no ${filename} in ${channelId}; files: ${[...t.slack.files.values()].map((file) => file.filename).join(', ')}`);
  }
  return files.at(-1)!.content.toString('utf8');
}

/**
 * A resolved incident modelled on a published postmortem: a three-hour impact window, one public update
 * backdated, an internal note and an internal update, and six remediation items still open.
 */
async function resolvedIncident(title: string): Promise<{ channelId: string; channelName: string; number: number }> {
  const channelId = await declareIncident(t, title, { flags: '--sev 2' });
  await run(t, channelId, 'impact start 2024-01-31T03:52Z');
  await run(t, channelId, 'impact end 2024-01-31T06:52Z');
  await run(t, channelId, 'impact customers could not pay by card at checkout');
  await run(t, channelId, 'update --at 2024-01-31T04:19Z We are investigating failed card payments at checkout.');
  await run(t, channelId, 'note Bob suspects gateway config v412');
  await run(t, channelId, 'update --internal Rollback of v412 done, callbacks answer again');
  await run(t, channelId, 'cause A gateway configuration pointed the 3-D Secure callback at a staging host.\nThe pipeline checked its syntax only.');
  await run(t, channelId, 'resolution We rolled the configuration back to v411.');
  for (const item of ['Check callback URLs in the pipeline', 'Push to one region first', 'Alert on card failures', 'Canary the gateway', 'Review the runbook', 'Rotate the on-call']) {
    await run(t, channelId, `action ${item}`);
  }
  await run(t, channelId, 'status resolved');
  const incident = (await findIncidentByChannel(channelId))!;
  return { channelId, channelName: incident.channelName, number: incident.number };
}

describe('/incident postmortem', () => {
  it('posts the customer draft with --for customers: the public text, no internal note, nothing from below the internal rule', async () => {
    const { channelId, channelName, number } = await resolvedIncident('Card payments fail at checkout');
    const response = await run(t, channelId, 'postmortem --for customers');
    expect(response.replies.map((reply) => reply.text)).toEqual([
      `:page_facing_up: Posted \`postmortem-${channelName}-en-customers.md\` in <#${channelId}>.`,
    ]);
    const customers = uploaded(channelId, `postmortem-${channelName}-en-customers.md`);
    expect(customers.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      '# Card payments fail at checkout',
      '## Summary',
      '## Timeline',
      '### 31 January 2024 04:19 UTC | 30 January 2024 20:19 PST',
      '## Root cause analysis',
      '## Resolution',
      '## Remediation items',
      '## For more information',
    ]);
    expect(customers).toContain('On 31 January 2024, from 03:52 UTC to 06:52 UTC, customers could not pay by card at checkout.');
    expect(customers).toContain('We are investigating failed card payments at checkout.');
    expect(customers).toContain('- Rotate the on-call [Planned]');

    await run(t, channelId, 'postmortem');
    const internal = uploaded(channelId, `postmortem-${channelName}-en.md`);
    const rule = internal.indexOf('\n---\n');
    const below = internal.slice(rule).split('\n').filter((line) => line.trim() && line !== '---');
    // The internal draft has all of it below its rule; the customer draft has none of it.
    expect(below).toContain('_Everything below this line is for internal use: remove it before publishing._');
    expect(below).toContain(`Incident #${number} · SEV2 (major) · Resolved`);
    expect(internal.slice(rule)).toContain('Bob suspects gateway config v412');
    expect(internal.slice(rule)).toContain('Rollback of v412 done, callbacks answer again');
    for (const line of below) expect(customers).not.toContain(line);
    expect(customers).not.toContain('Bob suspects');
    expect(customers).not.toContain('Rollback of v412');
    expect(customers).not.toContain('SEV2');
    expect(customers).not.toMatch(/^---$/m);
    // What comes before the rule is the customer draft, word for word.
    expect(internal.slice(0, rule)).toBe(customers);
  });

  it('posts the executives’ brief with --for executives: at most 25 lines, with the impact duration and the cause', async () => {
    const { channelId, channelName } = await resolvedIncident('Card payments fail at checkout again');
    const response = await run(t, channelId, 'postmortem --for executives');
    expect(response.replies.map((reply) => reply.text)).toEqual([
      `:page_facing_up: Posted \`postmortem-${channelName}-en-executives.md\` in <#${channelId}>.`,
    ]);
    const brief = uploaded(channelId, `postmortem-${channelName}-en-executives.md`);
    expect(brief.trimEnd().split('\n').length).toBeLessThanOrEqual(25);
    expect(brief).toContain('- **Impact duration**: 3 h (31 January 2024 03:52 UTC → 06:52 UTC)');
    expect(brief).toContain(
      '- **Cause**: A gateway configuration pointed the 3-D Secure callback at a staging host. The pipeline checked its syntax only.',
    );
    expect(brief).toContain('- **Open remediation items**: 6 of 6');
    expect(brief).toContain('  - and 2 more');
    expect(brief).not.toContain('Bob suspects');
  });

  it('takes the language and --for in any order, and refuses an unknown audience with the usage', async () => {
    const channelId = await declareIncident(t, 'Drafts in French for customers');
    await run(t, channelId, 'update Nous enquêtons.');
    const incident = (await findIncidentByChannel(channelId))!;
    const response = await run(t, channelId, 'postmortem —for customers fr');
    expect(JSON.stringify(response.replies)).toContain(`postmortem-${incident.channelName}-fr-customers.md`);
    expect(uploaded(channelId, `postmortem-${incident.channelName}-fr-customers.md`)).toContain('## Résumé');

    const before = t.slack.files.size;
    const bad = await run(t, channelId, 'postmortem --for press');
    expect(bad.json?.text).toBe(
      '`--for press`: a draft is for customers, internal or executives.\n' +
        'Usage: `/incident postmortem [en|fr|de|it] [--for customers|internal|executives]`',
    );
    expect(t.slack.files.size).toBe(before);
  });
});

describe('/incident remark', () => {
  it('records a remark that the next draft prints after the remediation items, and removes it with `none`', async () => {
    const channelId = await declareIncident(t, 'Remark after the items');
    await run(t, channelId, 'action Validate callback URLs');
    const recorded = await run(t, channelId, 'remark Our payment partner will publish remediation items of its own.');
    expect(recorded.replies[0]!.text).toMatch(/^:white_check_mark: Remark recorded for the postmortem of incident #\d+, after the remediation items:\n>Our payment partner will publish remediation items of its own\.$/);
    const incident = (await findIncidentByChannel(channelId))!;

    await run(t, channelId, 'postmortem');
    expect(uploaded(channelId, `postmortem-${incident.channelName}-en.md`)).toContain(
      '## Remediation items\n\n- Validate callback URLs [Planned]\n\n## Remark\n\nOur payment partner will publish remediation items of its own.\n\n## For more information',
    );
    await run(t, channelId, 'postmortem --for customers');
    expect(uploaded(channelId, `postmortem-${incident.channelName}-en-customers.md`)).toContain(
      '- Validate callback URLs [Planned]\n\n## Remark\n\nOur payment partner will publish remediation items of its own.\n\n## For more information',
    );

    const removed = await run(t, channelId, 'remark none');
    expect(removed.replies[0]!.text).toBe(`:white_check_mark: Remark removed from the postmortem of incident #${incident.number}.`);
    await run(t, channelId, 'postmortem');
    const after = uploaded(channelId, `postmortem-${incident.channelName}-en.md`);
    expect(after).toContain('- Validate callback URLs [Planned]\n\n## For more information');
    expect(after).not.toContain('## Remark');
  });

  it('shows the usage when the text is missing, and records nothing', async () => {
    const channelId = await declareIncident(t, 'Remark without text');
    const response = await run(t, channelId, 'remark');
    expect(response.json?.text).toBe(
      'Say what to add after the remediation items, e.g. `/incident remark Our payment partner will publish remediation items of its own`.\n' +
        'Usage: `/incident remark <text>  ·  remark none`',
    );
    expect((await findIncidentByChannel(channelId))!.remark).toBeUndefined();
  });
});
