import { publishChange } from '../../src/flows/publish-change.js';
import { recordUpdate } from '../../src/services/updates.js';
import { actorOf, defineSubcommand, incidentOfChannel, requireText } from './subcommand.js';

/** `/incident update <text> [--next 45m] [--at TIME] [--internal]`: a status update for the channel. */
export const update = defineSubcommand({
  name: 'update',
  aliases: ['u'],
  usage: 'update <text> [--next 45m] [--at TIME] [--internal]',
  help: 'Posts a public status update and promises the next one: `--next` for this one only, else the delay its own words promise (“another update within 30 minutes”), else the cadence. `--internal` keeps it out of the public timeline; `--at` records one sent earlier, which promises from its own time.',
  flags: ['next', 'at', 'internal'],
  parse: (input) => ({ text: requireText(input, 'what the update is, e.g. `/incident update Rolled back the deploy; error rate falling`'), flags: input.flags }),
  run: async ({ args, request, deps }) => {
    // The hot path: a public update starts from the state this process last saw, which the write then checks.
    const seen = args.flags.internal ? undefined : deps.recentIncidents.get(request.channelId);
    const incident = seen ?? (await incidentOfChannel(request, deps, 'update'));
    const result = await recordUpdate(
      incident,
      { ...actorOf(request, args.flags.at), text: args.text, internal: args.flags.internal, nextMs: args.flags.next },
      deps.cadence,
      { assumeCurrent: seen !== undefined },
    );
    return publishChange(deps, result, request);
  },
});
