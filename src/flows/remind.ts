import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import { renderReminder } from '../blocks/reminder.js';
import { readIncidentWithOthers } from '../services/incident-queries.js';
import { recordDeliveryFailure } from '../services/incident-writes.js';
import {
  claimReminder,
  isCurrentStep,
  markReminderSent,
  type ReminderStep,
  type RemindStep,
} from '../services/reminder-steps.js';
import { describeSlackFailure } from '../slack/failures.js';
import { escalate, giveUpEscalation } from './escalate.js';
import { reminderSettings, sentLate, type Running } from './step-context.js';

/**
 * The incident when `step` is still the one to take; undefined when an update, a snooze or the resolution made it
 * stale. A stale step hands over: a renewed promise's step is queued now if it was not yet (an update left the
 * wake-up to this job, see `ReminderScheduler`).
 */
async function currentIncident(deps: AppDeps, incidentId: string, step: ReminderStep): Promise<Running | undefined> {
  const incident = await readIncidentWithOthers(incidentId);
  if (incident && isCurrentStep(incident, step, reminderSettings(deps))) return incident as Running;
  if (incident) await deps.reminders.schedule(incident);
  return undefined;
}

async function remind(deps: AppDeps, incident: Running, step: RemindStep, now: Date): Promise<Incident | null> {
  // Recorded once (its key is the promise and the index), then posted, then marked sent: after the mark the step
  // is stale, so only a failure between the post and the mark could post it twice.
  await claimReminder(incident, step, now);
  const reply = renderReminder(incident, now, step.index);
  await deps.stepSlack.chat.postMessage({ channel: incident.channelId, text: reply.text, blocks: reply.blocks });
  sentLate(deps, step);
  deps.metrics.remindersSent.inc();
  return markReminderSent(incident, step, now);
}

/**
 * Takes one step of a running promise. Every attempt, retries included, re-reads MongoDB first: a step whose
 * promise was kept, renewed or snoozed, or whose incident is resolved or closed, does nothing. Slack calls are
 * made once per attempt (no retry inside the client); a refusal fails the attempt, and the job tries again later.
 */
export async function takeReminderStep(deps: AppDeps, incidentId: string, step: ReminderStep): Promise<'sent' | 'stale'> {
  const incident = await currentIncident(deps, incidentId, step);
  if (!incident) return 'stale';
  const now = new Date();
  const updated = step.kind === 'remind' ? await remind(deps, incident, step, now) : await escalate(deps, incident, step, now);
  // The card from the document the step's write returned; read again only when the promise moved meanwhile.
  await deps.cards.refresh(updated ?? incident._id);
  // What this process knew of the incident is out of date now; the next update reads it again.
  deps.recentIncidents.forget(incident.channelId);
  // Null: an update or a snooze moved the promise while this step ran, and scheduled its own next step.
  if (updated) await deps.reminders.schedule(updated);
  return 'sent';
}

/**
 * Ends a step Slack refused on every attempt: the failure is said in words on the card and the promise moves on
 * to its next step (a reminder nobody saw is a reason to tell the managers, not to stop), unless it went stale.
 */
export async function giveUpStep(deps: AppDeps, incidentId: string, step: ReminderStep, error: unknown): Promise<void> {
  const incident = await currentIncident(deps, incidentId, step);
  if (!incident) return;
  const now = new Date();
  const updated =
    step.kind === 'remind'
      ? await recordDeliveryFailure(incident._id, `The reminder could not be posted: ${describeSlackFailure(error)}.`, now).then(() =>
          markReminderSent(incident, step, now),
        )
      : await giveUpEscalation(deps, incident, step, error, now);
  await deps.cards.refresh(updated ?? incident._id);
  if (updated) await deps.reminders.schedule(updated);
}
