import type { App } from '@slack/bolt';
import { z } from 'zod';
import { CLOSE_INPUTS, doneGroupId, VIEW_IDS } from '../../src/blocks/ids.js';
import { LOCALES } from '../../src/config.js';
import { closeWithDraft } from '../../src/flows/close.js';
import { incidentIdSchema } from '../../src/services/incident-queries.js';
import { depsOf } from '../context.js';
import { firstDelivery } from '../once.js';
import { checkedIn, readInputs, readMetadata, viewSubmission, type ViewListenerArgs } from './state.js';

const metadata = z.object({
  incidentId: incidentIdSchema,
  groups: z.number().int().min(0).max(100).default(0),
  kept: z.array(z.enum(['cause', 'resolution'])).default([]),
});

/** How far ahead of the server's clock a "Resolved at" may be before it counts as the future. */
const CLOCK_SKEW_MS = 60_000;

/** The close form: checked on the field, then closed once (however often it is submitted) and drafted. */
export async function closeSubmission({ ack, body, context }: ViewListenerArgs): Promise<void> {
  const deps = depsOf(context);
  const payload = viewSubmission.parse(body);
  const inputs = readInputs(payload.view, CLOSE_INPUTS);
  const { incidentId, groups, kept } = readMetadata(payload.view, metadata);
  const cause = inputs.text('cause');
  const resolution = inputs.text('resolution');
  const resolvedAt = inputs.dateTime('resolvedAt');
  const now = new Date();
  const errors: Record<string, string> = {};
  if (!cause && !kept.includes('cause')) errors[CLOSE_INPUTS.cause] = 'Say what caused it (you can refine it later in the draft).';
  if (!resolution && !kept.includes('resolution')) errors[CLOSE_INPUTS.resolution] = 'Say how it was resolved.';
  if (resolvedAt && resolvedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) errors[CLOSE_INPUTS.resolvedAt] = 'That is in the future.';
  if (Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  await ack();
  if (!(await firstDelivery(deps, `view:${payload.view.id}`))) return;
  const groupIds = Array.from({ length: groups }, (_, group) => doneGroupId(group));
  await closeWithDraft(deps, incidentId, {
    // An empty field the form left empty on purpose keeps the longer text already recorded.
    cause: cause || undefined,
    resolution: resolution || undefined,
    impactText: inputs.text('impact') || undefined,
    remark: inputs.text('remark') || undefined,
    ...(resolvedAt ? { resolvedAt } : {}),
    newActions: inputs
      .text('actions')
      .split('\n')
      .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
      .filter(Boolean)
      .map((text) => ({ text })),
    doneActions: checkedIn(payload.view, groupIds).map(Number),
    locale: LOCALES.find((value) => value === inputs.option('locale')),
    userId: payload.user.id,
    now,
    source: 'modal',
  });
}

/** Registers the close form's submission. */
export function register(app: App): void {
  app.view(VIEW_IDS.close, closeSubmission);
}
