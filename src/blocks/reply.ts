import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, splitText } from './mrkdwn.js';

/** A reply to one person (ephemeral) or a message for a channel: fallback text plus blocks. */
export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

/** Section blocks holding mrkdwn that is already escaped, split so no section passes Slack's 3,000 characters. */
export function sections(mrkdwn: string): KnownBlock[] {
  return splitText(mrkdwn, 3000).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/** A short reply from our own words (mrkdwn allowed) with optional user text quoted, escaped. */
export function textReply(message: string, quoted?: string): Reply {
  const body = quoted === undefined ? message : `${message}\n>${escapeMrkdwn(quoted).replace(/\n/g, '\n>')}`;
  return { text: body.slice(0, 3000), blocks: sections(body) };
}
