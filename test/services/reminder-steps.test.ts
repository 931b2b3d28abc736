import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../models/incident.js';
import { isCurrentStep, nextReminderStep, type ReminderSettings } from '../../src/services/reminder-steps.js';

const minute = 60_000;
const due = new Date('2024-09-11T01:30:00Z');

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    _id: new Types.ObjectId(),
    number: 1,
    teamId: 'T',
    channelId: 'C',
    channelName: 'inc',
    title: 't',
    severity: 2,
    status: 'investigating',
    roles: {},
    impact: {},
    actions: [],
    nextUpdateDueAt: due,
    remindersSent: 0,
    declaredAt: new Date('2024-09-11T01:00:00Z'),
    declaredBy: 'U1',
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

const settings: ReminderSettings = { cadence: () => 30 * minute, escalationGraceMs: 15 * minute, managerUserIds: ['UM'] };

describe('the next reminder step', () => {
  it('reminds at the due time, escalates after the grace, then reminds every cadence', () => {
    expect(nextReminderStep(incident(), settings)).toEqual({ kind: 'remind', dueAt: due, index: 0, fireAt: due });
    const reminded = incident({ remindersSent: 1, lastReminderAt: due });
    expect(nextReminderStep(reminded, settings)).toEqual({ kind: 'escalate', dueAt: due, fireAt: new Date(due.getTime() + 15 * minute) });
    const escalatedAt = new Date(due.getTime() + 15 * minute);
    expect(nextReminderStep(incident({ remindersSent: 1, lastReminderAt: due, escalatedAt }), settings)).toEqual({
      kind: 'remind',
      dueAt: due,
      index: 1,
      fireAt: new Date(escalatedAt.getTime() + 30 * minute),
    });
  });

  it('skips the escalation when no manager is configured', () => {
    const step = nextReminderStep(incident({ remindersSent: 1, lastReminderAt: due }), { ...settings, managerUserIds: [] });
    expect(step).toEqual({ kind: 'remind', dueAt: due, index: 1, fireAt: new Date(due.getTime() + 30 * minute) });
  });

  it('has nothing to do once resolved, closed or with reminders off', () => {
    expect(nextReminderStep(incident({ status: 'resolved' }), settings)).toBeUndefined();
    expect(nextReminderStep(incident({ closedAt: new Date() }), settings)).toBeUndefined();
    expect(nextReminderStep(incident({ nextUpdateDueAt: undefined }), settings)).toBeUndefined();
  });

  it('chases a promise typed in a little late, not one recorded long after it lapsed (a replay)', () => {
    const lateButRecent = incident({ promisedAt: new Date(due.getTime() + 10 * minute) });
    expect(nextReminderStep(lateButRecent, settings)).toEqual({ kind: 'remind', dueAt: due, index: 0, fireAt: due });
    const history = incident({ promisedAt: new Date(due.getTime() + 811 * 24 * 60 * minute) });
    expect(nextReminderStep(history, settings)).toBeUndefined();
  });

  it('knows a step is stale once the promise was renewed or the step was taken', () => {
    const step = nextReminderStep(incident(), settings)!;
    expect(isCurrentStep(incident(), step, settings)).toEqual(true);
    expect(isCurrentStep(incident({ nextUpdateDueAt: new Date(due.getTime() + minute) }), step, settings)).toBe(false);
    expect(isCurrentStep(incident({ remindersSent: 1 }), step, settings)).toBe(false);
    expect(isCurrentStep(incident({ status: 'resolved' }), step, settings)).toBe(false);
    expect(isCurrentStep(null, step, settings)).toBe(false);
  });
});
