import type { WebClient } from '@slack/web-api';
import type { Reply } from '../blocks/reply.js';

/** Sends a direct message to one person; returns the DM channel, so a file can follow it there. */
export async function sendDirectMessage(client: WebClient, userId: string, reply: Reply): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = String(opened.channel?.id);
  await client.chat.postMessage({ channel, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
  return channel;
}
