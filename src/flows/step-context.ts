import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import type { ReminderSettings, ReminderStep } from '../services/reminder-steps.js';

/** An incident whose promise is running. */
export type Running = Incident & { nextUpdateDueAt: Date };

/** Reminder settings from the configuration. */
export function reminderSettings(deps: Pick<AppDeps, 'config' | 'cadence'>): ReminderSettings {
  return { cadence: deps.cadence, escalationGraceMs: deps.config.escalationGraceMs, managerUserIds: deps.config.managerUserIds };
}

/** Records how long after its due time a step went out. */
export function sentLate(deps: AppDeps, step: ReminderStep): void {
  deps.metrics.reminderLateness.observe({ kind: step.kind }, Math.max(0, Date.now() - step.fireAt.getTime()) / 1000);
}
