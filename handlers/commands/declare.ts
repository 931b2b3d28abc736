import { renderDeclareModal } from '../../src/blocks/modals.js';
import { textReply } from '../../src/blocks/reply.js';
import { declareWithChannel } from '../../src/flows/declare.js';
import { UsageError } from '../../src/errors.js';
import { toPlainText } from '../../src/slack-text/index.js';
import { defineSubcommand } from './subcommand.js';

/** Severity of a declared incident when none is given. */
export const DEFAULT_SEVERITY = 3;

/** `/incident declare [title] [--sev N] [--here]`: without a title, opens the declare modal. */
export const declare = defineSubcommand({
  name: 'declare',
  aliases: ['new', 'start'],
  usage: 'declare [title] [--sev 1-4] [--here]',
  help: 'Declares an incident: creates its channel (or uses this one with `--here`), posts and pins the card, and starts the update promise. Without a title, a form opens.',
  flags: ['sev', 'here'],
  parse: (input) => {
    if (toPlainText(input.text).length > 150) throw new UsageError('Keep the title under 150 characters; the details go in updates.');
    return { title: input.text, severity: input.flags.sev, here: input.flags.here ?? false };
  },
  run: async ({ args, request, deps }) => {
    if (!args.title) {
      await deps.slack.views.open({
        trigger_id: request.triggerId,
        view: renderDeclareModal({ severity: args.severity ?? DEFAULT_SEVERITY, here: args.here, channelId: request.channelId }),
      });
      return;
    }
    const incident = await declareWithChannel(deps, {
      teamId: request.teamId,
      userId: request.userId,
      title: args.title,
      severity: args.severity ?? DEFAULT_SEVERITY,
      ...(args.here ? { here: { channelId: request.channelId } } : {}),
      now: request.receivedAt,
    });
    return textReply(`:fire: Incident #${incident.number} declared in <#${incident.channelId}>. You are its commander until someone else is assigned.`);
  },
});
