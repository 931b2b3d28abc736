import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../src/app-deps.js';
import { INPUT_IDS, VIEW_IDS } from '../../src/blocks/ids.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { NotFoundError } from '../../src/errors.js';
import { changeStatus, getIncident, recordUpdate } from '../../src/services/incidents.js';
import { parseDuration } from '../../src/time/duration.js';
import { STATUSES, type Status } from '../../models/incident.js';
import { MAX_TEXT_LENGTH } from '../commands/subcommand.js';
import { readInputs, readMetadata, viewSubmission, type ViewSubmission } from './state.js';

const metadata = z.object({ incidentId: z.string().regex(/^[a-f0-9]{24}$/) });

async function incidentOf(view: ViewSubmission['view']) {
  const incident = await getIncident(readMetadata(view, metadata).incidentId);
  if (!incident) throw new NotFoundError('That incident no longer exists.');
  return incident;
}

function tooLong(text: string): string | undefined {
  return text.length > MAX_TEXT_LENGTH ? `Keep it under ${MAX_TEXT_LENGTH.toLocaleString('en')} characters.` : undefined;
}

/** The Post update and Change status modals. A double submission records once (the view id is the key). */
export function register(app: App, deps: AppDeps): void {
  app.view(VIEW_IDS.update, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const inputs = readInputs(payload.view);
    const text = inputs.text(INPUT_IDS.text);
    const problem = text ? tooLong(text) : 'Write the update.';
    if (problem) {
      await ack({ response_action: 'errors', errors: { [INPUT_IDS.text]: problem } });
      return;
    }
    await ack();
    const incident = await incidentOf(payload.view);
    const next = inputs.option(INPUT_IDS.next);
    const result = await recordUpdate(
      incident,
      {
        text,
        userId: payload.user.id,
        now: new Date(),
        internal: inputs.checked(INPUT_IDS.visibility).includes('internal'),
        nextMs: next ? parseDuration(next) : undefined,
        source: 'modal',
        dedupeKey: `view:${payload.view.id}`,
      },
      deps.cadence,
    );
    await publishChange(deps, result);
  });

  app.view(VIEW_IDS.status, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const inputs = readInputs(payload.view);
    const status = STATUSES.find((candidate) => candidate === inputs.option(INPUT_IDS.status));
    const text = inputs.text(INPUT_IDS.text);
    const lengthProblem = tooLong(text);
    const problem: Record<string, string> | undefined = !status
      ? { [INPUT_IDS.status]: 'Pick a status.' }
      : lengthProblem
        ? { [INPUT_IDS.text]: lengthProblem }
        : undefined;
    if (problem) {
      await ack({ response_action: 'errors', errors: problem });
      return;
    }
    await ack();
    const incident = await incidentOf(payload.view);
    const result = await changeStatus(
      incident,
      {
        status: status as Status,
        text: text || undefined,
        userId: payload.user.id,
        now: new Date(),
        source: 'modal',
        dedupeKey: `view:${payload.view.id}`,
      },
      deps.cadence,
    );
    await publishChange(deps, result);
  });
}
