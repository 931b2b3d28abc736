import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { buildPostmortemSummary } from '../../src/blocks/postmortem-summary.js';
import { computeKeyFigures } from '../../src/services/postmortem/key-figures.js';
import { at, chatTriggersIncident, incident } from '../services/postmortem/fixtures.js';

/** Every text a block carries, with the limit Slack puts on it. */
function textsWithLimits(blocks: KnownBlock[]): { text: string; limit: number }[] {
  return blocks.flatMap((block) => {
    switch (block.type) {
      case 'header':
        return [{ text: block.text.text, limit: 150 }];
      case 'section':
        return [
          ...(block.text ? [{ text: block.text.text, limit: 3000 }] : []),
          ...(block.fields ?? []).map((field) => ({ text: field.text, limit: 2000 })),
        ];
      case 'context':
        return block.elements.map((element) => ({
          text: 'text' in element ? element.text : '',
          limit: 3000,
        }));
      default:
        throw new Error(`unexpected block ${block.type}`);
    }
  });
}

function expectWithinLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const { text, limit } of textsWithLimits(blocks)) {
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(limit);
  }
  for (const block of blocks) {
    if (block.type === 'section') expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
  }
  // Slack refuses messages whose blocks carry too much text in total (msg_blocks_too_long, about 13k).
  expect(textsWithLimits(blocks).reduce((sum, { text }) => sum + text.length, 0)).toBeLessThan(12_000);
}

describe('buildPostmortemSummary', () => {
  const { incident: chat, entries } = chatTriggersIncident();
  const figures = computeKeyFigures(chat, entries);

  it('posts the title, the Summary sentence, the key figures and the incident line', () => {
    const { text, blocks } = buildPostmortemSummary(chat, figures, 'en');
    expect(text).toBe('The postmortem draft for "Errori dei trigger di Chat su più pod" is ready.');
    expect(blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'Postmortem draft: Errori dei trigger di Chat su più pod' },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: expect.stringMatching(/^On 31 January 2024, from 03:52 UTC to 06:52 UTC, i clienti /),
        },
      },
      {
        type: 'section',
        fields: [
          '*Impact duration*\n3 h',
          '*Time from impact start to first public update*\n2 h 27 min',
          '*Time to resolve (from impact start)*\n5 h 25 min',
          '*Public updates*\n3',
          '*Update promises kept / broken*\n1 / 1',
          '*Longest silence between public updates*\n1 h 34 min (31 January 2024 06:19 UTC → 07:53 UTC)',
          '*Remediation items done on time / late / still open*\n0 / 0 / 4',
        ].map((field) => ({ type: 'mrkdwn', text: field })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Incident #17 · SEV2 (major) · Resolved' }] },
    ]);
    expectWithinLimits(blocks);
  });

  it.each([
    ['en', 'Postmortem draft: Errori dei trigger di Chat su più pod', '*Impact duration*\n3 h'],
    ['fr', 'Brouillon du post-mortem\u202f: Errori dei trigger di Chat su più pod', '*Durée de l’impact*\n3\u00a0h'],
    ['de', 'Postmortem-Entwurf: Errori dei trigger di Chat su più pod', '*Dauer der Auswirkungen*\n3 Std.'],
    ['it', 'Bozza del post mortem: Errori dei trigger di Chat su più pod', '*Durata dell’impatto*\n3 h'],
  ] as const)('speaks %s', (locale, header, impact) => {
    const { blocks } = buildPostmortemSummary(chat, figures, locale);
    const texts = textsWithLimits(blocks).map(({ text }) => text);
    expect(texts[0]).toBe(header);
    expect(texts).toContain(impact);
  });

  it('shows the notes of an open incident without a window in the context line', () => {
    const open = incident({ number: 3, declaredAt: at('2024-03-05T08:10:00Z'), impact: { text: ' \n ' } });
    const { blocks } = buildPostmortemSummary(
      open,
      computeKeyFigures(open, []),
      'en',
      at('2024-03-05T09:00:00Z'),
    );
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Incident #3 · SEV2 (major) · Investigating' },
        {
          type: 'mrkdwn',
          text: '_Note: the impact window was not recorded; the start time is when the incident was declared._',
        },
        {
          type: 'mrkdwn',
          text: '_Note: this incident is still open; this draft was generated on 5 March 2024 at 09:00 UTC._',
        },
      ],
    });
    expect(blocks[1]).toMatchObject({
      text: { text: expect.stringContaining('_[who was affected, and how: to be completed]_') },
    });
  });

  it('stays within Block Kit limits for a huge incident, cutting visibly, escaping user text and keeping broadcasts inert', () => {
    const huge = incident({
      title: `<!channel> ${'Very long title & more '.repeat(60)}`,
      declaredAt: at('2024-03-05T08:10:00Z'),
      resolvedAt: at('2024-03-07T11:00:00Z'),
      impact: {
        startedAt: at('2024-03-05T07:00:00Z'),
        endedAt: at('2024-03-07T10:00:00Z'),
        text: `@here customers <saw> errors & timeouts; ${'x'.repeat(40_000)}`.slice(0, 40_000),
      },
      actions: Array.from({ length: 200 }, (_, i) => ({ text: `Item ${i} `.repeat(100), done: i % 3 === 0 })),
    });
    const { text, blocks } = buildPostmortemSummary(huge, computeKeyFigures(huge, []), 'de');
    expectWithinLimits(blocks);

    const [header, summary, keyFigures] = textsWithLimits(blocks).map(({ text: t }) => t);
    expect(header!.startsWith('Postmortem-Entwurf: @channel Very long title & more Very long title & more')).toBe(true);
    expect(header!.length).toBeGreaterThan(140);
    expect(header!.endsWith('…')).toBe(true);
    expect(summary).toMatch(
      /^Vom 5\. März 2024 um 07:00 UTC bis zum 7\. März 2024 um 10:00 UTC gab es folgende Auswirkungen: @\u2060here customers &lt;saw&gt; errors &amp; timeouts; x+…$/,
    );
    expect(keyFigures).toBe('*Dauer der Auswirkungen*\n2 Tg. 3 Std.');
    expect(textsWithLimits(blocks).map(({ text: t }) => t)).toContain(
      '*Korrekturmaßnahmen rechtzeitig erledigt / verspätet erledigt / noch offen*\n67 / 0 / 133',
    );
    expect(text.startsWith('Der Postmortem-Entwurf')).toBe(true);
    expect(text).toContain('@\u2060channel Very long title &amp; more');
    expect(text).not.toContain('<!channel>');
    expect(text.length).toBeLessThan(1000);
  });
});
