import { withTimeout } from '../../src/async.js';
import { renderCloseModal } from '../../src/blocks/modals.js';
import { ConflictError } from '../../src/errors.js';
import { timeZoneOf } from '../../src/slack/users.js';
import { defineIncidentSubcommand, noArguments } from './subcommand.js';

/** `/incident close`: the close form, prefilled; submitting it resolves, closes and drafts the postmortem. */
export const close = defineIncidentSubcommand({
  name: 'close',
  usage: 'close',
  help: 'Opens the close form (root cause, resolution, remediation items); submitting it resolves the incident, stops reminders and posts the postmortem draft.',
  parse: noArguments,
  run: async ({ incident, request, deps }) => {
    if (incident.closedAt) throw new ConflictError(`Incident #${incident.number} is already closed; \`/incident postmortem\` drafts it again.`);
    // The form's due dates are days in the person's own zone; the trigger expires soon, so the lookup may not wait.
    const zone = request.zone ?? (await withTimeout(timeZoneOf(deps.slack, request.userId), 1_000, 'users.info').catch(() => undefined));
    await deps.slack.views.open({
      trigger_id: request.triggerId,
      view: renderCloseModal(incident, incident.locale ?? deps.config.postmortemLocale, request.receivedAt, zone),
    });
  },
});
