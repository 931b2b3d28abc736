import { STATUSES, type Status } from '../../models/incident.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { UsageError } from '../../src/errors.js';
import { changeStatus } from '../../src/services/updates.js';
import { textTooLong } from '../../src/text-limits.js';
import { actorOf, defineIncidentSubcommand } from './subcommand.js';

/** `/incident status <status> [text]`: a status change, with an optional public update. */
export const status = defineIncidentSubcommand({
  name: 'status',
  usage: `status ${STATUSES.join('|')} [text] [--at TIME] [--next 45m]`,
  help: 'Changes the status; text after it is posted as a public update. `resolved` stops the reminders; `--at` records when it happened (`status resolved --at 04:10`).',
  flags: ['at', 'next'],
  parse: (input) => {
    const [word = '', ...rest] = input.text.split(/\s+/);
    const value = STATUSES.find((candidate) => candidate === word.toLowerCase());
    if (!value) throw new UsageError(word ? `\`${word}\` is not a status.` : 'Say which status.');
    const text = input.text.slice(word.length).trim();
    const tooLong = textTooLong(text);
    if (tooLong) throw new UsageError(tooLong);
    return { status: value as Status, text: rest.length > 0 ? text : undefined, at: input.flags.at, next: input.flags.next };
  },
  run: async ({ args, incident, request, deps }) => {
    const result = await changeStatus(
      incident,
      { ...actorOf(request, args.at), status: args.status, text: args.text, nextMs: args.next },
      deps.cadence,
    );
    return publishChange(deps, result, request);
  },
});
