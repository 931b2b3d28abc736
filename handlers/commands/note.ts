import { publishChange } from '../../src/flows/publish-change.js';
import { addNote } from '../../src/services/updates.js';
import { actorOf, defineIncidentSubcommand, requireText } from './subcommand.js';

/** `/incident note <text> [--at TIME]`: an internal note; it promises nothing. */
export const note = defineIncidentSubcommand({
  name: 'note',
  aliases: ['n'],
  usage: 'note <text> [--at TIME]',
  help: 'Adds an internal note to the timeline (it does not count as an update).',
  flags: ['at'],
  parse: (input) => ({ text: requireText(input, 'what to note'), at: input.flags.at }),
  run: async ({ args, incident, request, deps }) => {
    const result = await addNote(incident, { ...actorOf(request, args.at), text: args.text });
    return publishChange(deps, result, request);
  },
});
