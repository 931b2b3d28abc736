import type { App } from '@slack/bolt';
import { z } from 'zod';
import { INPUT_IDS, VIEW_IDS } from '../../src/blocks/ids.js';
import { LOCALES } from '../../src/config.js';
import { closeWithDraft } from '../../src/flows/close.js';
import { incidentIdSchema } from '../../src/services/incident-queries.js';
import { depsOf } from '../context.js';
import { firstDelivery } from '../once.js';
import { readInputs, readMetadata, viewSubmission, type ViewListenerArgs } from './state.js';

const metadata = z.object({ incidentId: incidentIdSchema });

/** The close form: checked on the field, then closed once (however often it is submitted) and drafted. */
export async function closeSubmission({ ack, body, context }: ViewListenerArgs): Promise<void> {
  const deps = depsOf(context);
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
  await closeWithDraft(deps, readMetadata(payload.view, metadata).incidentId, {
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
    locale: LOCALES.find((value) => value === inputs.option(INPUT_IDS.locale)),
    userId: payload.user.id,
    now: new Date(),
    source: 'modal',
  });
}

/** Registers the close form's submission. */
export function register(app: App): void {
  app.view(VIEW_IDS.close, closeSubmission);
}
