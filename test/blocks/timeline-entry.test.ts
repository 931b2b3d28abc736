import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderEntryMessages, renderTimeline } from '../../src/blocks/timeline-entry.js';
import { at, blockTexts, entry, incident, notifiesNoGroup } from './fixtures.js';

const NOW = at('2024-09-11T09:10:00Z');
const HANDOVER =
  'Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;';
const HOSTILE = '<!channel> <!here|here> <!everyone> <!subteam^S0ONCALL|@oncall> @here look';
const J = '\u2060';

const texts = (blocks: readonly KnownBlock[] | undefined) => blockTexts(blocks ?? []).map(({ text }) => text);

describe('renderEntryMessages', () => {
  it('posts a public update with its mentions, channel and link live and the rest escaped exactly once', () => {
    const [message, ...more] = renderEntryMessages(incident(), entry({ text: HANDOVER }), NOW);
    expect(more).toEqual([]);
    expect(texts(message!.blocks)[1]).toBe(
      'Handing over to <@UBOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;',
    );
    expect(message!.text).toBe(
      'Public update — <@U0BOB>: Handing over to <@UBOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;',
    );
  });

  it('lets no broadcast or user group typed in an update reach the blocks or the text live', () => {
    const [message] = renderEntryMessages(incident(), entry({ text: HOSTILE }), NOW);
    expect(notifiesNoGroup(message!)).toBe(true);
    expect(message!.text).toBe(
      `Public update — <@U0BOB>: @${J}channel @${J}here @${J}everyone @${J}oncall @${J}here look`,
    );
  });

  it('links a pinned message to its original, escaping the permalink', () => {
    const pinned = entry({
      kind: 'pinned',
      public: false,
      text: 'Rollback done <@U0ALICE>',
      slack: {
        channelId: 'C0INC12',
        ts: '1.2',
        permalink: 'https://local.slack/archives/C0INC12/p12?thread_ts=1.0&cid=C0INC12',
      },
    });
    const [message] = renderEntryMessages(incident(), pinned, NOW);
    expect(texts(message!.blocks)).toContain(
      '<https://local.slack/archives/C0INC12/p12?thread_ts=1.0&amp;cid=C0INC12|Original message>',
    );
  });

  it('continues long text in further messages without breaking an entity or a mention', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `step ${i} &lt;&amp;&gt; <@U0BOB>`).join(' ');
    const messages = renderEntryMessages(incident(), entry({ text: long }), NOW);
    expect(messages.length).toBeGreaterThan(2);
    const shown = messages.flatMap((message) => texts(message.blocks));
    for (const text of shown) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text.replace(/<[^<>]*>/g, '').replace(/&(?:amp|lt|gt);/g, '')).not.toMatch(/[<>&]/);
    }
    for (const i of [0, 1000, 1999]) expect(shown.join(' ')).toContain(`step ${i} &lt;&amp;&gt; <@U0BOB>`);
    for (const message of messages) expect(message.text.length).toBeLessThanOrEqual(3100);
  });
});

describe('renderTimeline', () => {
  it('shows each entry on one line, shortened after escaping, with no broadcast live', () => {
    const [page, ...more] = renderTimeline(
      incident(),
      [
        entry({ text: `${HOSTILE}\n${'x&y '.repeat(200)}` }),
        entry({ kind: 'note', public: false, text: HANDOVER }),
      ],
      0,
    );
    expect(more).toEqual([]);
    expect(notifiesNoGroup(page!)).toBe(true);
    const body = texts(page!.blocks).join('\n');
    expect(body).toContain(
      `\n@${J}channel @${J}here @${J}everyone @${J}oncall @${J}here look x&amp;y x&amp;y`,
    );
    expect(body).toContain(
      '\nHanding over to <@UBOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;',
    );
    const hostileLine = body.split('\n').find((line) => line.startsWith(`@${J}channel`))!;
    expect(hostileLine.length).toBeLessThanOrEqual(280);
    expect(hostileLine).toMatch(/(?:&amp;|[xy ])…$/);
  });
});
