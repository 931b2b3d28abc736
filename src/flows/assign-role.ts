import type { IncidentRole, Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import type { Reply } from '../blocks/reply.js';
import { assignRole } from '../services/incident-fields.js';
import type { Actor } from '../services/timeline.js';
import { inviteToChannel } from '../slack/channels.js';
import { resolveMention } from '../slack/users.js';
import { publishChange, type Typist } from './publish-change.js';

/** Assigns an incident role to the person a mention names, invites them to the channel, and publishes the change. */
export async function assignRoleTo(
  deps: AppDeps,
  incident: Incident,
  role: IncidentRole,
  mention: string,
  actor: Actor,
  typist: Typist = {},
): Promise<Reply | undefined> {
  const userId = await resolveMention(deps.slack, mention);
  const result = await assignRole(incident, role, userId, actor);
  await inviteToChannel(deps.slack, incident.channelId, [userId], deps.logger);
  return publishChange(deps, result, typist);
}
