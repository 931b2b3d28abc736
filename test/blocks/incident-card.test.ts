import { describe, expect, it } from 'vitest';
import { renderIncidentCard } from '../../src/blocks/incident-card.js';
import { fromPlainText } from '../../src/slack-text/index.js';
import { at, blockTexts, incident, notifiesNoGroup } from './fixtures.js';

const NOW = at('2024-09-11T09:05:00Z');
/** 2,900 characters typed into the declare form, a third of them `&`, `<` or `>`. */
const SUMMARY = 'a&b<c>'.repeat(484).slice(0, 2900);
const J = '\u2060';

describe('renderIncidentCard', () => {
  it('keeps a 2,900-character summary full of & < > within 3,000 characters once escaped, cut visibly', () => {
    const card = renderIncidentCard(incident({ summary: fromPlainText(SUMMARY) }), NOW);
    for (const { text, limit } of blockTexts(card.blocks!)) expect(text.length).toBeLessThanOrEqual(limit);
    const summary = blockTexts(card.blocks!).find(({ text }) => text.startsWith('a&amp;b'))!.text;
    expect(summary.length).toBeGreaterThan(2990);
    expect(summary.startsWith('a&amp;b&lt;c&gt;a&amp;b&lt;c&gt;')).toBe(true);
    expect(summary).toMatch(/(?:&amp;|&lt;|&gt;|[abc])…$/);
  });

  it('does the same for impact text, under its heading and window', () => {
    const card = renderIncidentCard(incident({ impact: { text: fromPlainText(SUMMARY) } }), NOW);
    const impact = blockTexts(card.blocks!).find(({ text }) => text.startsWith('*Customer impact*'))!.text;
    expect(impact.startsWith('*Customer impact*\nwindow not set\na&amp;b&lt;c&gt;')).toBe(true);
    expect(impact.length).toBeLessThanOrEqual(3000);
    expect(impact.endsWith('…')).toBe(true);
  });

  it('keeps mentions, channels and links live and makes broadcasts inert, in blocks and in the fallback text', () => {
    const card = renderIncidentCard(
      incident({
        title: 'Checkout <!here> down',
        summary:
          'Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> <!channel> <!subteam^S0ONCALL|@oncall> &amp; logs &lt;prod&gt;',
      }),
      NOW,
    );
    expect(notifiesNoGroup(card)).toBe(true);
    expect(card.text).toBe(`SEV2 · Incident #12: Checkout @${J}here down — Investigating`);
    expect(card.blocks![0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'SEV2 · Incident #12: Checkout @here down' },
    });
    expect(blockTexts(card.blocks!).map(({ text }) => text)).toContain(
      `Handing over to <@UBOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> @${J}channel @${J}oncall &amp; logs &lt;prod&gt;`,
    );
  });

  it('says why Slack refused a post, in words, escaped', () => {
    const card = renderIncidentCard(
      incident({
        lastDeliveryFailure: {
          at: at('2024-09-11T09:04:00Z'),
          what: 'The update could not be posted: the message was too large or malformed for Slack <& more>.',
        },
      }),
      NOW,
    );
    expect(blockTexts(card.blocks!).map(({ text }) => text)).toContain(
      ':warning: <!date^1726045440^{time}|2024-09-11 09:04 UTC>: The update could not be posted: the message was too large or ' +
        'malformed for Slack &lt;&amp; more&gt;. Everything is recorded in `/incident timeline`.',
    );
  });

  it('leaves out a summary with nothing to show rather than post an empty section', () => {
    const card = renderIncidentCard(incident({ summary: '\u0007\u0008' }), NOW);
    expect(blockTexts(card.blocks!).every(({ text }) => text.trim().length > 0)).toBe(true);
  });
});
