import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { AppDeps } from '../src/app-deps.js';
import { giveUpStep, takeReminderStep } from '../src/flows/remind.js';
import { incidentIdSchema } from '../src/services/incident-queries.js';
import type { ReminderStep } from '../src/services/reminder-steps.js';
import type { Incident } from '../models/incident.js';

/** The queue of reminder and escalation jobs. */
export const REMINDER_QUEUE = 'reminders';

/** A reminder job carries ids and the step it stands for, never copies of state. */
export const reminderPayload = z.discriminatedUnion('kind', [
  z.object({ incidentId: incidentIdSchema, kind: z.literal('remind'), dueAt: z.number().int(), index: z.number().int().min(0) }),
  z.object({ incidentId: incidentIdSchema, kind: z.literal('escalate'), dueAt: z.number().int() }),
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

/** The step a job stands for. */
export function stepOf(payload: ReminderPayload): ReminderStep {
  const dueAt = new Date(payload.dueAt);
  return payload.kind === 'remind'
    ? { kind: 'remind', dueAt, index: payload.index, fireAt: dueAt }
    : { kind: 'escalate', dueAt, fireAt: dueAt };
}

/** Processes one reminder job: validates its payload, then lets the remind flow decide and act. */
export async function processReminder(job: Pick<Job, 'data' | 'id'>, deps: AppDeps): Promise<'sent' | 'stale'> {
  const parsed = reminderPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad reminder payload: ${parsed.error.message}`);
  const step = stepOf(parsed.data);
  const outcome = await takeReminderStep(deps, parsed.data.incidentId, step);
  deps.metrics.reminderJobs.inc({ kind: step.kind, outcome });
  return outcome;
}

/** After the last attempt of a step Slack kept refusing: counted, and said on the card (`giveUpStep`). */
export async function giveUpReminder(job: Pick<Job, 'data'>, deps: AppDeps, error: unknown): Promise<void> {
  const parsed = reminderPayload.safeParse(job.data);
  if (!parsed.success) return;
  deps.metrics.reminderJobs.inc({ kind: parsed.data.kind, outcome: 'failed' });
  await giveUpStep(deps, parsed.data.incidentId, stepOf(parsed.data), error);
}
