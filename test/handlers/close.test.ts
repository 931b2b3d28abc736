import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
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

type View = { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; element?: { initial_value?: string; options?: unknown[] } }> };

async function openCloseForm(channelId: string): Promise<View> {
  const before = t.slack.callsTo('views.open').length;
  await run(t, channelId, 'close');
  return t.slack.callsTo('views.open')[before]!.args.view as View;
}

function submitClose(
  view: View,
  values: { cause: string; resolution: string; locale?: string; done?: string[]; actions?: string; remark?: string; resolvedAt?: number },
  id = `VCLOSE${Date.now()}`,
) {
  // Each group of checkboxes holds ten items: item n is ticked in group ceil(n / 10).
  const groups = Math.max(1, Math.ceil(Math.max(0, ...(values.done ?? []).map(Number)) / 10));
  const done = Object.fromEntries(
    Array.from({ length: groups }, (_, group) => {
      const blockId = `done_${group + 1}`;
      const ticked = (values.done ?? []).filter((value) => Math.ceil(Number(value) / 10) === group + 1);
      return [blockId, { [blockId]: { type: 'checkboxes', selected_options: ticked.map((value) => ({ value })) } }];
    }),
  );
  return t.sender.interaction({
    ...t.sender.interactionBase('U0ALICE'),
    type: 'view_submission',
    view: {
      id,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: {
        values: {
          cause: { cause: { type: 'plain_text_input', value: values.cause } },
          resolution: { resolution: { type: 'plain_text_input', value: values.resolution } },
          impact: { impact: { type: 'plain_text_input', value: null } },
          ...done,
          actions: { actions: { type: 'plain_text_input', value: values.actions ?? '' } },
          remark: { remark: { type: 'plain_text_input', value: values.remark ?? null } },
          resolved_at: { resolved_at: { type: 'datetimepicker', selected_date_time: values.resolvedAt ?? null } },
          locale: { locale: { type: 'static_select', selected_option: { value: values.locale ?? 'en' } } },
        },
      },
    },
  });
}

function uploadedFile(filename: string) {
  const file = [...t.slack.files.values()].find((candidate) => candidate.filename === filename && candidate.channel);
  if (!file) throw new Error(`no ${filename} uploaded; files: ${[...t.slack.files.values()].map((f) => f.filename).join(', ')}`);
  return file;
}

