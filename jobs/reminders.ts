import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { AppDeps } from '../src/app-deps.js';
import { renderEscalation, renderEscalationNotice, renderReminder } from '../src/blocks/reminder.js';
import { getIncident, recordDeliveryFailure } from '../src/services/incidents.js';
import {
  claimEscalation,
  claimReminder,
  isCurrentStep,
  markEscalated,
  markReminderSent,
  type ReminderSettings,
  type ReminderStep,
} from '../src/services/reminders.js';
import { setEntryMessage } from '../src/services/timeline.js';
import { slackFailure } from '../src/slack/incident-channel.js';
import type { Incident } from '../models/incident.js';

/** The queue of reminder and escalation jobs. */
export const REMINDER_QUEUE = 'reminders';

/** A reminder job carries ids and the step it stands for, never copies of state. */
export const reminderPayload = z.discriminatedUnion('kind', [
  z.object({ incidentId: z.string().regex(/^[a-f0-9]{24}$/), kind: z.literal('remind'), dueAt: z.number().int(), index: z.number().int().min(0) }),
  z.object({ incidentId: z.string().regex(/^[a-f0-9]{24}$/), kind: z.literal('escalate'), dueAt: z.number().int() }),
]);
export type ReminderPayload = z.infer<typeof reminderPayload>;

/** The job of a step: its id is derived from the promise and the step, so adding it twice adds it once. */
export function reminderJob(incident: Pick<Incident, '_id'>, step: ReminderStep): { id: string; data: ReminderPayload } {
  const incidentId = String(incident._id);
  const dueAt = step.dueAt.getTime();
  return step.kind === 'remind'
    ? { id: `remind_${incidentId}_${dueAt}_${step.index}`, data: { incidentId, kind: 'remind', dueAt, index: step.index } }
    : { id: `escalate_${incidentId}_${dueAt}`, data: { incidentId, kind: 'escalate', dueAt } };
}

function stepOf(payload: ReminderPayload): ReminderStep {
  const dueAt = new Date(payload.dueAt);
  return payload.kind === 'remind'
    ? { kind: 'remind', dueAt, index: payload.index, fireAt: dueAt }
    : { kind: 'escalate', dueAt, fireAt: dueAt };
}

/** Reminder settings from the configuration. */
export function reminderSettings(deps: Pick<AppDeps, 'config' | 'cadence'>): ReminderSettings {
  return {
    cadence: deps.cadence,
    escalationGraceMs: deps.config.escalationGraceMs,
    managerUserIds: deps.config.managerUserIds,
  };
}

/** Records how long after its due time a step went out. */
function sentLate(deps: AppDeps, step: ReminderStep): void {
  deps.metrics.reminderLateness.observe({ kind: step.kind }, Math.max(0, Date.now() - step.fireAt.getTime()) / 1000);
}

async function remind(deps: AppDeps, incident: Incident & { nextUpdateDueAt: Date }, step: Extract<ReminderStep, { kind: 'remind' }>, now: Date) {
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

async function escalate(deps: AppDeps, incident: Incident & { nextUpdateDueAt: Date }, step: Extract<ReminderStep, { kind: 'escalate' }>, now: Date) {
  const managers = deps.config.managerUserIds;
  const { entry, created } = await claimEscalation(incident, step, managers, now);
  if (created) {
    const dm = renderEscalation(incident, now);
    // Each manager once: a failure for one is logged and shown, never retried onto the others.
    const results = await Promise.allSettled(
      managers.map(async (manager) => {
        const opened = await deps.slack.conversations.open({ users: manager });
        await deps.slack.chat.postMessage({ channel: String(opened.channel?.id), text: dm.text, blocks: dm.blocks });
      }),
    );
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
 * Processes one reminder step. MongoDB decides: a step whose promise was renewed, or whose incident
 * is resolved or closed, does nothing. Otherwise the reminder (or escalation) is recorded once, sent,
 * and the next step is scheduled.
 */
export async function processReminder(
  job: Pick<Job, 'data' | 'id'>,
  deps: AppDeps,
  schedule: (incident: Incident) => Promise<void>,
): Promise<'sent' | 'stale'> {
  const parsed = reminderPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad reminder payload: ${parsed.error.message}`);
  const step = stepOf(parsed.data);
  const incident = await getIncident(parsed.data.incidentId);
  if (!incident || !isCurrentStep(incident, step, reminderSettings(deps))) {
    deps.metrics.reminderJobs.inc({ kind: step.kind, outcome: 'stale' });
    return 'stale';
  }
  const running = incident as Incident & { nextUpdateDueAt: Date };
  const now = new Date();
  const updated = step.kind === 'remind' ? await remind(deps, running, step, now) : await escalate(deps, running, step, now);
  await deps.cards.refresh(incident._id);
  await schedule(updated);
  deps.metrics.reminderJobs.inc({ kind: step.kind, outcome: 'sent' });
  return 'sent';
}
