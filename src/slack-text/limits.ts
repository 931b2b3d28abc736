// In mrkdwn, `<` always opens a token and `&` an entity: neither may be cut in two.
const MARKUP = /<[^<>]*>|&#?[A-Za-z0-9]{1,10};/g;
// Characters that belong to the one before them: combining marks, joiners, variation selectors.
const ATTACHED = /^(?:\p{M}|\u200c|\u200d|[\ufe00-\ufe0f])$/u;

const ELLIPSIS = '…';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * For each position, 1 when cutting the text just before it would split a token, an entity or a character (a
 * surrogate pair; unless `pairsOnly`, also a mark or joiner from the character it belongs to).
 */
function blockedCuts(text: string, markup: boolean, pairsOnly = false): Uint8Array {
  const blocked = new Uint8Array(text.length + 1);
  for (let i = 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (
      (code >= 0xdc00 && code <= 0xdfff && isHighSurrogate(text.charCodeAt(i - 1))) ||
      (!pairsOnly && (text.charCodeAt(i - 1) === 0x200d || ATTACHED.test(text[i]!)))
    ) {
      blocked[i] = 1;
    }
  }
  if (markup) {
    for (const match of text.matchAll(MARKUP)) {
      // Nothing joins onto `<` or `&`: the text may always be cut just before a token or an entity.
      blocked[match.index] = 0;
      blocked.fill(1, match.index + 1, match.index + match[0].length);
    }
  }
  return blocked;
}

/** The last position in (from, to] where the text may be cut, or -1. */
function lastSafeCut(blocked: Uint8Array, from: number, to: number): number {
  for (let cut = to; cut > from; cut -= 1) if (!blocked[cut]) return cut;
  return -1;
}

function cutVisibly(text: string, limit: number, markup: boolean): string {
  if (text.length <= limit) return text;
  const cut = lastSafeCut(blockedCuts(text, markup), 0, limit - 1);
  return `${text.slice(0, Math.max(cut, 0)).trimEnd()}${ELLIPSIS}`;
}

/** Cuts rendered mrkdwn to `limit` characters with a visible `…`, never inside a token, an entity or a character. */
export function truncateMrkdwn(mrkdwn: string, limit: number): string {
  return cutVisibly(mrkdwn, limit, true);
}

/** Cuts plain text (headers, titles, labels, input values) to `limit` characters with a visible `…`. */
export function truncatePlain(text: string, limit: number): string {
  return cutVisibly(text, limit, false);
}

/** A line break, else a space, in the second half of the piece, where the text may be cut. */
function breakBetween(text: string, blocked: Uint8Array, start: number, end: number): number | undefined {
  for (const space of ['\n', ' ']) {
    for (
      let at = text.lastIndexOf(space, end);
      at > start + (end - start) / 2;
      at = text.lastIndexOf(space, at - 1)
    ) {
      if (!blocked[at]) return at;
    }
  }
  return undefined;
}

/**
 * Splits rendered mrkdwn into pieces of at most `limit` characters, at a line break or a space where it can,
 * never inside a token, an entity or a character (a token longer than `limit`, which `toMrkdwn` never writes for
 * limits of 1,000 and more, is the one thing it would have to cut). The whitespace cut at is dropped.
 */
export function splitMrkdwn(mrkdwn: string, limit: number): string[] {
  if (mrkdwn.length <= limit) return [mrkdwn];
  const blocked = blockedCuts(mrkdwn, true);
  const pieces: string[] = [];
  let start = 0;
  while (mrkdwn.length - start > limit) {
    const end = start + limit;
    const space = breakBetween(mrkdwn, blocked, start, end);
    let cut = space ?? lastSafeCut(blocked, start, end);
    // A run with no clean cut (a token with a joiner and an emoji after it): keep tokens and pairs whole at least.
    if (cut <= start) cut = lastSafeCut(blockedCuts(mrkdwn, true, true), start, end);
    if (cut <= start) cut = end;
    pieces.push(mrkdwn.slice(start, cut));
    start = space === undefined ? cut : cut + 1;
  }
  if (start < mrkdwn.length) pieces.push(mrkdwn.slice(start));
  return pieces;
}
