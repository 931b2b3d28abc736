import type { AppDeps } from '../app-deps.js';
import type { ChangeResult } from '../services/incidents.js';
import { postEntry } from '../slack/incident-channel.js';

/**
 * What follows every recorded change: its entry posted in the channel (once, even when the same
 * delivery came twice), the card brought up to date, and the next reminder scheduled.
 */
export async function publishChange(deps: AppDeps, result: ChangeResult): Promise<void> {
  if (!result.created) return;
  await deps.reminders.schedule(result.incident);
  if (result.entry) await postEntry(deps.slack, result.incident, result.entry, deps.logger);
  await deps.cards.refresh(result.incident._id);
}
