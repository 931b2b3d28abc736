import { ROLES, type Role } from '../../models/incident.js';
import { publishChange } from '../../src/flows/publish-change.js';
import { UsageError } from '../../src/errors.js';
import { assignRole } from '../../src/services/incidents.js';
import { inviteToChannel } from '../../src/slack/incident-channel.js';
import { resolveMention } from '../../src/slack/users.js';
import { defineIncidentSubcommand } from './subcommand.js';

/** `/incident role commander|comms|scribe @user`: assigns a role and invites the person. */
export const role = defineIncidentSubcommand({
  name: 'role',
  usage: `role ${ROLES.join('|')} @user`,
  help: 'Assigns a role; the person is invited to the channel.',
  parse: (input) => {
    const [word = '', person, ...rest] = input.text.split(/\s+/);
    const value = ROLES.find((candidate) => candidate === word.toLowerCase());
    if (!value) throw new UsageError(word ? `\`${word}\` is not a role.` : 'Say which role.');
    if (!person || rest.length > 0) throw new UsageError('Name one person, with @.');
    return { role: value as Role, person };
  },
  run: async ({ args, incident, request, deps }) => {
    const userId = await resolveMention(deps.slack, args.person);
    const result = await assignRole(incident, args.role, userId, { userId: request.userId, now: request.receivedAt });
    await inviteToChannel(deps.slack, incident.channelId, [userId], deps.logger);
    return publishChange(deps, result);
  },
});
