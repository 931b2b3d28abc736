import { publishChange } from '../../src/flows/publish-change.js';
import { UsageError } from '../../src/errors.js';
import { setCadence, snoozePromise } from '../../src/services/promises.js';
import { parseDuration } from '../../src/time/duration.js';
import { defineIncidentSubcommand } from './subcommand.js';

function duration(text: string, example: string): number {
  const millis = parseDuration(text);
  if (millis === undefined) throw new UsageError(`\`${text || '(nothing)'}\` is not a duration: write it like \`${example}\`.`);
  return millis;
}

/** `/incident remind <duration>|off`: the incident's own update cadence. */
export const remind = defineIncidentSubcommand({
  name: 'remind',
  aliases: ['cadence'],
  usage: 'remind <duration>|off',
  help: 'Sets how often this incident promises a public update (`remind 20m`), or turns reminders off.',
  parse: (input) => (input.text.toLowerCase() === 'off' ? null : duration(input.text, '20m')),
  run: async ({ args, incident, request, deps }) => {
    return publishChange(deps, await setCadence(incident, args, { userId: request.userId, now: request.receivedAt }));
  },
});

/** `/incident snooze <duration>`: pushes the running promise back. */
export const snooze = defineIncidentSubcommand({
  name: 'snooze',
  usage: 'snooze <duration>',
  help: 'Pushes the promised update back (`snooze 15m`), from now or from when it is due, whichever is later.',
  parse: (input) => duration(input.text, '15m'),
  run: async ({ args, incident, request, deps }) => {
    return publishChange(deps, await snoozePromise(incident, args, { userId: request.userId, now: request.receivedAt }));
  },
});
