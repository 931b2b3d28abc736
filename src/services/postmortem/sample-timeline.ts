import type { PostmortemEntry, PostmortemIncident } from './key-figures.js';

const MINUTE_MS = 60_000;
const KINDS = ['note', 'pinned', 'status', 'reminder', 'role', 'severity'] as const;

/**
 * A resolved incident with `entryCount` timeline entries one minute apart (a third public, the rest of every
 * internal kind, some deleted, some with promises), for benchmarks and size checks of the draft.
 */
export function createSampleTimeline(entryCount: number): {
  incident: PostmortemIncident;
  entries: PostmortemEntry[];
} {
  const start = Date.UTC(2024, 2, 9, 20, 0); // across the US change to daylight time, to exercise both offsets
  const entries: PostmortemEntry[] = [];
  for (let i = 0; i < entryCount; i++) {
    const occurredAt = new Date(start + i * MINUTE_MS);
    const isPublic = i % 3 === 0;
    const kind = isPublic ? 'update' : KINDS[i % KINDS.length]!;
    entries.push({
      kind,
      public: isPublic,
      text: `Entry ${i}: ${'checking the ingest pipeline and the queue depth; '.repeat(1 + (i % 4))}`,
      authorId: `U${String(i % 17).padStart(4, '0')}`,
      occurredAt,
      recordedAt: new Date(occurredAt.getTime() + 1000),
      deletedAt: i % 97 === 0 ? new Date(occurredAt.getTime() + 5 * MINUTE_MS) : undefined,
      status: kind === 'status' ? 'monitoring' : undefined,
      severity: kind === 'severity' ? 2 : undefined,
      role: kind === 'role' ? { role: 'scribe', userId: 'U0000' } : undefined,
      promise: kind === 'reminder' ? { dueAt: occurredAt, outcome: i % 2 ? 'kept' : 'broken' } : undefined,
    });
  }
  const last = new Date(start + Math.max(entryCount, 1) * MINUTE_MS);
  return {
    incident: {
      number: 1,
      title: 'Ingest delays',
      severity: 1,
      status: 'resolved',
      impact: { startedAt: new Date(start - 10 * MINUTE_MS), endedAt: last, text: 'events were delayed' },
      cause: 'A saturated queue.',
      resolution: 'More consumers.',
      actions: Array.from({ length: 20 }, (_, i) => ({
        text: `Item ${i}`,
        done: i % 2 === 0,
        ownerId: 'U0001',
      })),
      declaredAt: new Date(start),
      resolvedAt: last,
    },
    entries,
  };
}
