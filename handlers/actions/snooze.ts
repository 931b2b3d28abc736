import type { ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { ACTION_IDS } from '../../src/blocks/ids.js';
import { SNOOZE_BUTTON_MS, snoozeButtonValue } from '../../src/blocks/reminder.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { requireIncident } from '../../src/services/incident-queries.js';
import { snoozePromise } from '../../src/services/promises.js';
import { depsOf } from '../context.js';
import type { ButtonListenerArgs } from './card-buttons.js';

const snoozePayload = z.object({
  user: z.object({ id: z.string() }),
  container: z.object({ message_ts: z.string() }).optional(),
  actions: z.array(z.object({ value: snoozeButtonValue, action_ts: z.string().optional() })).min(1),
});

/** The reminder's Snooze 15m button; a double click snoozes once. */
export async function snoozeReminder({ ack, body, context }: ButtonListenerArgs): Promise<void> {
  await ack();
  const deps = depsOf(context);
  const payload = snoozePayload.parse(body);
  const { incidentId, dueAt } = payload.actions[0]!.value;
  const incident = await requireIncident(incidentId);
  const result = await snoozePromise(
    incident,
    SNOOZE_BUTTON_MS,
    {
      userId: payload.user.id,
      now: new Date(),
      source: 'system',
      // One snooze per reminder message, however many times its button is clicked.
      dedupeKey: payload.container ? `snooze:${incident.channelId}:${payload.container.message_ts}` : undefined,
    },
    // The button snoozes the promise its reminder was about, never a newer one.
    new Date(dueAt),
  );
  await publishChange(deps, result);
}

/** Registers the Snooze button. */
export function register(buttons: ListenerTable<ButtonListenerArgs>): void {
  buttons.on(ACTION_IDS.snooze, snoozeReminder);
}
