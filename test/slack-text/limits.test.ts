import { describe, expect, it } from 'vitest';
import { splitMrkdwn, truncateMrkdwn, truncatePlain } from '../../src/slack-text/index.js';

describe('splitMrkdwn', () => {
  it('never exceeds the limit and loses nothing but the whitespace it cut at', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitMrkdwn(text, 3000);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => piece.length <= 3000)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });

  it('prefers a line break to a space', () => {
    expect(splitMrkdwn('aaaa bbbb\ncc dd', 12)).toEqual(['aaaa bbbb', 'cc dd']);
  });

  it('does not cut an entity in half', () => {
    const pieces = splitMrkdwn(`${'x'.repeat(2998)}&amp;${'y'.repeat(10)}`, 3000);
    expect(pieces).toEqual(['x'.repeat(2998), `&amp;${'y'.repeat(10)}`]);
  });

  it('does not cut a mention or a link in half', () => {
    expect(splitMrkdwn(`${'x'.repeat(8)}<@U0BOB>yy`, 12)).toEqual(['x'.repeat(8), '<@U0BOB>yy']);
    expect(splitMrkdwn(`${'x'.repeat(8)}<https://a.example|a b c>`, 30)).toEqual([
      'x'.repeat(8),
      '<https://a.example|a b c>',
    ]);
  });

  it('does not split an emoji', () => {
    expect(splitMrkdwn(`xx🔥🔥`, 3)).toEqual(['xx', '🔥', '🔥']);
  });

  it('cuts unbroken text at the limit', () => {
    expect(splitMrkdwn('z'.repeat(7000), 3000).map((piece) => piece.length)).toEqual([3000, 3000, 1000]);
  });
});

describe('splitMrkdwn with no clean cut', () => {
  it('keeps a token and an emoji pair whole when a joiner binds them', () => {
    // Found by the property test: a date token, a zero-width joiner, then a character outside the BMP.
    const token = '<!date^100000000^{date_num}^http://x.example/?a=1|fallback text here>';
    const pieces = splitMrkdwn(`${token}\u200d\u{10000}\u{10000}`, token.length + 2);
    expect(pieces).toEqual([`${token}\u200d`, '\u{10000}\u{10000}']);
  });
});

describe('truncateMrkdwn', () => {
  it('leaves short text alone and cuts long text visibly', () => {
    expect(truncateMrkdwn('abc', 4)).toBe('abc');
    expect(truncateMrkdwn('abcdef', 4)).toBe('abc…');
  });

  it('cuts before an entity or a token rather than inside it', () => {
    expect(truncateMrkdwn('ab&amp;cdef', 6)).toBe('ab…');
    expect(truncateMrkdwn('see <https://x.example|x>', 20)).toBe('see…');
  });
});

describe('truncatePlain', () => {
  it('keeps emoji whole', () => {
    expect(truncatePlain('🔥🔥🔥', 4)).toBe('🔥…');
    expect(truncatePlain('a & <b>', 7)).toBe('a & <b>');
  });
});
