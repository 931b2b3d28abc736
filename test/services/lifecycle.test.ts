import { describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { ConflictError } from '../../src/errors.js';
import { addActionItem, completeActionItem } from '../../src/services/action-items.js';
import { closeIncident } from '../../src/services/lifecycle.js';
import { recordUpdate } from '../../src/services/updates.js';
import { testDatabaseForFile } from '../support/database.js';
import { declareAt, minutesAfter, THIRTY_MINUTES } from '../support/incident-factory.js';

testDatabaseForFile();

const declared = new Date('2024-09-10T22:00:00Z');

describe('declaring and closing', () => {
  it('a declaration with a summary is the first public update', async () => {
    const incident = await declareAt(declared, { summary: 'Card payments fail' });
    expect(incident.lastPublicUpdateAt).toEqual(declared);
    const kinds = await TimelineEntryModel.find({ incidentId: incident._id }).sort({ recordedAt: 1 }).lean();
    expect(kinds.map((entry) => [entry.kind, entry.event ?? entry.status, entry.public])).toEqual([
      ['system', 'declared', false],
      ['status', 'investigating', true],
    ]);
  });

  it('closing resolves, keeps the new items after the old ones, and a second close is refused', async () => {
    const incident = await declareAt(declared);
    const { incident: withItem } = await addActionItem(incident, { text: 'Alert on expiring secrets', userId: 'U0BOB', now: minutesAfter(declared, 1) });
    const input = {
      cause: 'An expired secret',
      resolution: 'Rotated it',
      newActions: [{ text: 'Rotate secrets monthly' }],
      doneActions: [1],
      locale: 'en' as const,
      userId: 'U0ALICE',
      now: minutesAfter(declared, 60),
    };
    const closed = await closeIncident(withItem, input);
    expect(closed.status).toBe('resolved');
    expect(closed.closedAt).toEqual(input.now);
    expect(closed.nextUpdateDueAt).toBeUndefined();
    expect(closed.actions.map((item) => [item.text, item.done])).toEqual([
      ['Alert on expiring secrets', true],
      ['Rotate secrets monthly', false],
    ]);
    await expect(closeIncident(withItem, input)).rejects.toBeInstanceOf(ConflictError);
    await expect(recordUpdate(closed, { text: 'late', userId: 'U0BOB', now: input.now }, THIRTY_MINUTES)).rejects.toThrow('is closed');
  });

  it('remediation items are numbered by their place; marking one done twice is refused', async () => {
    const incident = await declareAt(declared);
    const first = await addActionItem(incident, { text: 'One', userId: 'U0BOB', now: minutesAfter(declared, 1) });
    const second = await addActionItem(first.incident, { text: 'Two', userId: 'U0BOB', now: minutesAfter(declared, 2) });
    expect([first.number, second.number]).toEqual([1, 2]);
    const { incident: done } = await completeActionItem(second.incident, 2, { userId: 'U0BOB', now: minutesAfter(declared, 3) });
    expect(done.actions.map((item) => item.done)).toEqual([false, true]);
    await expect(completeActionItem(done, 2, { userId: 'U0BOB', now: minutesAfter(declared, 4) })).rejects.toThrow('already done');
    await expect(completeActionItem(done, 3, { userId: 'U0BOB', now: minutesAfter(declared, 4) })).rejects.toThrow('numbered 1 to 2');
  });
});
