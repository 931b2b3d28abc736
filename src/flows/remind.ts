import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import { renderEscalation, renderEscalationNotice, renderReminder } from '../blocks/reminder.js';
import { getIncident } from '../services/incident-queries.js';
import { recordDeliveryFailure } from '../services/incident-writes.js';
import {
  claimEscalation,
  claimReminder,
  isCurrentStep,
  markEscalated,
  markReminderSent,
  type EscalateStep,
  type ReminderSettings,
  type ReminderStep,
  type RemindStep,
} from '../services/reminder-steps.js';
import { setEntryMessage } from '../services/timeline.js';
import { sendDirectMessage } from '../slack/direct-messages.js';
import { slackFailure } from '../slack/posts.js';

type Running = Incident & { nextUpdateDueAt: Date };

/** Reminder settings from the configuration. */
export function reminderSettings(deps: Pick<AppDeps, 'config' | 'cadence'>): ReminderSettings {
  return { cadence: deps.cadence, escalationGraceMs: deps.config.escalationGraceMs, managerUserIds: deps.config.managerUserIds };
}

/** Records how long after its due time a step went out. */
function sentLate(deps: AppDeps, step: ReminderStep): void {
  deps.metrics.reminderLateness.observe({ kind: step.kind }, Math.max(0, Date.now() - step.fireAt.getTime()) / 1000);
}

async function remind(deps: AppDeps, incident: Running, step: RemindStep, now: Date): Promise<Incident> {
  const { entry } = await claimReminder(incident, step, now);
  // A retry after Slack refused the post posts again; a repeat after it went out does not.
  if (!entry.slack?.ts) {
    const reply = renderReminder(incident, now, step.index);
    const posted = await deps.slack.chat.postMessage({ channel: incident.channelId, text: reply.text, blocks: reply.blocks });
    sentLate(deps, step);
    deps.metrics.remindersSent.inc();
    await setEntryMessage(entry._id, { channelId: incident.channelId, ts: String(posted.ts) });
  }
  return markReminderSent(incident, step, now);
}

async function escalate(deps: AppDeps, incident: Running, step: EscalateStep, now: Date): Promise<Incident> {
  const managers = deps.config.managerUserIds;
  const { entry, created } = await claimEscalation(incident, step, managers, now);
  if (created) {
    const dm = renderEscalation(incident, now);
    // Each manager once: a failure for one is logged and shown, never retried onto the others.
    const results = await Promise.allSettled(managers.map((manager) => sendDirectMessage(deps.slack, manager, dm)));
    const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [`${managers[i]}: ${slackFailure(result.reason)}`] : []));
    if (failed.length > 0) {
      deps.logger.error({ incidentId: String(incident._id), failed }, 'escalation DMs failed');
      await recordDeliveryFailure(incident._id, `escalation DM to ${failed.join(', ')}`, now);
    }
    sentLate(deps, step);
    deps.metrics.escalations.inc();
  }
  if (!entry.slack?.ts) {
    const notice = renderEscalationNotice(managers.length);
    const posted = await deps.slack.chat.postMessage({ channel: incident.channelId, text: notice.text, blocks: notice.blocks });
    await setEntryMessage(entry._id, { channelId: incident.channelId, ts: String(posted.ts) });
  }
  return markEscalated(incident, step, now);
}

/**
 * Takes one step of a running promise. MongoDB decides: a step whose promise was renewed, or whose
 * incident is resolved or closed, does nothing. Otherwise the reminder (or escalation) is recorded
 * once, sent, the card refreshed and the next step scheduled.
 */
export async function takeReminderStep(deps: AppDeps, incidentId: string, step: ReminderStep): Promise<'sent' | 'stale'> {
  const incident = await getIncident(incidentId);
  if (!incident || !isCurrentStep(incident, step, reminderSettings(deps))) return 'stale';
  const running = incident as Running;
  const now = new Date();
  const updated = step.kind === 'remind' ? await remind(deps, running, step, now) : await escalate(deps, running, step, now);
  await deps.cards.refresh(incident._id);
  await deps.reminders.schedule(updated);
  return 'sent';
}

/** Shows on the card that a step failed for good, in words. */
export async function reportFailedStep(deps: AppDeps, incidentId: string, kind: ReminderStep['kind'], error: unknown): Promise<void> {
  await recordDeliveryFailure(incidentId, `${kind} reminder: ${slackFailure(error)}`, new Date());
  await deps.cards.refresh(incidentId);
}
