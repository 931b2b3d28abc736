import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { ACTION_IDS } from '../../src/blocks/ids.js';
import { SNOOZE_BUTTON_MS } from '../../src/blocks/reminder.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { NotFoundError } from '../../src/errors.js';
import { getIncident } from '../../src/services/incidents.js';
import { snoozePromise } from '../../src/services/reminders.js';

const snoozePayload = z.object({
  user: z.object({ id: z.string() }),
  container: z.object({ message_ts: z.string() }).optional(),
  actions: z.array(z.object({ value: z.string().regex(/^[a-f0-9]{24}$/), action_ts: z.string().optional() })).min(1),
});

/** The reminder's Snooze 15m button; a double click snoozes once. */
export function register(app: App, deps: AppDeps): void {
  app.action(ACTION_IDS.snooze, async ({ ack, body }) => {
    await ack();
    const payload = snoozePayload.parse(body);
    const incident = await getIncident(payload.actions[0]!.value);
    if (!incident) throw new NotFoundError('That incident no longer exists.');
    const result = await snoozePromise(incident, SNOOZE_BUTTON_MS, {
      userId: payload.user.id,
      now: new Date(),
      source: 'system',
      // One snooze per reminder message, however many times its button is clicked.
      dedupeKey: payload.container ? `snooze:${incident.channelId}:${payload.container.message_ts}` : undefined,
    });
    await publishChange(deps, result);
  });
}
