import { textReply } from '../../src/blocks/reply.js';
import { setPostmortemField } from '../../src/services/incident-fields.js';
import { defineIncidentSubcommand, requireText, type Subcommand } from './subcommand.js';

function postmortemField(field: 'cause' | 'resolution', label: string, example: string): Subcommand {
  return defineIncidentSubcommand({
    name: field,
    usage: `${field} <text>`,
    help: `Records the ${label} for the postmortem (also asked for at close).`,
    parse: (input) => requireText(input, `the ${label}, e.g. \`/incident ${field} ${example}\``),
    run: async ({ args, incident, deps }) => {
      const updated = await setPostmortemField(incident, field, args);
      await deps.cards.refresh(updated);
      return textReply(`:white_check_mark: ${label[0]!.toUpperCase()}${label.slice(1)} recorded for the postmortem of incident #${updated.number}:`, args);
    },
  });
}

/** `/incident cause <text>`: the root cause. */
export const cause = postmortemField('cause', 'root cause', 'An expired OAuth secret');
/** `/incident resolution <text>`: how it was resolved. */
export const resolution = postmortemField('resolution', 'resolution', 'Rotated the secret and redeployed');
