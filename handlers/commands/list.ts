import { renderIncidentList } from '../../src/blocks/incident-list.js';
import { listOpenIncidents } from '../../src/services/incident-queries.js';
import { defineSubcommand, noArguments } from './subcommand.js';

/** `/incident list`: open incidents of the workspace, only to the person who asked. */
export const list = defineSubcommand({
  name: 'list',
  aliases: ['ls'],
  usage: 'list',
  help: 'Lists open incidents (only to you): severity, status, age, next update due.',
  parse: noArguments,
  run: async ({ request }) => renderIncidentList(await listOpenIncidents(request.teamId), request.receivedAt),
});
