import type { UserGroup, WorkspaceChannel, WorkspaceUser } from './state.js';

/** What the encoder looks names up in: the workspace's people, channels and user groups. */
export interface WireDirectory {
  userNamed(name: string): WorkspaceUser | undefined;
  channelNamed(name: string): WorkspaceChannel | undefined;
  userGroupWithHandle(handle: string): UserGroup | undefined;
}

/**
 * Where the text travels: a slash command with `should_escape: true` labels people's mentions
 * (`<@U123|bob>`); message events and history carry the id alone (`<@U123>`).
 */
export type WireFlavor = 'command' | 'event';

const BROADCASTS = new Set(['channel', 'here', 'everyone']);

// One pass, left to right: URLs, mailto links and e-mail addresses, then @mentions and #channels.
// A link ends at `|`: typed text never carries a label of its own.
// A mention starts after something that is not part of a word (so `ops@example.com` is no mention).
const TOKEN_SOURCE = new RegExp(
  [
    String.raw`(?<url>https?:\/\/[^\s<>|]+)`,
    String.raw`(?<mailto>mailto:[^\s<>|]+)`,
    // Starting only where a word starts keeps this linear on a megabyte without spaces.
    String.raw`(?<![\p{L}\p{N}_.+-])(?<email>[\p{L}\p{N}_.+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)`,
    String.raw`(?<![\p{L}\p{N}_@])@(?<mention>[\p{L}\p{N}_][\p{L}\p{N}_.-]*)`,
    String.raw`(?<![\p{L}\p{N}_&#])#(?<channel>[\p{L}\p{N}_][\p{L}\p{N}_-]*)`,
  ].join('|'),
  'gu',
);

/** Escapes Slack's three control characters, and only those. */
export function escapeWire(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Trailing punctuation ends a sentence, not a link (a `)` stays when the link opened one). */
function trimLink(link: string): string {
  let end = link.length;
  for (;;) {
    const last = link[end - 1];
    if (last === undefined) break;
    const opened = (link.slice(0, end).match(/\(/g) ?? []).length;
    const closed = (link.slice(0, end).match(/\)/g) ?? []).length;
    if (/[.,;:!?'"\]}]/.test(last) || (last === ')' && closed > opened)) end -= 1;
    else break;
  }
  return link.slice(0, end);
}

/** Drops trailing `.`, `-`, `_` from a name until it is known (`@bob.` at the end of a sentence is bob). */
function knownPrefix<T>(name: string, find: (candidate: string) => T | undefined): { found: T; length: number } | undefined {
  for (let end = name.length; end > 0; end -= 1) {
    const candidate = name.slice(0, end);
    const found = find(candidate);
    if (found) return { found, length: end };
    if (!/[._-]$/.test(candidate)) return undefined;
  }
  return undefined;
}

/**
 * Typed text as Slack hands it to an app with `should_escape: true`: `&`, `<`, `>` escaped; links,
 * e-mail addresses, known people, channels and user groups, and @channel/@here/@everyone turned into
 * Slack's tokens. Anything else stays as typed, so an unknown `@name` arrives as plain text.
 */
export function encodeTyped(text: string, directory: WireDirectory, flavor: WireFlavor): string {
  const tokens = new RegExp(TOKEN_SOURCE);
  let out = '';
  let last = 0;
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    const groups = match.groups!;
    let raw = match[0];
    let token: string | undefined;
    if (groups.url !== undefined || groups.mailto !== undefined) {
      raw = trimLink(raw);
      token = `<${escapeWire(raw)}>`;
    } else if (groups.email !== undefined) {
      raw = trimLink(raw);
      token = `<mailto:${escapeWire(raw)}|${escapeWire(raw)}>`;
    } else if (groups.mention !== undefined) {
      const person = knownPrefix(groups.mention, (name) => directory.userNamed(name));
      const group = knownPrefix(groups.mention, (handle) => directory.userGroupWithHandle(handle));
      const broadcast = BROADCASTS.has(groups.mention.toLowerCase()) ? groups.mention.toLowerCase() : undefined;
      if (person) {
        raw = `@${groups.mention.slice(0, person.length)}`;
        token = flavor === 'command' ? `<@${person.found.id}|${person.found.name}>` : `<@${person.found.id}>`;
      } else if (broadcast) {
        token = `<!${broadcast}>`;
      } else if (group) {
        raw = `@${groups.mention.slice(0, group.length)}`;
        token = `<!subteam^${group.found.id}|@${group.found.handle}>`;
      }
    } else if (groups.channel !== undefined) {
      const channel = knownPrefix(groups.channel, (name) => directory.channelNamed(name));
      if (channel) {
        raw = `#${groups.channel.slice(0, channel.length)}`;
        token = `<#${channel.found.id}|${channel.found.name}>`;
      }
    }
    if (token === undefined) continue;
    out += escapeWire(text.slice(last, match.index)) + token;
    last = match.index + raw.length;
    // A shortened match leaves its tail to be read again (`@bob.` → bob, then the dot).
    tokens.lastIndex = last;
  }
  return out + escapeWire(text.slice(last));
}
