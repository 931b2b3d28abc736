import { renderTimeline } from '../../src/blocks/timeline-entry.js';
import { listTimeline } from '../../src/services/timeline.js';
import { defineIncidentSubcommand, noArguments } from './subcommand.js';

/** How many entries `/incident timeline` shows. */
export const TIMELINE_LIMIT = 100;

/** `/incident timeline`: the latest entries, only to the person who asked. */
export const timeline = defineIncidentSubcommand({
  name: 'timeline',
  aliases: ['tl'],
  usage: 'timeline',
  help: `Shows the latest ${TIMELINE_LIMIT} timeline entries (only to you), numbered for \`edit\` and \`retract\`, in your time zone.`,
  parse: noArguments,
  run: async ({ incident }) => {
    const { entries, earlier, numbers } = await listTimeline(incident._id, TIMELINE_LIMIT);
    return renderTimeline(incident, entries, earlier, numbers);
  },
});
