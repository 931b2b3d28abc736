/** Who a broadcast reaches: `<!channel>`, `<!here>`, `<!everyone>`. */
export type BroadcastKind = 'channel' | 'here' | 'everyone';

/** One piece of Slack text: a run of plain text (entities decoded) or one of Slack's `<…>` tokens. */
export type SlackNode =
  | { type: 'text'; text: string }
  | { type: 'user'; id: string; label?: string }
  | { type: 'channel'; id: string; label?: string }
  | { type: 'link'; url: string; label?: string }
  | { type: 'broadcast'; kind: BroadcastKind; label?: string }
  | { type: 'usergroup'; id: string; label?: string }
  | { type: 'date'; timestamp: number; format: string; link?: string; fallback: string };

/** Text in Slack's wire format (as stored), or already parsed. */
export type SlackText = string | readonly SlackNode[];

const ENTITY = /&(amp|lt|gt);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

// In the wire format `<` and `>` only ever delimit tokens; inside one, they would have been escaped.
const TOKEN = /<([^<>]*)>/g;
const ID = '[A-Z0-9]{2,30}';
const USER = new RegExp(`^@([UW]${ID})(?:\\|([^]*))?$`);
const CHANNEL = new RegExp(`^#([CGD]${ID})(?:\\|([^]*))?$`);
const BROADCAST = /^!(channel|here|everyone)(?:\|([^]*))?$/;
const USERGROUP = new RegExp(`^!subteam\\^(S${ID})(?:\\|([^]*))?$`);
const DATE = /^!date\^(-?\d{1,12})\^([^|^]+)(?:\^([^|^]+))?\|([^]*)$/;
const LINK = /^((?:https?|mailto|ftp|tel):[^|\s]+)(?:\|([^]*))?$/i;

/** `&amp;`, `&lt;`, `&gt;` back to `&`, `<`, `>`, once; any other `&` stays as it is. */
export function decodeEntities(wire: string): string {
  return wire.includes('&') ? wire.replace(ENTITY, (_, name: string) => DECODED[name]!) : wire;
}

/** Escapes exactly `&`, `<` and `>`, the three characters Slack reserves. */
export function escapeEntities(text: string): string {
  return text.replace(/[&<>]/g, (character) => ESCAPED[character]!);
}

function label(raw: string | undefined): string | undefined {
  return raw ? decodeEntities(raw) : undefined;
}

function readToken(content: string): SlackNode | undefined {
  let match: RegExpExecArray | null;
  if ((match = USER.exec(content))) return withLabel({ type: 'user', id: match[1]! }, match[2]);
  if ((match = CHANNEL.exec(content))) return withLabel({ type: 'channel', id: match[1]! }, match[2]);
  if ((match = BROADCAST.exec(content)))
    return withLabel({ type: 'broadcast', kind: match[1] as BroadcastKind }, match[2]);
  if ((match = USERGROUP.exec(content))) return withLabel({ type: 'usergroup', id: match[1]! }, match[2]);
  if ((match = DATE.exec(content))) {
    const [, timestamp, format, link, fallback] = match;
    return {
      type: 'date',
      timestamp: Number(timestamp),
      format: decodeEntities(format!),
      ...(link ? { link: decodeEntities(link) } : {}),
      fallback: decodeEntities(fallback!),
    };
  }
  if ((match = LINK.exec(content)))
    return withLabel({ type: 'link', url: decodeEntities(match[1]!) }, match[2]);
  return undefined;
}

type LabelledNode = Exclude<SlackNode, { type: 'text' | 'date' }>;

function withLabel(node: LabelledNode, raw: string | undefined): LabelledNode {
  const decoded = label(raw);
  return decoded === undefined ? node : { ...node, label: decoded };
}

/**
 * Reads Slack's wire format: text runs with entities decoded, and people, channels, links, broadcasts, user
 * groups and date tokens. Anything else between `<` and `>` is kept as literal text.
 */
export function parseSlackText(wire: string): SlackNode[] {
  const nodes: SlackNode[] = [];
  const pushText = (text: string) => {
    if (!text) return;
    const last = nodes.at(-1);
    if (last?.type === 'text') last.text += text;
    else nodes.push({ type: 'text', text });
  };
  let offset = 0;
  for (const match of wire.matchAll(TOKEN)) {
    pushText(decodeEntities(wire.slice(offset, match.index)));
    const token = readToken(match[1]!);
    if (token) nodes.push(token);
    else pushText(decodeEntities(match[0]));
    offset = match.index + match[0].length;
  }
  pushText(decodeEntities(wire.slice(offset)));
  return nodes;
}

/** The nodes of Slack text, parsing it when it is still in the wire format. */
export function toNodes(text: SlackText): readonly SlackNode[] {
  return typeof text === 'string' ? parseSlackText(text) : text;
}

function escapeUrl(url: string): string {
  // A `|` would end the URL early and whitespace would end the token's link; Slack percent-encodes them too.
  return escapeEntities(url.replace(/\|/g, '%7C').replace(/\s/g, (space) => encodeURIComponent(space)));
}

function suffix(labelText: string | undefined): string {
  return labelText ? `|${escapeEntities(labelText)}` : '';
}

/** Writes nodes back in Slack's wire format: the canonical form of what `parseSlackText` read. */
export function toWire(nodes: readonly SlackNode[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeEntities(node.text);
        case 'user':
          return `<@${node.id}${suffix(node.label)}>`;
        case 'channel':
          return `<#${node.id}${suffix(node.label)}>`;
        case 'link':
          return `<${escapeUrl(node.url)}${suffix(node.label)}>`;
        case 'broadcast':
          return `<!${node.kind}${suffix(node.label)}>`;
        case 'usergroup':
          return `<!subteam^${node.id}${suffix(node.label)}>`;
        case 'date':
          return `<!date^${node.timestamp}^${escapeEntities(node.format)}${
            node.link ? `^${escapeUrl(node.link)}` : ''
          }|${escapeEntities(node.fallback)}>`;
      }
    })
    .join('');
}

/**
 * A modal input's value (raw, exactly as typed) in the wire format: `&`, `<`, `>` escaped, so nothing in it is
 * a live token. Store this, like the text of commands and messages.
 */
export function fromPlainText(raw: string): string {
  return escapeEntities(raw);
}

/** The ids of the people mentioned in wire texts, each once, in the order they first appear. */
export function mentionedUserIds(texts: Iterable<string | undefined>): string[] {
  const ids = new Set<string>();
  for (const text of texts) {
    if (!text?.includes('<@')) continue;
    for (const node of parseSlackText(text)) if (node.type === 'user') ids.add(node.id);
  }
  return [...ids];
}
