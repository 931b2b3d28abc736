import type { ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { STATUS_INPUTS, UPDATE_INPUTS, VIEW_IDS } from '../../src/blocks/ids.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { incidentIdSchema, requireIncident } from '../../src/services/incident-queries.js';
import { changeStatus, recordUpdate } from '../../src/services/updates.js';
import { textTooLong } from '../../src/text-limits.js';
import { parseDuration } from '../../src/time/duration.js';
import { STATUSES } from '../../models/incident.js';
import { depsOf } from '../context.js';
import { readInputs, readMetadata, viewSubmission, type ViewListenerArgs, type ViewSubmission } from './state.js';

const metadata = z.object({ incidentId: incidentIdSchema });

function incidentOf(view: ViewSubmission['view']) {
  return requireIncident(readMetadata(view, metadata).incidentId);
}

/** The Post update modal. A double submission records once (the view id is the key). */
export async function updateSubmission({ ack, body, context }: ViewListenerArgs): Promise<void> {
  const deps = depsOf(context);
  const payload = viewSubmission.parse(body);
  const inputs = readInputs(payload.view, UPDATE_INPUTS);
  const text = inputs.text('text');
  const problem = text ? textTooLong(text) : 'Write the update.';
  if (problem) {
    await ack({ response_action: 'errors', errors: { [UPDATE_INPUTS.text]: problem } });
    return;
  }
  await ack();
  const next = inputs.option('next');
  const result = await recordUpdate(
    await incidentOf(payload.view),
    {
      text,
      userId: payload.user.id,
      now: new Date(),
      internal: inputs.checked('visibility').includes('internal'),
      nextMs: next ? parseDuration(next) : undefined,
      source: 'modal',
      dedupeKey: `view:${payload.view.id}`,
    },
    deps.cadence,
  );
  await publishChange(deps, result);
}

/** The Change status modal. A double submission records once (the view id is the key). */
export async function statusSubmission({ ack, body, context }: ViewListenerArgs): Promise<void> {
  const deps = depsOf(context);
  const payload = viewSubmission.parse(body);
  const inputs = readInputs(payload.view, STATUS_INPUTS);
  const status = STATUSES.find((candidate) => candidate === inputs.option('status'));
  const text = inputs.text('text');
  const lengthProblem = textTooLong(text);
  const problem: Record<string, string> | undefined = !status
    ? { [STATUS_INPUTS.status]: 'Pick a status.' }
    : lengthProblem
      ? { [STATUS_INPUTS.text]: lengthProblem }
      : undefined;
  if (!status || problem) {
    await ack({ response_action: 'errors', errors: problem ?? {} });
    return;
  }
  await ack();
  const result = await changeStatus(
    await incidentOf(payload.view),
    {
      status,
      text: text || undefined,
      userId: payload.user.id,
      now: new Date(),
      source: 'modal',
      dedupeKey: `view:${payload.view.id}`,
    },
    deps.cadence,
  );
  await publishChange(deps, result);
}

/** Registers the update and status forms' submissions. */
export function register(forms: ListenerTable<ViewListenerArgs>): void {
  forms.on(VIEW_IDS.update, updateSubmission);
  forms.on(VIEW_IDS.status, statusSubmission);
}
