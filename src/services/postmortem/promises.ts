// The update promises of an incident, derived from its timeline alone, so a replayed or backfilled incident
// counts them as a live one would.

import type { NextUpdate, NextUpdateSource } from '../../../models/timeline-entry.js';

export type { NextUpdate, NextUpdateSource } from '../../../models/timeline-entry.js';

/** What the derivation reads from a timeline entry. */
export interface PromiseEntry {
  kind: string;
  public: boolean;
  occurredAt: Date;
  recordedAt: Date;
  deletedAt?: Date;
  retractedAt?: Date;
  nextUpdate?: NextUpdate;
  /** A system entry's event (`declared`). */
  event?: string;
  /** A promise record of older data, counted only when no entry carries `nextUpdate`. */
  promise?: { dueAt: Date; outcome?: 'kept' | 'broken' };
}

/**
 * One promise and what became of it: `kept` when a public update came by its due minute, `broken` when the due
 * minute passed first, `unsettled` when it stopped running (moved, replaced, ended by the resolution or
 * `remind off`) or the draft was written before it fell due.
 */
export interface DerivedPromise {
  /** When the entry that made it occurred. */
  madeAt: Date;
  dueAt: Date;
  source: NextUpdateSource;
  outcome: 'kept' | 'broken' | 'unsettled';
  /** The public update that answered it, in time or late; unset when none came while it ran. */
  answeredAt?: Date;
}

const MINUTE_MS = 60_000;

/** The minute a moment falls in: times are stamped to the minute, so "by 10:50" includes 10:50:59. */
export const minuteOf = (at: Date): number => Math.floor(at.getTime() / MINUTE_MS);

/** True for an entry deleted in Slack or retracted by a person: it counts for nothing. */
export const isRemoved = (entry: { deletedAt?: Date; retractedAt?: Date }): boolean =>
  Boolean(entry.deletedAt || entry.retractedAt);

/** True for an entry that tells customers something and so settles the running promise. */
const answersPromise = (entry: PromiseEntry): boolean =>
  entry.public && (entry.kind === 'update' || entry.kind === 'status');

/**
 * Replays the promises in timeline order (occurredAt, then recordedAt). A public update settles the running
 * promise; an entry carrying `nextUpdate` then replaces it (a snooze or a cadence change moves it without settling
 * it; `dueAt: null` ends it). A promise whose due minute passes without a public update is broken, once, however
 * it ends. The incident's end is `resolvedAt`, or `now` while it is open: entries after it are not counted, and a
 * promise not yet due then is unsettled. Deleted and retracted entries count for nothing.
 */
export function derivePromiseOutcomes(
  entries: readonly PromiseEntry[],
  resolvedAt: Date | undefined,
  now: Date,
): DerivedPromise[] {
  const end = minuteOf(resolvedAt ?? now);
  const timeline = entries
    .filter((entry) => !isRemoved(entry) && minuteOf(entry.occurredAt) <= end)
    .sort(
      (a, b) =>
        a.occurredAt.getTime() - b.occurredAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime(),
    );

  const promises: DerivedPromise[] = [];
  let running: DerivedPromise | undefined;
  let published = false;
  // A promise stops running at `minute` with no answer: broken if its due minute had passed by then.
  const stop = (minute: number) => {
    if (running) running.outcome = minute > minuteOf(running.dueAt) ? 'broken' : 'unsettled';
    running = undefined;
  };

  for (const entry of timeline) {
    const minute = minuteOf(entry.occurredAt);
    if (running && answersPromise(entry)) {
      running.outcome = minute <= minuteOf(running.dueAt) ? 'kept' : 'broken';
      running.answeredAt = entry.occurredAt;
      running = undefined;
    }
    published ||= answersPromise(entry);
    // The declaration's promise runs until the first public update; an update typed in afterwards but dated
    // before the declaration has made the running promise already.
    if (entry.nextUpdate && !(entry.event === 'declared' && published)) {
      stop(minute);
      const { dueAt, source } = entry.nextUpdate;
      if (dueAt) {
        running = { madeAt: entry.occurredAt, dueAt, source, outcome: 'unsettled' };
        promises.push(running);
      }
    }
  }
  stop(end);
  return promises;
}

/**
 * The number of promises kept and broken: derived from the timeline, or, for older data where no entry carries
 * `nextUpdate`, counted from the promise records stored at the time.
 */
export function countPromises(
  entries: readonly PromiseEntry[],
  resolvedAt: Date | undefined,
  now: Date,
): { kept: number; broken: number } {
  const counts = { kept: 0, broken: 0 };
  if (entries.some((entry) => entry.nextUpdate !== undefined)) {
    for (const { outcome } of derivePromiseOutcomes(entries, resolvedAt, now)) {
      if (outcome !== 'unsettled') counts[outcome]++;
    }
  } else {
    for (const entry of entries) {
      const outcome = entry.promise?.outcome;
      if (outcome && !isRemoved(entry)) counts[outcome]++;
    }
  }
  return counts;
}
