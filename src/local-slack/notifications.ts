/** A mention that notifies many people at once, found in something the bot sent. */
export interface Notification {
  /** Where the bot sent it: a Web API method, `response_url` or `ack`. */
  via: string;
  /** The conversation it went to, when known. */
  channel?: string;
  /** The live token, e.g. `<!channel>` or `<!subteam^S0ONCALL|@oncall>`. */
  token: string;
  /** Where in the payload: `text`, `blocks[2].text`, `initial_comment`… */
  path: string;
  at: Date;
}

// `<!here|here>` is the older spelling of `<!here>`; both notify.
const LIVE = /<!(?:channel|here|everyone)(?:\|[^>]*)?>|<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>/g;

type Found = Pick<Notification, 'token' | 'path'>;

function scan(text: unknown, path: string, found: Found[]): void {
  if (typeof text !== 'string') return;
  for (const match of text.matchAll(LIVE)) found.push({ token: match[0], path });
}

/** Mrkdwn text objects notify; plain_text shows tokens literally. Rich text has its own broadcast elements. */
function walk(value: unknown, path: string, found: Found[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, found));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  if (node.type === 'mrkdwn') scan(node.text, `${path}.text`, found);
  if (node.type === 'broadcast' && typeof node.range === 'string') found.push({ token: `<!${node.range}>`, path });
  if (node.type === 'usergroup' && typeof node.usergroup_id === 'string') {
    found.push({ token: `<!subteam^${node.usergroup_id}>`, path });
  }
  for (const [key, child] of Object.entries(node)) {
    if (typeof child === 'object' && child !== null) walk(child, `${path}.${key}`, found);
  }
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * The live broadcasts and user-group mentions in a message the bot sends: in its top-level `text`
 * (what Slack notifies and previews with), an upload's `initial_comment`, and every mrkdwn text of its blocks.
 */
export function liveMentions(message: Record<string, unknown>): Found[] {
  const found: Found[] = [];
  scan(message.text, 'text', found);
  scan(message.initial_comment, 'initial_comment', found);
  walk(parsed(message.blocks), 'blocks', found);
  return found;
}
