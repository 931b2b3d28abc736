import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { changeSeverity } from '../../src/services/incident-fields.js';
import { setCadence, snoozePromise } from '../../src/services/promises.js';
import { testDatabaseForFile } from '../support/database.js';
import { declareAt, minutesAfter, THIRTY_MINUTES } from '../support/incident-factory.js';

testDatabaseForFile();

const declared = new Date('2024-09-10T22:00:00Z');
const fifteenForSev1 = (severity: number) => (severity === 1 ? 15 * 60_000 : THIRTY_MINUTES(severity as 2));

describe('the running promise', () => {
  it('a snooze pushes it back from its due time while it is still ahead', async () => {
    const incident = await declareAt(declared);
    const { incident: snoozed } = await snoozePromise(incident, 15 * 60_000, { userId: 'U0BOB', now: minutesAfter(declared, 10) });
    expect(snoozed.nextUpdateDueAt).toEqual(new Date('2024-09-10T22:45:00Z'));
  });

  it('a snooze of an overdue promise counts from now', async () => {
    const incident = await declareAt(declared);
    const { incident: snoozed } = await snoozePromise(incident, 15 * 60_000, { userId: 'U0BOB', now: minutesAfter(declared, 40) });
    expect(snoozed.nextUpdateDueAt).toEqual(new Date('2024-09-10T22:55:00Z'));
  });

  it('a more severe incident with a shorter cadence gets its next update sooner, never later', async () => {
    const incident = await declareAt(declared, { policy: fifteenForSev1 });
    const { incident: sev1 } = await changeSeverity(incident, 1, { userId: 'U0ALICE', now: minutesAfter(declared, 5) }, fifteenForSev1);
    expect(sev1.nextUpdateDueAt).toEqual(new Date('2024-09-10T22:20:00Z'));
    const { incident: sev2 } = await changeSeverity(sev1, 2, { userId: 'U0ALICE', now: minutesAfter(declared, 6) }, fifteenForSev1);
    expect(sev2.nextUpdateDueAt).toEqual(new Date('2024-09-10T22:20:00Z'));
  });

  it('`remind off` stops the promise, and then there is nothing to snooze', async () => {
    const incident = await declareAt(declared);
    const { incident: off } = await setCadence(incident, null, { userId: 'U0ALICE', now: minutesAfter(declared, 1) });
    expect(off.nextUpdateDueAt).toBeUndefined();
    await expect(snoozePromise(off, 60_000, { userId: 'U0ALICE', now: minutesAfter(declared, 2) })).rejects.toThrow(
      'Reminders are off for this incident',
    );
    await expect(snoozePromise(off, 60_000, { userId: 'U0ALICE', now: minutesAfter(declared, 2) })).rejects.toBeInstanceOf(UsageError);
  });
});