describe('closing an incident', () => {
  it('replays the German example: the draft posted at close has its window, its times in UTC and Pacific, and its sections', async () => {
    const channelId = await declareIncident(t, 'Kundenkontextbereich zeigt „Keine Benutzer gefunden“', { flags: '--sev 2' });
    await run(t, channelId, 'role comms @carol');
    await run(t, channelId, 'impact start 2023-11-29T21:16Z');
    await run(t, channelId, 'impact end 2023-11-29T22:24Z');
    await run(t, channelId, 'impact Zendesk Support-Kunden in mehreren Pods Probleme mit dem Kundenkontextbereich');
    await run(t, channelId, 'update --at 2023-11-29T22:48Z Wir haben ein Problem beim Zugriff auf das Kundenkontextfenster identifiziert und gelöst.');
    await run(t, channelId, 'update --at 2023-11-29T23:27Z Die Änderung wurde rückgängig gemacht und beide Probleme sind jetzt behoben.');
    await run(t, channelId, 'action Hinzufügen eines Tests für das Kundenkontextszenario');

    const view = await openCloseForm(channelId);
    expect(view.callback_id).toBe('incident_close');
    const missing = await submitClose(view, { cause: '', resolution: '  ' });
    expect(missing.json).toMatchObject({ response_action: 'errors', errors: { cause: expect.any(String), resolution: expect.any(String) } });

    await submitClose(view, {
      cause: 'Dieser Vorfall wurde durch einen entkommenen Fehler verursacht.',
      resolution: 'Wir haben ein Rollback auf eine frühere, stabile Version implementiert.',
      locale: 'de',
      done: ['1'],
    });
    await t.settle();

    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident).toMatchObject({ status: 'resolved', locale: 'de' });
    expect(incident.closedAt).toBeInstanceOf(Date);
    expect(incident.nextUpdateDueAt).toBeUndefined();
    expect(await t.bot.scheduler.queue.getJobCounts('delayed')).toEqual({ delayed: 0 });

    const markdown = uploadedFile(`postmortem-${incident.channelName}-de.md`).content.toString('utf8');
    // The file holds the draft itself, from its title to its last line, as comms will open it.
    expect(markdown.split('\n')[0]).toBe('# Kundenkontextbereich zeigt „Keine Benutzer gefunden“');
    expect(markdown).not.toContain('Content-Disposition');
    expect(markdown).toContain('Am 29. November 2023 von 21:16 UTC bis 22:24 UTC');
    expect(markdown).toContain('29. November 2023 22:48 UTC | 29. November 2023 14:48 PST');
    expect(markdown).toContain('29. November 2023 23:27 UTC | 29. November 2023 15:27 PST');
    expect(markdown.indexOf('22:48 UTC')).toBeLessThan(markdown.indexOf('23:27 UTC'));
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings.slice(0, 5)).toEqual([
      '## Zusammenfassung',
      '## Zeitlicher Ablauf',
      '## Ursachenanalyse',
      '## Behebung',
      '## Korrekturmaßnahmen',
    ]);
    expect(markdown).toContain('Hinzufügen eines Tests für das Kundenkontextszenario');
    expect(markdown).toMatch(/Kundenkontextszenario.*\[Erledigt\]/);
    expect(markdown).toContain('Dieser Vorfall wurde durch einen entkommenen Fehler verursacht.');

    // Impact lasted 68 minutes (21:16 → 22:24); the first public update came 92 minutes after impact began.
    const summaryText = JSON.stringify(t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channelId).at(-1)!.args.blocks);
    expect(summaryText).toContain('1 Std. 08 Min.');
    expect(summaryText).toContain('1 Std. 32 Min.');

    // Beside the internal review, the customer draft: the same text down to the internal rule, and nothing after it.
    const customers = uploadedFile(`postmortem-${incident.channelName}-de-customers.md`).content.toString('utf8');
    expect(markdown.slice(0, markdown.indexOf('\n---\n'))).toBe(customers);
    expect(customers).not.toContain('Alles unterhalb dieser Linie ist nur für den internen Gebrauch bestimmt');
    expect(markdown).toContain('Alles unterhalb dieser Linie ist nur für den internen Gebrauch bestimmt');
    // Both files come in one message, under one comment.
    const uploads = t.slack.callsTo('files.completeUploadExternal').filter((call) => call.args.channel_id === channelId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.args.initial_comment).toBe(
      ':page_facing_up: Postmortem drafts (de) requested by <@U0ALICE>: the full review (fill in the blanks; what follows the rule stays inside), ' +
        'and the customer text, ready to paste once checked.',
    );
    expect((uploads[0]!.result.files as Array<{ name: string }>).map((file) => file.name)).toEqual([
      `postmortem-${incident.channelName}-de.md`,
      `postmortem-${incident.channelName}-de-customers.md`,
    ]);

    // The comms lead gets the customer draft and the summary in a direct message with her, not the internal review.
    const dm = await t.slack.waitForCall('conversations.open', (call) => call.args.users === 'U0CAROL');
    const dmChannel = (dm.result.channel as { id: string }).id;
    const dmFiles = [...t.slack.files.values()].filter((file) => file.channel === dmChannel);
    expect(dmFiles.map((file) => file.filename)).toEqual([`postmortem-${incident.channelName}-de-customers.md`]);
    expect(dmFiles[0]!.content.toString('utf8')).toBe(customers);
    expect(dmFiles[0]!.initialComment).toBe(
      `:page_facing_up: Incident #${incident.number} (<#${channelId}>): the customer text, ready to paste once checked.`,
    );
    const dmSummary = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === dmChannel);
    expect(dmSummary).toHaveLength(1);
    expect(JSON.stringify(dmSummary[0]!.args.blocks)).toContain('1 Std. 08 Min.');

    const closedEntries = await TimelineEntryModel.countDocuments({ incidentId: incident._id, event: 'closed' });
    expect(closedEntries).toBe(1);
    const card = t.slack.callsTo('chat.update').at(-1)!;
    expect(JSON.stringify(card.args.blocks)).toContain('(closed)');
  });

  it('closes once when the form is submitted twice, and refuses changes after close', async () => {
    const channelId = await declareIncident(t, 'Double close');
    const view = await openCloseForm(channelId);
    const values = { cause: 'A bad config push', resolution: 'Reverted it', actions: '- Validate config in CI\n\n• Add a canary' };
    await Promise.all([submitClose(view, values, 'VTWICE'), submitClose(view, values, 'VTWICE')]);
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.actions.map((action) => action.text)).toEqual(['Validate config in CI', 'Add a canary']);
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, event: 'closed' })).toBe(1);
    expect([...t.slack.files.values()].filter((file) => file.filename === `postmortem-${incident.channelName}-en.md`)).toHaveLength(1);
    expect([...t.slack.files.values()].filter((file) => file.filename === `postmortem-${incident.channelName}-en-customers.md`)).toHaveLength(1);

    const late = await run(t, channelId, 'update too late');
    expect(JSON.stringify(late.replies)).toContain('is closed');
    // A remark is a postmortem field like the cause: recorded while the incident is open, refused after.
    const remark = await run(t, channelId, 'remark A late remark');
    expect(remark.replies.map((reply) => reply.text)).toEqual([
      `Incident #${incident.number} is closed, so it takes no more changes. \`/incident postmortem\` still drafts it.`,
    ]);
    expect((await findIncidentByChannel(channelId))!.remark).toBeUndefined();
    const again = await run(t, channelId, 'close');
    expect(JSON.stringify(again.replies)).toContain('already closed');
  });

  it('ticks items already on the list and adds new ones from the same form', async () => {
    const channelId = await declareIncident(t, 'Ticks and new items');
    await run(t, channelId, 'action Roll back faster @bob');
    await run(t, channelId, 'action Page the gateway team');
    await run(t, channelId, 'action done 1');
    const view = await openCloseForm(channelId);
    const response = await submitClose(view, {
      cause: 'A bad gateway config',
      resolution: 'Rolled it back',
      done: ['1', '2'],
      actions: 'Canary gateway config\nAlert on card failures',
    });
    expect(response.status).toBe(200);
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.closedAt).toBeInstanceOf(Date);
    expect(incident.actions.map((action) => [action.text, action.done])).toEqual([
      ['Roll back faster', true],
      ['Page the gateway team', true],
      ['Canary gateway config', false],
      ['Alert on card failures', false],
    ]);
    const markdown = uploadedFile(`postmortem-${incident.channelName}-en.md`).content.toString('utf8');
    expect(markdown).toMatch(/Page the gateway team \[Done\]/);
    expect(markdown).toMatch(/Alert on card failures \[Planned\]/);
  });

  it('keeps all twelve remediation items of the form, a remark, and when it was resolved', async () => {
    const channelId = await declareIncident(t, 'Twelve items');
    for (let i = 1; i <= 12; i += 1) await run(t, channelId, `action Item ${i}`);
    const view = await openCloseForm(channelId);
    expect(view.blocks.filter((block) => block.block_id?.startsWith('done_')).map((block) => block.block_id)).toEqual(['done_1', 'done_2']);
    const resolvedAt = Math.floor(Date.now() / 1000) - 3600;
    await submitClose(view, {
      cause: 'Too many things at once',
      resolution: 'One at a time',
      done: ['3', '12'],
      remark: 'Our payment partner will publish remediation items of its own.',
      resolvedAt,
    });
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.actions).toHaveLength(12);
    expect(incident.actions.filter((action) => action.done).map((action) => action.text)).toEqual(['Item 3', 'Item 12']);
    expect(incident.resolvedAt).toEqual(new Date(resolvedAt * 1000));
    expect(incident.remark).toBe('Our payment partner will publish remediation items of its own.');
    const markdown = uploadedFile(`postmortem-${incident.channelName}-en.md`).content.toString('utf8');
    expect(markdown).toMatch(/Item 12 \[Done\]\n\n## Remark\n\nOur payment partner will publish remediation items of its own\./);
  });

  it('never cuts a recorded cause longer than the form holds: the field stays empty and keeps it', async () => {
    const channelId = await declareIncident(t, 'Long cause');
    const cause = `The gateway rejected callbacks. ${'Details of the investigation. '.repeat(200)}`.trim();
    await run(t, channelId, `cause ${cause}`);
    const view = await openCloseForm(channelId);
    const field = view.blocks.find((block) => block.block_id === 'cause')!;
    expect(field.element?.initial_value).toBeUndefined();
    expect(field).toMatchObject({ optional: true, hint: { text: expect.stringContaining('Kept as recorded (6,031 characters)') } });
    await submitClose(view, { cause: '', resolution: 'Rolled back' });
    await t.settle();
    const incident = (await findIncidentByChannel(channelId))!;
    expect(incident.closedAt).toBeInstanceOf(Date);
    expect(incident.cause).toBe(cause);
  });

  it('drafts again on demand in any language, open or closed', async () => {
    const channelId = await declareIncident(t, 'Drafts on demand');
    await run(t, channelId, 'update Nous enquêtons.');
    const response = await run(t, channelId, 'postmortem fr');
    expect(JSON.stringify(response.replies)).toContain('-fr.md');
    const incident = (await findIncidentByChannel(channelId))!;
    const markdown = uploadedFile(`postmortem-${incident.channelName}-fr.md`).content.toString('utf8');
    expect(markdown).toContain('## Résumé');
    expect(markdown).toContain('Nous enquêtons.');
    const bad = await run(t, channelId, 'postmortem es');
    expect(bad.json?.text).toContain('is not a draft language');
  });
});
