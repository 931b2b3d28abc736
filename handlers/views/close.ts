import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { INPUT_IDS, VIEW_IDS } from '../../src/blocks/ids.js';
import { LOCALES, type Locale } from '../../src/config.js';
import { publishPostmortem } from '../../src/flows/postmortem.js';
import { NotFoundError } from '../../src/errors.js';
import { closeIncident, getIncident } from '../../src/services/incidents.js';
import { firstDelivery } from '../once.js';
import { readInputs, readMetadata, viewSubmission } from './state.js';

const metadata = z.object({ incidentId: z.string().regex(/^[a-f0-9]{24}$/) });

/**
 * The close form: checked on the field; then the incident is closed (once, however often the form is
 * submitted), the card updated, reminders stopped, and the draft posted and sent to the comms lead.
 */
export function register(app: App, deps: AppDeps): void {
  app.view(VIEW_IDS.close, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const inputs = readInputs(payload.view);
    const cause = inputs.text(INPUT_IDS.cause);
    const resolution = inputs.text(INPUT_IDS.resolution);
    const errors: Record<string, string> = {};
    if (!cause) errors[INPUT_IDS.cause] = 'Say what caused it (you can refine it later in the draft).';
    if (!resolution) errors[INPUT_IDS.resolution] = 'Say how it was resolved.';
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (!(await firstDelivery(deps, `view:${payload.view.id}`))) return;
    const incident = await getIncident(readMetadata(payload.view, metadata).incidentId);
    if (!incident) throw new NotFoundError('That incident no longer exists.');
    const locale = LOCALES.find((value) => value === inputs.option(INPUT_IDS.locale)) ?? deps.config.postmortemLocale;
    const closed = await closeIncident(incident, {
      cause,
      resolution,
      impactText: inputs.text(INPUT_IDS.impact) || undefined,
      newActions: inputs
        .text(INPUT_IDS.actions)
        .split('\n')
        .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
        .filter(Boolean)
        .map((text) => ({ text })),
      doneActions: inputs.checked(INPUT_IDS.done).map(Number),
      locale: locale as Locale,
      userId: payload.user.id,
      now: new Date(),
      source: 'modal',
    });
    await deps.reminders.schedule(closed);
    await deps.cards.refresh(closed._id);
    await publishPostmortem(deps, closed, closed.locale ?? locale, { toCommsLead: true, requestedBy: payload.user.id });
  });
}
