import type { SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerTable } from '../listener-table.js';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { ACTION_IDS } from '../../src/blocks/ids.js';
import { renderStatusModal, renderUpdateModal } from '../../src/blocks/modals.js';
import { incidentIdSchema, requireIncident } from '../../src/services/incident-queries.js';
import type { Incident } from '../../models/incident.js';
import { depsOf, type ListenerContext } from '../context.js';

const buttonPayload = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: incidentIdSchema })).min(1),
});

/** What a button listener is called with. */
export type ButtonListenerArgs = Pick<SlackActionMiddlewareArgs, 'ack' | 'body'> & ListenerContext;

function opensModal(render: (incident: Incident) => ModalView) {
  return async ({ ack, body, context }: ButtonListenerArgs): Promise<void> => {
    await ack();
    const payload = buttonPayload.parse(body);
    const incident = await requireIncident(payload.actions[0]!.value);
    await depsOf(context).slack.views.open({ trigger_id: payload.trigger_id, view: render(incident) });
  };
}

/** The card's and the reminder's Post update button: opens the update form. */
export const openUpdateModal = opensModal(renderUpdateModal);
/** The card's Change status button: opens the status form. */
export const openStatusModal = opensModal(renderStatusModal);

/** Registers the card's buttons. */
export function register(buttons: ListenerTable<ButtonListenerArgs>): void {
  buttons.on(ACTION_IDS.postUpdate, openUpdateModal);
  buttons.on(ACTION_IDS.changeStatus, openStatusModal);
}
