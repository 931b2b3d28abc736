import { describe, expect, it } from 'vitest';
import { fromPlainText, mentionedUserIds, parseSlackText, toWire } from '../../src/slack-text/index.js';

const HANDOVER =
  'Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;';

describe('parseSlackText', () => {
  it('reads a slash command as Slack sends it: mentions, channels, links and decoded entities', () => {
    expect(parseSlackText(HANDOVER)).toEqual([
      { type: 'text', text: 'Handing over to ' },
      { type: 'user', id: 'UBOB', label: 'bob' },
      { type: 'text', text: ' in ' },
      { type: 'channel', id: 'C0OPS', label: 'ops' },
      { type: 'text', text: '; see ' },
      { type: 'link', url: 'https://grafana.example/d/1', label: 'dashboard' },
      { type: 'text', text: ' & logs <prod>' },
    ]);
  });

  it('reads mentions without labels, enterprise user ids and private channels', () => {
    expect(parseSlackText('<@U0ALICE> <@W123ABC|wanda> <#G0SECRET>')).toEqual([
      { type: 'user', id: 'U0ALICE' },
      { type: 'text', text: ' ' },
      { type: 'user', id: 'W123ABC', label: 'wanda' },
      { type: 'text', text: ' ' },
      { type: 'channel', id: 'G0SECRET' },
    ]);
  });

  it('reads bare links, mailto links and entities inside a link', () => {
    expect(
      parseSlackText('<https://x.example/?a=1&amp;b=2> <mailto:bob@example.com|bob@example.com>'),
    ).toEqual([
      { type: 'link', url: 'https://x.example/?a=1&b=2' },
      { type: 'text', text: ' ' },
      { type: 'link', url: 'mailto:bob@example.com', label: 'bob@example.com' },
    ]);
  });

  it('reads broadcasts, user groups and date tokens', () => {
    expect(
      parseSlackText(
        '<!channel> <!here|here> <!everyone> <!subteam^S0ONCALL|@oncall> <!subteam^S0SRE> ' +
          '<!date^1726017600^{date_short_pretty} {time}|2024-09-11 01:20 UTC> <!date^1726017600^{time}^https://x.example/t|01:20>',
      ),
    ).toEqual([
      { type: 'broadcast', kind: 'channel' },
      { type: 'text', text: ' ' },
      { type: 'broadcast', kind: 'here', label: 'here' },
      { type: 'text', text: ' ' },
      { type: 'broadcast', kind: 'everyone' },
      { type: 'text', text: ' ' },
      { type: 'usergroup', id: 'S0ONCALL', label: '@oncall' },
      { type: 'text', text: ' ' },
      { type: 'usergroup', id: 'S0SRE' },
      { type: 'text', text: ' ' },
      {
        type: 'date',
        timestamp: 1726017600,
        format: '{date_short_pretty} {time}',
        fallback: '2024-09-11 01:20 UTC',
      },
      { type: 'text', text: ' ' },
      {
        type: 'date',
        timestamp: 1726017600,
        format: '{time}',
        link: 'https://x.example/t',
        fallback: '01:20',
      },
    ]);
  });

  it('keeps anything else between angle brackets as literal text', () => {
    expect(
      parseSlackText('a <foo> <!group> <@lowercase> <javascript:alert(1)|x> <!date^123^{time}> b'),
    ).toEqual([
      { type: 'text', text: 'a <foo> <!group> <@lowercase> <javascript:alert(1)|x> <!date^123^{time}> b' },
    ]);
  });

  it('decodes each entity once and keeps a stray ampersand or bracket as typed', () => {
    expect(parseSlackText('&amp;amp; &amp;lt; & &copy; > <')).toEqual([
      { type: 'text', text: '&amp; &lt; & &copy; > <' },
    ]);
  });

  it('reads empty text as nothing', () => {
    expect(parseSlackText('')).toEqual([]);
  });
});

describe('toWire', () => {
  it('writes what it read, escaping text and labels', () => {
    expect(toWire(parseSlackText(HANDOVER))).toBe(HANDOVER);
    expect(
      toWire([
        { type: 'text', text: 'a & b <c> ' },
        { type: 'link', url: 'https://x.example/a|b c', label: 'x > y' },
        { type: 'broadcast', kind: 'here' },
        { type: 'usergroup', id: 'S0ONCALL', label: '@oncall' },
      ]),
    ).toBe('a &amp; b &lt;c&gt; <https://x.example/a%7Cb%20c|x &gt; y><!here><!subteam^S0ONCALL|@oncall>');
  });
});

describe('fromPlainText', () => {
  it('turns a modal value into wire text in which nothing is a live token', () => {
    const wire = fromPlainText('Tom & Jerry <!channel> <@U0BOB> <https://x.example|x> -> done');
    expect(wire).toBe(
      'Tom &amp; Jerry &lt;!channel&gt; &lt;@U0BOB&gt; &lt;https://x.example|x&gt; -&gt; done',
    );
    expect(parseSlackText(wire)).toEqual([
      { type: 'text', text: 'Tom & Jerry <!channel> <@U0BOB> <https://x.example|x> -> done' },
    ]);
  });

  it('keeps text that merely looks escaped as typed', () => {
    expect(fromPlainText('&amp; is how Slack writes &')).toBe('&amp;amp; is how Slack writes &amp;');
  });
});

describe('mentionedUserIds', () => {
  it('lists each mentioned person once, in order of appearance', () => {
    expect(
      mentionedUserIds([
        '<@U0BOB|bob> and <@U0ALICE>',
        undefined,
        'no one',
        'again <@U0BOB> and <@W0WANDA|w>',
        '&lt;@U0FAKE&gt;',
      ]),
    ).toEqual(['U0BOB', 'U0ALICE', 'W0WANDA']);
  });
});
