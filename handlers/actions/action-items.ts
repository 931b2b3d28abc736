import type { ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { itemRefOfBlock, itemRefValue } from '../../src/blocks/action-items.js';
import { ACTION_IDS } from '../../src/blocks/ids.js';
import {
  completeItemFromButton,
  reassignItemFromPicker,
  snoozeItemFromButton,
  type ItemSurface,
} from '../../src/flows/action-items.js';
import { depsOf } from '../context.js';
import type { ButtonListenerArgs } from './card-buttons.js';

const userId = z.string().regex(/^[UW][A-Z0-9]+$/);

/** Where the click happened: a message (the reminder), or App Home. */
const container = z.object({
  user: z.object({ id: userId, team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  container: z
    .object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() })
    .optional(),
  view: z.object({ type: z.string() }).nullish(),
});

const buttonPayload = container.extend({
  actions: z.array(z.object({ value: itemRefValue })).min(1),
});

const pickerPayload = container.extend({
  actions: z.array(z.object({ block_id: z.string(), selected_user: userId })).min(1),
});

function surfaceOf(payload: z.infer<typeof container>): ItemSurface | undefined {
  const where = payload.container;
  if (where?.type === 'message' && !where.is_ephemeral && where.channel_id && where.message_ts) {
    return { kind: 'message', channelId: where.channel_id, ts: where.message_ts };
  }
  if (payload.view?.type === 'home') return { kind: 'home', teamId: payload.team?.id ?? payload.user.team_id };
  return undefined;
}

/** A remediation item's Done button (its reminder, App Home). */
export async function itemDone({ ack, body, context }: ButtonListenerArgs): Promise<void> {
  await ack();
  const payload = buttonPayload.parse(body);
  await completeItemFromButton(depsOf(context), payload.actions[0]!.value, payload.user.id, surfaceOf(payload));
}

/** A remediation item reminder's Snooze 1 week button. */
export async function itemSnooze({ ack, body, context }: ButtonListenerArgs): Promise<void> {
  await ack();
  const payload = buttonPayload.parse(body);
  await snoozeItemFromButton(depsOf(context), payload.actions[0]!.value, payload.user.id, surfaceOf(payload));
}

/** A remediation item reminder's Reassign picker: the item is in the id of the picker's block. */
export async function itemReassign({ ack, body, context }: ButtonListenerArgs): Promise<void> {
  await ack();
  const payload = pickerPayload.parse(body);
  const picked = payload.actions[0]!;
  const ref = itemRefOfBlock(picked.block_id);
  if (!ref) throw new Error(`a reassign picker outside an item's block: ${picked.block_id}`);
  await reassignItemFromPicker(depsOf(context), ref, picked.selected_user, payload.user.id, surfaceOf(payload));
}

/** Registers the remediation items' buttons and picker. */
export function register(buttons: ListenerTable<ButtonListenerArgs>): void {
  buttons.on(ACTION_IDS.itemDone, itemDone);
  buttons.on(ACTION_IDS.itemSnooze, itemSnooze);
  buttons.on(ACTION_IDS.itemReassign, itemReassign);
}
