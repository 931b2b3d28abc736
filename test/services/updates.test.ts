import { describe, expect, it } from 'vitest';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { UsageError } from '../../src/errors.js';
import { requireIncident } from '../../src/services/incident-queries.js';
import { closeIncident } from '../../src/services/lifecycle.js';
import { setCadence } from '../../src/services/promises.js';
import { changeStatus, recordUpdate } from '../../src/services/updates.js';
import { testDatabaseForFile } from '../support/database.js';
import { declareAt, minutesAfter, THIRTY_MINUTES } from '../support/incident-factory.js';

testDatabaseForFile();

const declared = new Date('2024-09-10T22:57:00Z');

describe('recording updates', () => {
  it('a public update keeps the running promise and promises the next one after the cadence', async () => {
    const incident = await declareAt(declared);
    expect(incident.nextUpdateDueAt).toEqual(new Date('2024-09-10T23:27:00Z'));
    const now = minutesAfter(declared, 20);
    const { incident: updated, created } = await recordUpdate(incident, { text: 'Investigating', userId: 'U0BOB', now }, THIRTY_MINUTES);
    expect(created).toBe(true);
    expect(updated.nextUpdateDueAt).toEqual(new Date('2024-09-10T23:47:00Z'));
    expect(updated.lastPublicUpdateBy).toBe('U0BOB');
    const entry = await TimelineEntryModel.findOne({ incidentId: incident._id, kind: 'update' }).lean();
    expect(entry?.nextUpdate).toEqual({ dueAt: new Date('2024-09-10T23:47:00Z'), source: 'cadence' });
  });

  it.each([
    ['We will provide another update within 45 minutes.', 45, 'text'],
    ['Nous publierons une nouvelle mise à jour dans les 60 prochaines minutes.', 60, 'text'],
    ['Wir informieren Sie in den nächsten 20 Minuten erneut.', 20, 'text'],
    ['Forniremo un aggiornamento entro 15 minuti.', 15, 'text'],
    ['Next update within the next hour.', 60, 'text'],
    ['Error rates have been falling for 20 minutes.', 30, 'cadence'],
  ] as const)('“%s” promises the next update %i minutes later', async (text, minutes, source) => {
    const incident = await declareAt(declared);
    const now = minutesAfter(declared, 5);
    const { incident: updated } = await recordUpdate(incident, { text, userId: 'U0BOB', now }, THIRTY_MINUTES);
    expect(updated.nextUpdateDueAt).toEqual(minutesAfter(now, minutes));
    const entry = await TimelineEntryModel.findOne({ incidentId: incident._id, kind: 'update' }).lean();
    expect(entry?.nextUpdate?.source).toBe(source);
  });

  it('`--next` wins over the text', async () => {
    const incident = await declareAt(declared);
    const now = minutesAfter(declared, 5);
    const { incident: updated } = await recordUpdate(
      incident,
      { text: 'Another update within 45 minutes.', userId: 'U0BOB', now, nextMs: 10 * 60_000 },
      THIRTY_MINUTES,
    );
    expect(updated.nextUpdateDueAt).toEqual(minutesAfter(now, 10));
  });

  it('an update backdated 20 minutes promises from its own time: 10 minutes are left on a 30-minute cadence', async () => {
    const incident = await declareAt(minutesAfter(declared, -60));
    const now = declared;
    const { incident: updated } = await recordUpdate(
      incident,
      { text: 'Posted on the status page earlier', userId: 'U0BOB', now, occurredAt: minutesAfter(now, -20) },
      THIRTY_MINUTES,
    );
    expect(updated.nextUpdateDueAt).toEqual(minutesAfter(now, 10));
    expect(updated.lastPublicUpdateAt).toEqual(minutesAfter(now, -20));
  });

  it('an update backdated behind a later one keeps the later one’s promise running', async () => {
    const incident = await declareAt(minutesAfter(declared, -60));
    const { incident: latest } = await recordUpdate(incident, { text: 'Latest', userId: 'U0BOB', now: declared }, THIRTY_MINUTES);
    const { incident: after } = await recordUpdate(
      latest,
      { text: 'Older, typed in later', userId: 'U0BOB', now: minutesAfter(declared, 1), occurredAt: minutesAfter(declared, -10) },
      THIRTY_MINUTES,
    );
    expect(after.nextUpdateDueAt).toEqual(minutesAfter(declared, 30));
    expect(after.lastPublicUpdateAt).toEqual(declared);
  });

  it('`--next` promises this update only; an internal update promises nothing', async () => {
    const incident = await declareAt(declared);
    const { incident: next } = await recordUpdate(
      incident,
      { text: 'Rolled back', userId: 'U0BOB', now: minutesAfter(declared, 5), nextMs: 10 * 60_000 },
      THIRTY_MINUTES,
    );
    expect(next.nextUpdateDueAt).toEqual(new Date('2024-09-10T23:12:00Z'));
    const { incident: internal } = await recordUpdate(
      next,
      { text: 'Between us', userId: 'U0BOB', now: minutesAfter(declared, 6), internal: true },
      THIRTY_MINUTES,
    );
    expect(internal.nextUpdateDueAt).toEqual(new Date('2024-09-10T23:12:00Z'));
  });

  it('the same delivery twice records once', async () => {
    const incident = await declareAt(declared);
    const input = { text: 'Once', userId: 'U0BOB', now: minutesAfter(declared, 1), dedupeKey: 'view:V1' };
    const first = await recordUpdate(incident, input, THIRTY_MINUTES);
    const second = await recordUpdate(first.incident, input, THIRTY_MINUTES);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, kind: 'update' })).toBe(1);
  });
});

