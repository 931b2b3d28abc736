import { publishChange } from '../../src/flows/publish-change.js';
import { recordUpdate } from '../../src/services/updates.js';
import { actorOf, defineIncidentSubcommand, requireText } from './subcommand.js';

/** `/incident update <text> [--next 45m] [--at TIME] [--internal]`: a status update for the channel. */
export const update = defineIncidentSubcommand({
  name: 'update',
  aliases: ['u'],
  usage: 'update <text> [--next 45m] [--at TIME] [--internal]',
  help: 'Posts a public status update and promises the next one: `--next` for this one only, else the delay its own words promise (“another update within 30 minutes”), else the cadence. `--internal` keeps it out of the public timeline; `--at` records one sent earlier, which promises from its own time.',
  flags: ['next', 'at', 'internal'],
  parse: (input) => ({ text: requireText(input, 'what the update is, e.g. `/incident update Rolled back the deploy; error rate falling`'), flags: input.flags }),
  run: async ({ args, incident, request, deps }) => {
    const result = await recordUpdate(
      incident,
      { ...actorOf(request, args.flags.at), text: args.text, internal: args.flags.internal, nextMs: args.flags.next },
      deps.cadence,
    );
    return publishChange(deps, result, request);
  },
});
