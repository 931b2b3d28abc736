import type { AppDeps } from '../app-deps.js';
import { renderHome } from '../blocks/incident-list.js';
import { listOpenActionItems } from '../services/action-items.js';
import { listOpenIncidents } from '../services/incident-queries.js';

/** Publishes a person's App Home: their open remediation items, then the workspace's open incidents. */
export async function publishHome(deps: AppDeps, userId: string, teamId?: string): Promise<void> {
  const [incidents, items] = await Promise.all([listOpenIncidents(teamId), listOpenActionItems(teamId, userId)]);
  await deps.slack.views.publish({ user_id: userId, view: renderHome(incidents, new Date(), items) });
}
