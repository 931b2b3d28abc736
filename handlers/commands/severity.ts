import { parseSeverity } from '../../src/commands/arguments.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { UsageError } from '../../src/errors.js';
import { changeSeverity } from '../../src/services/incident-fields.js';
import { actorOf, defineIncidentSubcommand } from './subcommand.js';

/** `/incident sev <1-4>`: a severity change. */
export const severity = defineIncidentSubcommand({
  name: 'sev',
  aliases: ['severity'],
  usage: 'sev <1-4> [--at TIME]',
  help: 'Changes the severity (1 is the most severe). A higher severity can bring the next update forward.',
  flags: ['at'],
  parse: (input) => {
    if (!input.text) throw new UsageError('Say which severity, 1 to 4.');
    return { severity: parseSeverity(input.text), at: input.flags.at };
  },
  run: async ({ args, incident, request, deps }) => {
    const result = await changeSeverity(incident, args.severity, actorOf(request, args.at), deps.cadence);
    return publishChange(deps, result, request);
  },
});
