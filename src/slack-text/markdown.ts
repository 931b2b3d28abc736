import { toNodes, type SlackNode, type SlackText } from './parse.js';
import { dropControls, visibleLabel, type UserNames } from './render.js';

// A backslash that Markdown would read as escaping what follows (punctuation, or whatever comes after the run).
const ESCAPING_BACKSLASH = /\\(?=[!-/:-@[-`{-~]|$)/g;
// Emphasis, code, links, strikethrough and HTML or autolinks.
const INLINE_MARK = /[*`[\]~<>]/g;
// `_` emphasizes only where it is not inside a word (`snake_case` stays as it is).
const UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
// `&copy;` or `&#169;` would show as the character it names.
const ENTITY_LIKE = /&(?=#?[A-Za-z0-9]+;)/g;

const HEADING = /^( {0,3})(#{1,6}(?:[ \t]|$))/gm;
// A line of = or - under a paragraph turns it into a heading; three of -, * or _ alone make a rule.
const UNDERLINE_OR_RULE = /^( {0,3})((?:=+|-+|([-*_])(?:[ \t]*\3){2,})[ \t]*)$/gm;
// A URI autolink per CommonMark: a scheme, a colon, no spaces or angle brackets.
const AUTOLINK = /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\p{Cc}]*$/u;

/** Text that shows as typed inside a Markdown paragraph. */
function markdownInline(text: string): string {
  return dropControls(text)
    .replace(ESCAPING_BACKSLASH, '\\\\')
    .replace(INLINE_MARK, '\\$&')
    .replace(UNDERSCORE, '\\_')
    .replace(ENTITY_LIKE, '\\&');
}

function destination(url: string): string {
  return url.replace(/[\s<>]/g, (character) => encodeURIComponent(character)).replace(/[\\()]/g, '\\$&');
}

function nodeToMarkdown(node: SlackNode, names: UserNames | undefined): string {
  if (node.type === 'text') return markdownInline(node.text);
  if (node.type === 'date') return markdownInline(node.fallback);
  const label = visibleLabel(node);
  switch (node.type) {
    case 'user':
      return markdownInline(names?.[node.id] ?? label ?? node.id);
    case 'channel':
      return markdownInline(`#${label ?? node.id}`);
    case 'link':
      if (label) return `[${markdownInline(label)}](${destination(node.url)})`;
      return AUTOLINK.test(node.url)
        ? `<${node.url}>`
        : `[${markdownInline(node.url)}](${destination(node.url)})`;
    case 'broadcast':
      return markdownInline(label ? (label.startsWith('@') ? label : `@${label}`) : `@${node.kind}`);
    case 'usergroup':
      return markdownInline(label ?? `@${node.id}`);
  }
}

/**
 * Keeps lines from becoming headings or rules, so text keeps its layout in the draft; trims the ends.
 * Emphasis and HTML were escaped already, inline.
 */
function guardLines(markdown: string): string {
  return markdown.trim().replace(HEADING, '$1\\$2').replace(UNDERLINE_OR_RULE, '$1\\$2');
}

/**
 * Slack text as Markdown for drafts: people by their Slack names (`names`, else the token's label, else the id),
 * channels as `#name`, links as `[label](url)`, dates as their fallback, broadcasts and groups as `@channel`,
 * entities decoded, and Markdown's own marks escaped so the text shows as typed, line for line.
 */
export function toMarkdown(text: SlackText, names?: UserNames): string {
  return guardLines(
    toNodes(text)
      .map((node) => nodeToMarkdown(node, names))
      .join(''),
  );
}
