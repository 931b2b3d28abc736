import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INERT_AT,
  parseSlackText,
  splitMrkdwn,
  toFallbackText,
  toMarkdown,
  toMrkdwn,
  toPlainText,
  toWire,
  truncateMrkdwn,
  type SlackNode,
} from '../../src/slack-text/index.js';

// Random text mixes what people type with what breaks naive escaping: entities, Slack's control characters,
// Markdown marks, broadcast words, joiners, right-to-left text and emoji.
const tricky = fc.constantFrom(
  '&',
  '<',
  '>',
  '&amp;',
  '&lt;',
  '&gt;',
  '&amp;amp;',
  '&copy;',
  '|',
  '^',
  '@here',
  '@channel',
  '@everyone',
  '@oncall',
  'bob@example.com',
  '#',
  '*',
  '_',
  '`',
  '~',
  '[',
  ']',
  '(',
  ')',
  '\\',
  '-',
  '=',
  '\n',
  '\t',
  ' ',
  '\r\n',
  '\u0007',
  '\u200d',
  '\u2060',
  '🔥',
  '👩‍🚒',
  'e\u0301',
  'שלום',
  'é',
);
const text = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 8 })
  .map((pieces) => pieces.join(''));
const label = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((pieces) => pieces.join(''));
const optionalLabel = fc.option(label, { nil: undefined });
const id = (prefix: string) => fc.stringMatching(/^[A-Z0-9]{2,9}$/).map((rest) => `${prefix}${rest}`);
const url = fc
  .tuple(
    fc.constantFrom(
      'https://grafana.example/d/',
      'http://x.example/?a=1&b=',
      'mailto:bob@example.com?s=',
      'tel:+33',
      'https://y.example/(1)_',
    ),
    fc.stringMatching(/^[a-z0-9&=?/._~()-]{0,12}$/),
  )
  .map(([base, rest]) => base + rest);

const node: fc.Arbitrary<SlackNode> = fc.oneof(
  text.map((t): SlackNode => ({ type: 'text', text: t })),
  fc.record({ type: fc.constant('user' as const), id: fc.oneof(id('U'), id('W')), label: optionalLabel }),
  fc.record({ type: fc.constant('channel' as const), id: fc.oneof(id('C'), id('G')), label: optionalLabel }),
  fc.record({ type: fc.constant('link' as const), url, label: optionalLabel }),
  fc.record({
    type: fc.constant('broadcast' as const),
    kind: fc.constantFrom('channel' as const, 'here' as const, 'everyone' as const),
    label: optionalLabel,
  }),
  fc.record({ type: fc.constant('usergroup' as const), id: id('S'), label: optionalLabel }),
  fc.record({
    type: fc.constant('date' as const),
    timestamp: fc.integer({ min: 0, max: 2_000_000_000 }),
    format: fc.constantFrom('{date_short_pretty} {time}', '{time}', '{date_num}'),
    link: fc.option(url, { nil: undefined }),
    fallback: text,
  }),
);
const nodes = fc.array(node, { maxLength: 12 });

// Wire text as Slack might send it, and worse: well-formed tokens among stray brackets, unknown tokens and entities.
const junk = fc.constantFrom(
  '<',
  '>',
  '&',
  '<foo>',
  '<!group>',
  '<@lower>',
  '<https://a.example|',
  '<<@U0BOB>>',
  '<!date^1^{x}>',
  '&amp;',
  '&lt;!channel&gt;',
  '|>',
);
const wire = fc
  .array(fc.oneof(nodes.map(toWire), junk, text), { maxLength: 10 })
  .map((pieces) => pieces.join(''));

/** The nodes as `parseSlackText` would give them back: adjacent text merged, empty text and absent labels gone. */
function normalize(list: readonly SlackNode[]): SlackNode[] {
  const out: SlackNode[] = [];
  for (const item of list) {
    const clean = Object.fromEntries(
      Object.entries(item).filter(([, value]) => value !== undefined),
    ) as SlackNode;
    const last = out.at(-1);
    if (clean.type === 'text') {
      if (!clean.text) continue;
      if (last?.type === 'text') {
        out[out.length - 1] = { type: 'text', text: last.text + clean.text };
        continue;
      }
    }
    out.push(clean);
  }
  return out;
}

/** Every text a person reads in the nodes: runs, labels, date fallbacks. */
function typedTexts(list: readonly SlackNode[]): string[] {
  return list.flatMap((item) => {
    if (item.type === 'text') return [item.text];
    if (item.type === 'date') return [item.fallback];
    return item.label ? [item.label] : [];
  });
}

