import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, splitText, truncate } from '../../src/blocks/mrkdwn.js';

describe('mrkdwn escaping', () => {
  it('shows mentions, links and special mentions as text', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <https://evil.example|click> a & b')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; a &amp; b',
    );
  });

  it('keeps @here, @channel and @everyone from notifying', () => {
    const escaped = escapeMrkdwn('@here @channel @Everyone email@here.com');
    expect(escaped).not.toMatch(/@(here|channel|everyone)\b/i);
    expect(escaped.replace(/\u200b/g, '')).toBe('@here @channel @Everyone email@here.com');
  });

  it('drops control characters but keeps newlines, tabs, right-to-left text and emoji', () => {
    expect(escapeMrkdwn('a\u0000b\u0007c\nd\te שלום 🔥')).toBe('abc\nd\te שלום 🔥');
  });
});

describe('splitting long text', () => {
  it('never exceeds the limit and loses nothing but the whitespace it cut at', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitText(text, 3000);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => piece.length <= 3000)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });

  it('does not cut an entity in half', () => {
    const text = `${'x'.repeat(2998)}&amp;${'y'.repeat(10)}`;
    const pieces = splitText(text, 3000);
    expect(pieces[0]).toBe('x'.repeat(2998));
    expect(pieces[1]).toBe(`&amp;${'y'.repeat(10)}`);
  });

  it('cuts unbroken text at the limit', () => {
    expect(splitText('z'.repeat(7000), 3000).map((piece) => piece.length)).toEqual([3000, 3000, 1000]);
  });

  it('truncates visibly', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
