import { publishChange } from '../../src/flows/publish-change.js';
import { UsageError } from '../../src/errors.js';
import { describeImpact, setImpactBoundary } from '../../src/services/incident-fields.js';
import { parseTimeArgument } from '../../src/time/time-argument.js';
import { actorOf, defineIncidentSubcommand, requireText } from './subcommand.js';

type ImpactArgs = { kind: 'start' | 'end'; at: Date } | { kind: 'text'; text: string; at?: Date };

/** `/incident impact start|end <TIME>` or `/incident impact <text>`: the customer-impact window and who was hit. */
export const impact = defineIncidentSubcommand({
  name: 'impact',
  usage: 'impact start|end <TIME>  ·  impact <who was affected and how> [--at TIME]',
  flags: ['at'],
  help:
    'Sets when customer impact started or ended, or describes it; the postmortem summary is built from these ' +
    '(“On 10 September 2024, from 22:57 UTC to 04:09 UTC, <impact>.”, so the text reads best in lowercase).',
  parse: (input, request): ImpactArgs => {
    const match = /^(start|end)\b\s*([\s\S]*)$/i.exec(input.text);
    if (!match) return { kind: 'text', text: requireText(input, 'who was affected and how'), at: input.flags.at };
    if (input.flags.at) throw new UsageError('`impact start|end` takes its time after the word, not `--at`.');
    const boundary = match[1]!.toLowerCase() as 'start' | 'end';
    if (!match[2]) throw new UsageError(`Say when impact ${boundary === 'start' ? 'started' : 'ended'}, e.g. \`impact ${boundary} 14:05\`.`);
    const time = parseTimeArgument(match[2], request.receivedAt, request.zone);
    if (!time.ok) throw new UsageError(`${time.problem}.`);
    return { kind: boundary, at: time.date };
  },
  run: async ({ args, incident, request, deps }) => {
    const result =
      args.kind === 'text'
        ? await describeImpact(incident, args.text, actorOf(request, args.at))
        : await setImpactBoundary(incident, args.kind, args.at, actorOf(request));
    return publishChange(deps, result, request);
  },
});
