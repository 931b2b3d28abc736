const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes user text for mrkdwn so that it shows as typed: `&`, `<`, `>` become entities, so `<!channel>`,
 * `<@U…>` and `<url|label>` stay text; a zero-width space after `@` keeps `@here`, `@channel` and
 * `@everyone` from notifying anyone; control characters other than newline and tab are dropped.
 */
export function escapeMrkdwn(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/[&<>]/g, (character) => ESCAPES[character]!)
      .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1')
  );
}

/**
 * Splits text into pieces of at most `limit` characters, preferring line then word boundaries and
 * never cutting an `&amp;`-style entity, so long escaped text can fill several blocks.
 */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    const entity = rest.lastIndexOf('&', cut);
    if (entity > cut - 5 && entity < cut && rest.indexOf(';', entity) >= cut) cut = entity;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Cuts text to `limit` characters with a visible ellipsis (for headers, titles, button labels). */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
