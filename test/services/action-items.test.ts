import { describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import {
  addActionItem,
  completeActionItem,
  itemReminderDue,
  listOpenActionItems,
  markItemReminded,
  setActionItemDue,
  setActionItemOwner,
} from '../../src/services/action-items.js';
import { getIncident } from '../../src/services/incident-queries.js';
import { isDoneLate } from '../../src/services/postmortem/key-figures.js';
import { testDatabaseForFile } from '../support/database.js';
import { declareAt, minutesAfter } from '../support/incident-factory.js';

testDatabaseForFile();

const T0 = new Date('2025-03-03T09:00:00Z');

describe('remediation items as promises', () => {
  it('a due item is reminded about at its due date; moved once overdue, it stays late against the date it missed', async () => {
    const incident = await declareAt(T0);
    const dueAt = minutesAfter(T0, 60);
    const added = await addActionItem(incident, { userId: 'U0ALICE', now: T0, text: 'Rotate the secrets', ownerId: 'U0BOB', dueAt });
    expect(added.number).toBe(1);
    expect(added.incident.actions[0]).toMatchObject({ dueAt, remindAt: dueAt, remindersSent: 0, done: false });

    // Two hours later the date has passed: moving it keeps the missed one.
    const moved = await setActionItemDue(added.incident, 1, minutesAfter(T0, 3 * 60), { userId: 'U0BOB', now: minutesAfter(T0, 120) });
    expect(moved.item).toMatchObject({ dueAt: minutesAfter(T0, 180), remindAt: minutesAfter(T0, 180), missedDueAt: dueAt });
    const again = await setActionItemDue(moved.incident, 1, minutesAfter(T0, 5 * 60), { userId: 'U0BOB', now: minutesAfter(T0, 4 * 60) });
    expect(again.item.missedDueAt).toEqual(dueAt);

    const done = await completeActionItem(again.incident, 1, { userId: 'U0BOB', now: minutesAfter(T0, 150) });
    expect(done.item).toMatchObject({ done: true, doneBy: 'U0BOB', doneAt: minutesAfter(T0, 150) });
    expect(done.item.remindAt).toBeUndefined();
    // Done before the new date, but after the one it missed: late.
    expect(isDoneLate(done.item)).toBe(true);
    await expect(setActionItemDue(done.incident, 1, minutesAfter(T0, 600), { userId: 'U0BOB', now: minutesAfter(T0, 200) })).rejects.toThrow(
      'Action item 1 is done already: it needs no due date.',
    );
  });

  it('marks an item done once when two people mark it at the same moment', async () => {
    const incident = await declareAt(T0);
    const { incident: withItem } = await addActionItem(incident, { userId: 'U0ALICE', now: T0, text: 'Add a canary' });
    const results = await Promise.allSettled([
      completeActionItem(withItem, 1, { userId: 'U0BOB', now: minutesAfter(T0, 5) }),
      completeActionItem(withItem, 1, { userId: 'U0CAROL', now: minutesAfter(T0, 5) }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected')!;
    expect(String(refused.reason)).toContain('Action item 1 is already done.');
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, kind: 'action', 'action.done': true })).toBe(1);
  });

  it('hands an item over, keeping who had it; an overdue item is reminded about at once, to the new owner', async () => {
    const incident = await declareAt(T0);
    const { incident: withItem } = await addActionItem(incident, { userId: 'U0ALICE', now: T0, text: 'Fix paging', ownerId: 'U0BOB', dueAt: minutesAfter(T0, 30) });
    const same = await setActionItemOwner(withItem, 1, 'U0BOB', { userId: 'U0ALICE', now: minutesAfter(T0, 10) });
    expect(same.changed).toBe(false);
    const early = await setActionItemOwner(withItem, 1, 'U0CAROL', { userId: 'U0BOB', now: minutesAfter(T0, 10) });
    expect(early.item).toMatchObject({ ownerId: 'U0CAROL', remindAt: minutesAfter(T0, 30) });
    const late = await setActionItemOwner(early.incident, 1, 'U0DAVE', { userId: 'U0CAROL', now: minutesAfter(T0, 45) });
    expect(late.item).toMatchObject({ ownerId: 'U0DAVE', remindAt: minutesAfter(T0, 45) });
    expect(late.item.ownerChanges).toEqual([
      { ownerId: 'U0CAROL', by: 'U0BOB', at: minutesAfter(T0, 10) },
      { ownerId: 'U0DAVE', by: 'U0CAROL', at: minutesAfter(T0, 45) },
    ]);
  });

  it('moves a reminder on once: a second attempt of the same reminder finds it stale', async () => {
    const incident = await declareAt(T0);
    const dueAt = minutesAfter(T0, 30);
    const { incident: withItem } = await addActionItem(incident, { userId: 'U0ALICE', now: T0, text: 'Renew the certificate', dueAt });
    const item = withItem.actions[0]!;
    expect(itemReminderDue(withItem, String(item._id), dueAt)?.number).toBe(1);
    const next = minutesAfter(T0, 30 + 7 * 24 * 60);
    const moved = await markItemReminded(withItem, item, dueAt, next, minutesAfter(T0, 31), true);
    expect(moved!.actions[0]).toMatchObject({ remindAt: next, remindersSent: 1, lastRemindedAt: minutesAfter(T0, 31) });
    expect(await markItemReminded(withItem, item, dueAt, next, minutesAfter(T0, 32), true)).toBeNull();
    expect(itemReminderDue(await getIncident(incident._id), String(item._id), dueAt)).toBeUndefined();
  });

  it('lists a person’s open items across incidents, closed ones included, the soonest due first, undated last', async () => {
    const first = await declareAt(T0);
    const second = await declareAt(minutesAfter(T0, 5));
    const add = (incident: typeof first, text: string, extra: { ownerId?: string; dueAt?: Date } = {}) =>
      addActionItem(incident, { userId: 'U0ALICE', now: minutesAfter(T0, 10), text, ...extra });
    await add(first, 'Undated, owned', { ownerId: 'U0LISTER' });
    await add(first, 'Due in a week', { ownerId: 'U0LISTER', dueAt: minutesAfter(T0, 7 * 24 * 60) });
    await add(second, 'Due tomorrow', { ownerId: 'U0LISTER', dueAt: minutesAfter(T0, 24 * 60) });
    await add(second, 'Someone else’s', { ownerId: 'U0OTHER', dueAt: minutesAfter(T0, 60) });
    const { incident: withDone } = await add(second, 'Done already', { ownerId: 'U0LISTER' });
    await completeActionItem(withDone, 3, { userId: 'U0LISTER', now: minutesAfter(T0, 20) });

    const mine = await listOpenActionItems('T0TEST', 'U0LISTER');
    expect(mine.map((entry) => [entry.item.text, entry.number, String(entry.incident._id)])).toEqual([
      ['Due tomorrow', 1, String(second._id)],
      ['Due in a week', 2, String(first._id)],
      ['Undated, owned', 1, String(first._id)],
    ]);
    const all = await listOpenActionItems('T0TEST');
    expect(all.map((entry) => entry.item.text)).toEqual(expect.arrayContaining(['Someone else’s', 'Due tomorrow']));
    expect(all.find((entry) => entry.item.text === 'Someone else’s')?.responsible).toBe('U0OTHER');
    expect(await listOpenActionItems('T0ELSEWHERE', 'U0LISTER')).toEqual([]);
  });

  it('lists an unowned item as the commander’s', async () => {
    const incident = await declareAt(T0);
    await addActionItem(incident, { userId: 'U0BOB', now: T0, text: 'Nobody’s yet' });
    const mine = await listOpenActionItems('T0TEST', 'U0ALICE');
    expect(mine.filter((entry) => String(entry.incident._id) === String(incident._id)).map((entry) => [entry.item.text, entry.responsible])).toEqual([
      ['Nobody’s yet', 'U0ALICE'],
    ]);
  });
});
