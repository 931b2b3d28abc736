import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { appendTimelineEntry } from '../../src/services/timeline.js';
import { testDatabaseForFile } from '../support/database.js';

testDatabaseForFile();

const at = new Date('2024-09-10T23:05:00Z');

describe('appending to the timeline', () => {
  it('stores the entry as given, with no field for what was left undefined, and returns it with its id', async () => {
    const incidentId = new Types.ObjectId();
    const { entry, created } = await appendTimelineEntry({
      incidentId,
      kind: 'reminder',
      text: '',
      public: false,
      authorId: undefined,
      occurredAt: at,
      source: 'system',
      promise: { dueAt: at, outcome: undefined },
    });
    expect(created).toBe(true);
    const stored = await TimelineEntryModel.collection.findOne({ _id: entry._id });
    expect(stored).toEqual({ _id: entry._id, incidentId, kind: 'reminder', text: '', public: false, occurredAt: at, recordedAt: entry.recordedAt, source: 'system', promise: { dueAt: at }, revisions: [] });
    // What is left out is missing, not null: queries for entries without a field find it.
    expect(await TimelineEntryModel.countDocuments({ _id: entry._id, authorId: { $exists: false }, deletedAt: { $exists: false } })).toBe(1);
  });

  it('stores a delivery once: the same dedupe key again returns the first entry', async () => {
    const incidentId = new Types.ObjectId();
    const entry = { incidentId, kind: 'update' as const, text: 'Rolled back', public: true, authorId: 'U0BOB', occurredAt: at, source: 'modal' as const, dedupeKey: `view:${String(incidentId)}` };
    const first = await appendTimelineEntry(entry);
    const again = await appendTimelineEntry({ ...entry, text: 'Rolled back (twice)' });
    expect(again).toEqual({ entry: expect.objectContaining({ _id: first.entry._id, text: 'Rolled back' }), created: false });
    expect(await TimelineEntryModel.countDocuments({ incidentId })).toBe(1);
  });
});
