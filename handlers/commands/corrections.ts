import { publishCorrection } from '../../src/flows/correct-entry.js';
import { UsageError } from '../../src/errors.js';
import { editEntry, retractEntry } from '../../src/services/corrections.js';
import { actorOf, defineIncidentSubcommand, requireText } from './subcommand.js';

/** The entry number at the start of the text (`edit 12 …`, `retract 12`). */
function entryNumber(text: string, usage: string): { number: number; rest: string } {
  const match = /^#?(\d{1,6})\b\s*([\s\S]*)$/.exec(text);
  if (!match) throw new UsageError(`Say which entry, by its number in \`/incident timeline\`: \`${usage}\`.`);
  return { number: Number(match[1]), rest: match[2]! };
}

/** `/incident edit <n> <text>`: corrects what someone recorded; the earlier text is kept. */
export const edit = defineIncidentSubcommand({
  name: 'edit',
  aliases: ['correct'],
  usage: 'edit <n> <text>',
  help: 'Corrects the text of entry n (its number in `/incident timeline`): your own entries, or any as commander. The earlier text is kept.',
  parse: (input) => {
    const { number, rest } = entryNumber(input.text, 'edit 12 Rolled back at 14:05, not 14:50');
    return { number, text: requireText({ ...input, text: rest }, 'the corrected text') };
  },
  run: async ({ args, incident, request, deps }) =>
    publishCorrection(deps, await editEntry(incident, args.number, args.text, actorOf(request), deps.cadence)),
});

/** `/incident retract <n>`: takes an entry back. */
export const retract = defineIncidentSubcommand({
  name: 'retract',
  usage: 'retract <n>',
  help: 'Takes entry n back: it leaves the public timeline and stays in the internal appendix as retracted. Your own entries, or any as commander.',
  parse: (input) => entryNumber(input.text, 'retract 12').number,
  run: async ({ args, incident, request, deps }) => publishCorrection(deps, await retractEntry(incident, args, actorOf(request))),
});
