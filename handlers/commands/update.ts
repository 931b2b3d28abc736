import { publishChange } from '../../src/flows/publish-change.js';
import { recordUpdate } from '../../src/services/updates.js';
import { defineIncidentSubcommand, requireText } from './subcommand.js';

/** `/incident update <text> [--next 45m] [--at TIME] [--internal]`: a status update for the channel. */
export const update = defineIncidentSubcommand({
  name: 'update',
  aliases: ['u'],
  usage: 'update <text> [--next 45m] [--at TIME] [--internal]',
  help: 'Posts a public status update and promises the next one (`--next` for this one only). `--internal` keeps it out of the public timeline; `--at` records one sent earlier.',
  flags: ['next', 'at', 'internal'],
  parse: (input) => ({ text: requireText(input, 'what the update is, e.g. `/incident update Rolled back the deploy; error rate falling`'), flags: input.flags }),
  run: async ({ args, incident, request, deps }) => {
    const result = await recordUpdate(
      incident,
      {
        text: args.text,
        userId: request.userId,
        now: request.receivedAt,
        internal: args.flags.internal,
        occurredAt: args.flags.at,
        nextMs: args.flags.next,
      },
      deps.cadence,
    );
    return publishChange(deps, result);
  },
});
