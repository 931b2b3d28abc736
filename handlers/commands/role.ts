import { INCIDENT_ROLES, type IncidentRole } from '../../models/incident.js';
import { assignRoleTo } from '../../src/flows/assign-role.js';
import { UsageError } from '../../src/errors.js';
import { actorOf, defineIncidentSubcommand } from './subcommand.js';

/** `/incident role commander|comms|scribe @user`: assigns a role and invites the person. */
export const role = defineIncidentSubcommand({
  name: 'role',
  usage: `role ${INCIDENT_ROLES.join('|')} @user [--at TIME]`,
  help: 'Assigns a role; the person is invited to the channel.',
  flags: ['at'],
  parse: (input) => {
    const [word = '', person, ...rest] = input.text.split(/\s+/);
    const value = INCIDENT_ROLES.find((candidate) => candidate === word.toLowerCase());
    if (!value) throw new UsageError(word ? `\`${word}\` is not a role.` : 'Say which role.');
    if (!person || rest.length > 0) throw new UsageError('Name one person, with @.');
    return { role: value as IncidentRole, person, at: input.flags.at };
  },
  run: async ({ args, incident, request, deps }) => assignRoleTo(deps, incident, args.role, args.person, actorOf(request, args.at), request),
});
