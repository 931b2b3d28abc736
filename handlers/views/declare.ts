import type { ListenerTable } from '../listener-table.js';
import { z } from 'zod';
import { DECLARE_INPUTS, VIEW_IDS } from '../../src/blocks/ids.js';
import { SEVERITIES, type Severity } from '../../src/config.js';
import { declareWithChannel } from '../../src/flows/declare.js';
import { depsOf } from '../context.js';
import { firstDelivery } from '../once.js';
import { readInputs, readMetadata, viewSubmission, type ViewListenerArgs } from './state.js';

const metadata = z.object({ here: z.boolean(), channelId: z.string() });

/** The declare modal: checked on the field, then the same declaration as `/incident declare <title>`. */
export async function declareSubmission({ ack, body, context }: ViewListenerArgs): Promise<void> {
  const deps = depsOf(context);
  const payload = viewSubmission.parse(body);
  const inputs = readInputs(payload.view, DECLARE_INPUTS);
  const title = inputs.text('title');
  if (!title) {
    await ack({ response_action: 'errors', errors: { [DECLARE_INPUTS.title]: 'Give the incident a title.' } });
    return;
  }
  await ack();
  if (!(await firstDelivery(deps, `view:${payload.view.id}`))) return;
  const { here, channelId } = readMetadata(payload.view, metadata);
  const severity = Number(inputs.option('severity') ?? 3) as Severity;
  const incident = await declareWithChannel(deps, {
    teamId: payload.team?.id ?? '',
    userId: payload.user.id,
    title,
    severity: SEVERITIES.includes(severity) ? severity : 3,
    summary: inputs.text('summary') || undefined,
    commanderId: inputs.user('commander'),
    ...(here ? { here: { channelId } } : {}),
    now: new Date(),
  });
  await deps.slack.chat
    .postEphemeral({
      channel: here ? incident.channelId : channelId,
      user: payload.user.id,
      text: `:fire: Incident #${incident.number} declared in <#${incident.channelId}>.`,
    })
    .catch(() => undefined);
}

/** Registers the declare form's submission. */
export function register(forms: ListenerTable<ViewListenerArgs>): void {
  forms.on(VIEW_IDS.declare, declareSubmission);
}