describe('changing the status', () => {
  it('resolving stops the promise; leaving resolved reopens the incident with a fresh promise and says so', async () => {
    const incident = await declareAt(declared);
    const resolvedAt = minutesAfter(declared, 40);
    const { incident: resolved } = await changeStatus(incident, { status: 'resolved', userId: 'U0ALICE', now: resolvedAt }, THIRTY_MINUTES);
    expect(resolved.resolvedAt).toEqual(resolvedAt);
    expect(resolved.nextUpdateDueAt).toBeUndefined();

    const reopenedAt = minutesAfter(declared, 50);
    const { incident: reopened, entry } = await changeStatus(
      resolved,
      { status: 'investigating', userId: 'U0ALICE', now: reopenedAt },
      THIRTY_MINUTES,
    );
    expect(reopened.status).toBe('investigating');
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.nextUpdateDueAt).toEqual(new Date('2024-09-11T00:17:00Z'));
    expect(entry?.event).toBe('reopened');
    expect((await requireIncident(incident._id)).status).toBe('investigating');
  });

  it('the same status without text is refused and records nothing', async () => {
    const incident = await declareAt(declared);
    await expect(changeStatus(incident, { status: 'investigating', userId: 'U0ALICE', now: declared }, THIRTY_MINUTES)).rejects.toThrow(
      UsageError,
    );
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, kind: 'status' })).toBe(0);
  });
});

describe('an update from a state seen earlier (the hot path)', () => {
  it('writes when the incident is unchanged, and works the promise out again when it changed meanwhile', async () => {
    const incident = await declareAt(declared);
    const now = minutesAfter(declared, 5);
    const first = await recordUpdate(incident, { text: 'First', userId: 'U0BOB', now }, THIRTY_MINUTES, { assumeCurrent: true });
    expect(first.incident.nextUpdateDueAt).toEqual(minutesAfter(now, 30));

    // Someone else turned the incident's cadence to 10 minutes: the state this process saw is stale.
    const { incident: changed } = await setCadence(first.incident, 10 * 60_000, { userId: 'U0ALICE', now: minutesAfter(now, 1) });
    const later = minutesAfter(now, 2);
    const second = await recordUpdate(first.incident, { text: 'Second', userId: 'U0BOB', now: later }, THIRTY_MINUTES, { assumeCurrent: true });
    expect(second.incident.nextUpdateDueAt).toEqual(minutesAfter(later, 10));
    expect(second.incident.updatedAt.getTime()).toBeGreaterThanOrEqual(changed.updatedAt.getTime());
    const stored = await TimelineEntryModel.findOne({ incidentId: incident._id, text: 'Second' }).lean();
    expect(stored?.nextUpdate).toEqual({ dueAt: minutesAfter(later, 10), source: 'cadence' });
  });

  it('takes the update back when the incident was closed meanwhile', async () => {
    const incident = await declareAt(declared);
    await closeIncident(incident, {
      cause: 'x',
      resolution: 'y',
      newActions: [],
      doneActions: [],
      locale: 'en',
      userId: 'U0ALICE',
      now: minutesAfter(declared, 10),
    });
    await expect(
      recordUpdate(incident, { text: 'Too late', userId: 'U0BOB', now: minutesAfter(declared, 11) }, THIRTY_MINUTES, { assumeCurrent: true }),
    ).rejects.toThrow('is closed');
    expect(await TimelineEntryModel.countDocuments({ incidentId: incident._id, text: 'Too late' })).toBe(0);
  });
});

