import type { KnownBlock } from '@slack/types';
import {
  defuseBroadcasts,
  splitMrkdwn,
  toMrkdwn,
  truncateMrkdwn,
  type SlackText,
} from '../slack-text/index.js';

/** A reply to one person (ephemeral) or a message for a channel: fallback text plus blocks. */
export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

/** Slack refuses a section whose text is longer than this, counted after escaping. */
const SECTION_LIMIT = 3000;

/** Section blocks holding rendered mrkdwn, split so no section passes Slack's 3,000 characters (none left empty). */
export function sections(mrkdwn: string): KnownBlock[] {
  return splitMrkdwn(mrkdwn, SECTION_LIMIT)
    .filter((text) => text.trim())
    .map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/**
 * A short reply from our own words (mrkdwn allowed) with optional Slack text (wire format) quoted under it. Our
 * words may repeat what a person typed (a usage error's word): a broadcast or user group in them is made inert.
 */
export function textReply(message: string, quoted?: SlackText): Reply {
  const ours = defuseBroadcasts(message);
  const body = quoted === undefined ? ours : `${ours}\n>${toMrkdwn(quoted).replace(/\n/g, '\n>')}`;
  return { text: truncateMrkdwn(body, SECTION_LIMIT), blocks: sections(body) };
}
