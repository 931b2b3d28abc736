import { describe, expect, it } from 'vitest';
import {
  defuseBroadcasts,
  toEditableText,
  toFallbackText,
  toMarkdown,
  toMrkdwn,
  toPlainText,
} from '../../src/slack-text/index.js';

const HANDOVER =
  'Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;';
const BROADCASTS = '<!channel> <!here> <!everyone|@everyone> <!subteam^S0ONCALL|@oncall> <!subteam^S0SRE> go';
/** The word joiner Slack's automatic parsing does not read through. */
const J = '\u2060';

describe('toMrkdwn', () => {
  it('keeps mentions, channels and links live and escapes the rest exactly once', () => {
    expect(toMrkdwn(HANDOVER)).toBe(
      'Handing over to <@UBOB> in <#C0OPS>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;',
    );
  });

  it('writes broadcasts and user groups as inert text', () => {
    expect(toMrkdwn(BROADCASTS)).toBe(`@${J}channel @${J}here @${J}everyone @${J}oncall @${J}S0SRE go`);
  });

  it('keeps a typed @here or @handle from being parsed into a mention, but leaves e-mail addresses alone', () => {
    expect(toMrkdwn('@here ping (@oncall) bob@example.com')).toBe(
      `@${J}here ping (@${J}oncall) bob@example.com`,
    );
  });

  it('shows escaped-looking text as typed: an entity typed by a person is escaped once more', () => {
    expect(toMrkdwn('&amp;amp; &amp;lt;b&amp;gt;')).toBe('&amp;amp; &amp;lt;b&amp;gt;');
    expect(toMrkdwn('&amp; &lt;b&gt; & stray')).toBe('&amp; &lt;b&gt; &amp; stray');
  });

  it('keeps date tokens and escapes their fallback and the link addresses', () => {
    expect(
      toMrkdwn('<!date^1726017600^{time}|01:20 &amp; later> <https://x.example/?a=1&amp;b=2|A &lt;B&gt;>'),
    ).toBe('<!date^1726017600^{time}|01:20 &amp; later> <https://x.example/?a=1&amp;b=2|A &lt;B&gt;>');
  });

  it('drops control characters but keeps newlines, tabs, right-to-left text and emoji', () => {
    expect(toMrkdwn('a\u0000b\u0007c\r\nd\te \u001b[31m שלום 🔥')).toBe('abc\nd\te [31m שלום 🔥');
  });

  it('writes a link too long to keep whole as its text, which Slack still links', () => {
    const url = `https://grafana.example/d/1?${'x'.repeat(1200)}`;
    expect(toMrkdwn(`<${url}|dashboard>`)).toBe(`dashboard (${url})`);
  });
});

describe('defuseBroadcasts', () => {
  it('makes broadcast and user-group tokens in our own mrkdwn inert and leaves everything else as it is', () => {
    expect(
      defuseBroadcasts(
        '`<!channel>&amp;x` is not a status: <@U0BOB|bob>, <!here|here>, <!subteam^S0SRE|@sre>, <!date^1^{time}|01:00> *bold*',
      ),
    ).toBe(
      `\`@${J}channel&amp;x\` is not a status: <@U0BOB|bob>, @${J}here, @${J}sre, <!date^1^{time}|01:00> *bold*`,
    );
  });
});

describe('toFallbackText', () => {
  it('has the same live mentions and inert broadcasts as the blocks, on one line', () => {
    expect(toFallbackText(`${BROADCASTS}\n\n${HANDOVER}`)).toBe(
      `@${J}channel @${J}here @${J}everyone @${J}oncall @${J}S0SRE go Handing over to <@UBOB> in <#C0OPS>; ` +
        'see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;',
    );
  });

  it('is cut visibly to the limit without breaking an entity', () => {
    expect(toFallbackText('abc &amp; def', 6)).toBe('abc…');
    expect(toFallbackText('abc &amp; def', 10)).toBe('abc &amp;…');
  });
});

describe('toMarkdown', () => {
  it('writes names, #channels and Markdown links, and shows the rest as typed', () => {
    expect(toMarkdown(HANDOVER, { UBOB: 'Bob Keller' })).toBe(
      'Handing over to Bob Keller in #ops; see [dashboard](https://grafana.example/d/1) & logs \\<prod\\>',
    );
  });

  it('falls back to the label, then the id, for people it has no name for', () => {
    expect(toMarkdown('<@UBOB|bob> <@U0CAROL> <#C0OPS>')).toBe('bob U0CAROL #C0OPS');
  });

  it('writes bare links as autolinks, dates as their fallback and broadcasts as words', () => {
    expect(
      toMarkdown(
        '<https://x.example/a_(b)> <https://y.example/(1)|see (1)> <!date^1726017600^{time}|01:20 UTC> <!here> <!subteam^S0ONCALL|@oncall>',
      ),
    ).toBe('<https://x.example/a_(b)> [see (1)](https://y.example/\\(1\\)) 01:20 UTC @here @oncall');
  });

  it('escapes emphasis, code, links, HTML and entities but not snake_case or a lone ampersand', () => {
    expect(
      toMarkdown('*bold* _it_ snake_case `code` [x](y) ~no~ <b>hi</b> &amp;copy; AT&amp;T C:\\temp\\'),
    ).toBe(
      '\\*bold\\* \\_it\\_ snake_case \\`code\\` \\[x\\](y) \\~no\\~ \\<b\\>hi\\</b\\> \\&copy; AT&T C:\\temp\\\\',
    );
  });

  it('keeps each line and stops lines from becoming headings or rules', () => {
    expect(toMarkdown('  # Not a heading\nline one\n---\n===\n- a list item stays\n#hashtag')).toBe(
      '\\# Not a heading\nline one\n\\---\n\\===\n- a list item stays\n#hashtag',
    );
  });
});

describe('toPlainText', () => {
  it('reads like the message: @names, #channels, link labels, date fallbacks, decoded entities', () => {
    expect(toPlainText(HANDOVER)).toBe('Handing over to @bob in #ops; see dashboard & logs <prod>');
    expect(toPlainText(HANDOVER, { UBOB: 'Bob Keller' })).toBe(
      'Handing over to @Bob Keller in #ops; see dashboard & logs <prod>',
    );
    expect(
      toPlainText(`${BROADCASTS} <!date^1726017600^{time}|01:20 UTC> <https://x.example> <@U0CAROL>`),
    ).toBe('@channel @here @everyone @oncall @S0SRE go 01:20 UTC https://x.example @U0CAROL');
  });
});

describe('toEditableText', () => {
  it('gives back what the person would type, keeping tokens it cannot name and the address of labelled links', () => {
    expect(toEditableText(HANDOVER)).toBe(
      'Handing over to @bob in #ops; see dashboard (https://grafana.example/d/1) & logs <prod>',
    );
    expect(toEditableText('<@U0CAROL> in <#C0OPS>: <http://www.example.com|www.example.com> <!here>')).toBe(
      '<@U0CAROL> in <#C0OPS>: www.example.com @here',
    );
    expect(toEditableText('<@U0CAROL>', { U0CAROL: 'Carol Rossi' })).toBe('@Carol Rossi');
  });
});
