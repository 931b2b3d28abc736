import { escapeEntities, toNodes, type SlackNode, type SlackText } from './parse.js';
import { truncateMrkdwn } from './limits.js';

/** Slack user id → the person's name, as `users.info` gives it. */
export type UserNames = Readonly<Record<string, string>>;

/**
 * Slack turns a plain `@here`, `@channel`, `@everyone` or a user group's `@handle` in block text into a live
 * mention (its "automatic parsing", on unless a text object says `verbatim: true`). An invisible word joiner
 * after the `@` keeps the word as it reads while no longer matching.
 */
export const INERT_AT = '@\u2060';

/** Tokens longer than this are written as text, so `splitMrkdwn` never has to cut one. */
export const MAX_TOKEN_LENGTH = 1000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// An `@` that starts a word: what Slack's automatic parsing would read as a mention.
const MENTION_AT = /(?<![\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu;

/** Drops control characters other than newline and tab (a carriage return included: lines end with `\n`). */
export function dropControls(text: string): string {
  return text.replace(CONTROL, '');
}

/** Text as mrkdwn that shows as typed: `&<>` escaped once, controls dropped, no `@word` Slack could make live. */
function mrkdwnText(text: string): string {
  return escapeEntities(dropControls(text)).replace(MENTION_AT, INERT_AT);
}

/** A token's label as it shows: without control characters; none when nothing would show. */
export function visibleLabel(node: { label?: string }): string | undefined {
  return (node.label && dropControls(node.label)) || undefined;
}

/** `@channel` for a broadcast or user group: its label (a handle) with one `@`, else the fallback. */
function atName(label: string | undefined, fallback: string): string {
  if (!label) return `@${fallback}`;
  return label.startsWith('@') ? label : `@${label}`;
}

function linkTarget(url: string): string {
  return escapeEntities(url.replace(/\|/g, '%7C').replace(/\s/g, (space) => encodeURIComponent(space)));
}

/** A token, or its text when the token would be too long to be kept whole when the text is split. */
function tokenOrText(token: string, text: string): string {
  return token.length <= MAX_TOKEN_LENGTH ? token : mrkdwnText(text);
}

function nodeToMrkdwn(node: SlackNode): string {
  switch (node.type) {
    case 'text':
      return mrkdwnText(node.text);
    case 'user':
      return `<@${node.id}>`;
    case 'channel':
      return `<#${node.id}>`;
    case 'link': {
      const label = visibleLabel(node);
      return tokenOrText(
        `<${linkTarget(node.url)}${label ? `|${mrkdwnText(label)}` : ''}>`,
        label ? `${label} (${node.url})` : node.url,
      );
    }
    case 'broadcast':
      return mrkdwnText(atName(visibleLabel(node), node.kind));
    case 'usergroup':
      return mrkdwnText(atName(visibleLabel(node), node.id));
    case 'date':
      return tokenOrText(
        `<!date^${node.timestamp}^${escapeEntities(node.format)}${node.link ? `^${linkTarget(node.link)}` : ''}|${mrkdwnText(node.fallback)}>`,
        node.fallback,
      );
  }
}

/**
 * Slack text as mrkdwn for our posts: people's mentions, channels, links and dates stay live; broadcasts and
 * user groups become inert text (`@channel`, `@oncall`); everything else is escaped exactly once.
 */
export function toMrkdwn(text: SlackText): string {
  return toNodes(text).map(nodeToMrkdwn).join('');
}

// A broadcast or user-group token as it would stand in mrkdwn: `<!here>`, `<!channel|channel>`, `<!subteam^S123|@oncall>`.
const BROADCAST_TOKEN = /<!(?:channel|here|everyone|subteam\^)[^<>]*>/g;

/**
 * Our own mrkdwn with every broadcast or user-group token made inert, the rest left as it is: a message that
 * quotes a person's word without rendering it (`` `<!here>` is not a status``) still notifies nobody.
 */
export function defuseBroadcasts(mrkdwn: string): string {
  return mrkdwn.replace(BROADCAST_TOKEN, (token) => toMrkdwn(token));
}

/**
 * Slack text for the top-level `text` of a message (notifications, previews): the mrkdwn rendering on one line,
 * cut visibly to `limit`. Nothing in it notifies anyone but the people the author mentioned.
 */
export function toFallbackText(text: SlackText, limit = 3000): string {
  return truncateMrkdwn(toMrkdwn(text).replace(/\s+/g, ' ').trim(), limit);
}

/** True when a link's label is just its address as typed (`www.example.com` for `http://www.example.com`). */
function labelIsAddress(url: string, label: string): boolean {
  return url === label || url.replace(/^(?:https?:\/\/|mailto:|tel:)/i, '') === label;
}

function nodeToPlain(node: SlackNode, names: UserNames | undefined, editable: boolean): string {
  if (node.type === 'text') return node.text;
  if (node.type === 'date') return node.fallback;
  const label = visibleLabel(node);
  switch (node.type) {
    case 'user': {
      const name = names?.[node.id] ?? label;
      return name ? atName(name, node.id) : editable ? `<@${node.id}>` : `@${node.id}`;
    }
    case 'channel':
      return label ? `#${label}` : editable ? `<#${node.id}>` : `#${node.id}`;
    case 'link':
      if (!label) return node.url;
      return editable && !labelIsAddress(node.url, label) ? `${label} (${node.url})` : label;
    case 'broadcast':
      return atName(label, node.kind);
    case 'usergroup':
      return atName(label, node.id);
  }
}

/**
 * What a person reads, without markup: people as `@name` (from `names`, else the token's label, else the id),
 * channels as `#name`, links as their label, dates as their fallback. For plain_text fields, lengths and reading.
 */
export function toPlainText(text: SlackText, names?: UserNames): string {
  return toNodes(text)
    .map((node) => dropControls(nodeToPlain(node, names, false)))
    .join('');
}

/**
 * Stored text back as the person would type it into a modal input: like `toPlainText`, but a person or channel
 * with no known name keeps its token and a labelled link keeps its address (`dashboard (https://…)`).
 */
export function toEditableText(text: SlackText, names?: UserNames): string {
  return toNodes(text)
    .map((node) => dropControls(nodeToPlain(node, names, true)))
    .join('');
}