/** What a person reads, ignoring the joiners that keep words from becoming mentions. */
function read(list: readonly SlackNode[]): string {
  return toPlainText(list).replaceAll(INERT_AT, '@');
}

/** People and channels without the labels that mrkdwn leaves to Slack. */
function withoutNameLabels(list: readonly SlackNode[]): SlackNode[] {
  return list.map((item) =>
    item.type === 'user' || item.type === 'channel' ? { type: item.type, id: item.id } : item,
  );
}

// An `@` that starts a word, followed by a letter: what Slack's automatic parsing could make a mention.
const BARE_MENTION = /(?<![\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/u;

/** True when no token or entity is cut: all of `<`, `>` and `&` belong to a whole token or entity. */
function wellFormed(mrkdwn: string): boolean {
  return !/[<>&]/.test(mrkdwn.replace(/<[^<>]*>/g, '').replace(/&(?:amp|lt|gt);/g, ''));
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const runs = { numRuns: 1500 };

describe('Slack text under random input', () => {
  it('writes back what it read: parse then write is canonical and stable', () => {
    fc.assert(
      fc.property(wire, (input) => {
        const canonical = toWire(parseSlackText(input));
        expect(parseSlackText(canonical)).toEqual(parseSlackText(input));
        expect(toWire(parseSlackText(canonical))).toBe(canonical);
      }),
      runs,
    );
  });

  it('reads back exactly the nodes it wrote', () => {
    fc.assert(
      fc.property(nodes, (list) => {
        expect(parseSlackText(toWire(list))).toEqual(normalize(list));
      }),
      runs,
    );
  });

  it('never lets a broadcast or a user group reach mrkdwn or the fallback text live', () => {
    fc.assert(
      fc.property(wire, (input) => {
        for (const out of [toMrkdwn(input), toFallbackText(input)]) {
          const read = parseSlackText(out);
          expect(read.filter((item) => item.type === 'broadcast' || item.type === 'usergroup')).toEqual([]);
          for (const shown of typedTexts(read)) expect(shown).not.toMatch(BARE_MENTION);
        }
      }),
      runs,
    );
  });

  it('escapes exactly once: Slack shows the mrkdwn as the person typed it', () => {
    fc.assert(
      fc.property(wire, (input) => {
        const parsed = parseSlackText(input);
        const mrkdwn = toMrkdwn(parsed);
        expect(read(parseSlackText(mrkdwn))).toBe(read(withoutNameLabels(parsed)));
        // Every & starts one of the three entities, and `&amp;amp;` appears only where a person typed `&amp;`.
        expect(mrkdwn.replace(/&(?:amp|lt|gt);/g, '')).not.toContain('&');
        expect(count(mrkdwn, '&amp;amp;')).toBe(
          count(typedTexts(withoutNameLabels(parsed)).join('\u0000'), '&amp;'),
        );
      }),
      runs,
    );
  });

  it('splits and truncates within the limit without cutting a token, an entity or a character', () => {
    const long = fc.array(wire, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join('\n'));
    fc.assert(
      fc.property(long, fc.integer({ min: 80, max: 400 }), (input, wanted) => {
        const mrkdwn = toMrkdwn(input);
        // The promise holds for limits no shorter than the longest token (toMrkdwn keeps tokens under 1,000).
        const limit = Math.max(wanted, ...(mrkdwn.match(/<[^<>]*>/g) ?? []).map((token) => token.length));
        const pieces = splitMrkdwn(mrkdwn, limit);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(limit);
          expect(wellFormed(piece)).toBe(true);
          expect(piece).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
        }
        expect(pieces.join('').replace(/\s/g, '')).toBe(mrkdwn.replace(/\s/g, ''));

        const cut = truncateMrkdwn(mrkdwn, limit);
        expect(cut.length).toBeLessThanOrEqual(limit);
        if (mrkdwn.length <= limit) expect(cut).toBe(mrkdwn);
        else {
          expect(cut.endsWith('…')).toBe(true);
          expect(mrkdwn.startsWith(cut.slice(0, -1))).toBe(true);
          expect(wellFormed(cut.slice(0, -1))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('writes Markdown with no Slack markup left in it', () => {
    fc.assert(
      fc.property(wire, (input) => {
        const markdown = toMarkdown(input);
        // Every `<` is escaped or opens an autolink; no entity is left for Markdown to decode.
        expect(markdown.replace(/<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>/g, '')).not.toMatch(
          /(?<!\\)<|(?<!\\)&#?[A-Za-z0-9]+;/,
        );
      }),
      runs,
    );
  });
});
