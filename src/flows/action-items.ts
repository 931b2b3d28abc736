import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import type { Reply } from '../blocks/reply.js';
import { addActionItem, completeActionItem } from '../services/action-items.js';
import type { Actor } from '../services/timeline.js';
import { resolveMention } from '../slack/users.js';
import { publishChange } from './publish-change.js';

/** Adds a remediation item, its owner read from a mention, and publishes it. */
export async function addRemediationItem(
  deps: AppDeps,
  incident: Incident,
  item: { text: string; ownerMention?: string },
  actor: Actor,
): Promise<Reply | undefined> {
  const ownerId = item.ownerMention ? await resolveMention(deps.slack, item.ownerMention) : undefined;
  return publishChange(deps, await addActionItem(incident, { ...actor, text: item.text, ownerId }));
}

/** Marks remediation item `number` done and publishes it. */
export async function completeRemediationItem(deps: AppDeps, incident: Incident, number: number, actor: Actor) {
  return publishChange(deps, await completeActionItem(incident, number, actor));
}
