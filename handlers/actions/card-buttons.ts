import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { ACTION_IDS } from '../../src/blocks/ids.js';
import { renderStatusModal, renderUpdateModal } from '../../src/blocks/modals.js';
import { NotFoundError } from '../../src/errors.js';
import { getIncident } from '../../src/services/incidents.js';

const buttonPayload = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: z.string().regex(/^[a-f0-9]{24}$/) })).min(1),
});

/** The card's (and the reminder's) Post update and Change status buttons: each opens its modal. */
export function register(app: App, deps: AppDeps): void {
  for (const [actionId, render] of [
    [ACTION_IDS.postUpdate, renderUpdateModal],
    [ACTION_IDS.changeStatus, renderStatusModal],
  ] as const) {
    app.action(actionId, async ({ ack, body }) => {
      await ack();
      const payload = buttonPayload.parse(body);
      const incident = await getIncident(payload.actions[0]!.value);
      if (!incident) throw new NotFoundError('That incident no longer exists.');
      await deps.slack.views.open({ trigger_id: payload.trigger_id, view: render(incident) });
    });
  }
}
