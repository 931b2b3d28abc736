import { describe, expect, it } from 'vitest';
import { sections, textReply } from '../../src/blocks/reply.js';
import { notifiesNoGroup } from './fixtures.js';

const J = '\u2060';

describe('textReply', () => {
  it('quotes the person’s text under our words as Slack showed it, line by line', () => {
    const reply = textReply(
      ':white_check_mark: Root cause recorded:',
      'Expired secret &lt;oauth&gt; <!here>\nfound by <@U0BOB|bob>',
    );
    expect(reply).toEqual({
      text: `:white_check_mark: Root cause recorded:\n>Expired secret &lt;oauth&gt; @${J}here\n>found by <@U0BOB>`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:white_check_mark: Root cause recorded:\n>Expired secret &lt;oauth&gt; @${J}here\n>found by <@U0BOB>`,
          },
        },
      ],
    });
    expect(notifiesNoGroup(reply)).toBe(true);
  });

  it('makes a broadcast or group repeated in our own words inert, as in a usage error quoting what was typed', () => {
    const reply = textReply('`<!everyone>` is not a status. Ask <!subteam^S0ONCALL|@oncall>, or <@U0BOB>.');
    expect(reply.text).toBe(`\`@${J}everyone\` is not a status. Ask @${J}oncall, or <@U0BOB>.`);
    expect(notifiesNoGroup(reply)).toBe(true);
  });

  it('splits long quotes over sections and keeps the fallback text within 3,000 characters', () => {
    const reply = textReply('Not recorded:', '&amp;'.repeat(1500));
    expect(reply.blocks!.map((block) => (block.type === 'section' ? block.text!.text.length : 0))).toEqual([
      3000, 3000, 1515,
    ]);
    expect(reply.text.length).toBeLessThanOrEqual(3000);
    expect(reply.text.endsWith('&amp;…')).toBe(true);
  });
});

describe('sections', () => {
  it('leaves out pieces with nothing to show', () => {
    expect(sections(' ')).toEqual([]);
  });
});
