import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { ActionItem, Incident } from '../models/incident.js';
import type { AppDeps } from '../src/app-deps.js';
import { giveUpItemReminder, remindAboutItem } from '../src/flows/action-items.js';
import { itemIdSchema } from '../src/services/action-items.js';
import { incidentIdSchema } from '../src/services/incident-queries.js';

/**
 * The name of remediation-item reminder jobs. They share the reminder queue (its worker, back-off, reconciliation,
 * gauge and readiness) with the update reminders, told apart by this name; their payload is their own.
 */
export const ACTION_REMINDER_JOB = 'action-item';

/** An item reminder job carries ids and the reminder's time, never copies of state. */
export const actionReminderPayload = z.object({
  incidentId: incidentIdSchema,
  itemId: itemIdSchema,
  remindAt: z.number().int(),
});
export type ActionReminderPayload = z.infer<typeof actionReminderPayload>;

/** A job to queue: its deterministic id (adding it twice adds it once), payload, and when it fires. */
export interface ActionReminderJob {
  id: string;
  data: ActionReminderPayload;
  fireAt: Date;
}

/** The job of an open item's next reminder; undefined when the item is done or has none. */
export function actionReminderJob(incident: Pick<Incident, '_id'>, item: Pick<ActionItem, '_id' | 'done' | 'remindAt'>): ActionReminderJob | undefined {
  if (item.done || !item.remindAt) return undefined;
  const incidentId = String(incident._id);
  const itemId = String(item._id);
  const remindAt = item.remindAt.getTime();
  return { id: `item_${incidentId}_${itemId}_${remindAt}`, data: { incidentId, itemId, remindAt }, fireAt: item.remindAt };
}

/** The jobs of every open item of an incident that has a reminder to come. */
export function actionReminderJobs(incident: Pick<Incident, '_id' | 'actions'>): ActionReminderJob[] {
  return incident.actions.flatMap((item) => actionReminderJob(incident, item) ?? []);
}

/** Processes one item reminder job: validates its payload, then lets the flow decide (it re-reads MongoDB) and act. */
export async function processActionReminder(job: Pick<Job, 'data' | 'id'>, deps: AppDeps): Promise<'sent' | 'stale'> {
  const parsed = actionReminderPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad remediation reminder payload: ${parsed.error.message}`);
  const { incidentId, itemId, remindAt } = parsed.data;
  const outcome = await remindAboutItem(deps, incidentId, itemId, new Date(remindAt));
  deps.metrics.reminderJobs.inc({ kind: 'action', outcome });
  return outcome;
}

/** Ends an item reminder Slack refused on every attempt (said in words in the channel and on the card). */
export async function giveUpActionReminder(job: Pick<Job, 'data'>, deps: AppDeps, error: unknown): Promise<void> {
  const parsed = actionReminderPayload.safeParse(job.data);
  if (!parsed.success) return;
  const { incidentId, itemId, remindAt } = parsed.data;
  deps.metrics.reminderJobs.inc({ kind: 'action', outcome: 'failed' });
  await giveUpItemReminder(deps, incidentId, itemId, new Date(remindAt), error);
}
