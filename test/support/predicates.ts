import { BLOCK_IDS } from '../../src/blocks/ids.js';
import type { ApiCall } from '../../src/local-slack/workspace.js';

/** True when a Web API call's blocks hold a block with this id. */
export function hasBlockId(call: Pick<ApiCall, 'args'>, blockId: string): boolean {
  const blocks = typeof call.args.blocks === 'string' ? (JSON.parse(call.args.blocks) as unknown) : call.args.blocks;
  return Array.isArray(blocks) && blocks.some((block) => (block as { block_id?: unknown }).block_id === blockId);
}

/** A reminder the bot posted in the channel (any attempt, answered or refused). */
export const reminderAttemptIn = (channelId: string) => (call: ApiCall) =>
  call.method === 'chat.postMessage' && call.args.channel === channelId && hasBlockId(call, BLOCK_IDS.reminderActions);

/** A reminder Slack accepted in the channel. */
export const reminderIn = (channelId: string) => (call: ApiCall) => reminderAttemptIn(channelId)(call) && call.result.ok === true;
