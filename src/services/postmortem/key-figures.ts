import type { ActionItem, Incident } from '../../../models/incident.js';
import type { TimelineEntry } from '../../../models/timeline-entry.js';
import { countPromises, isRemoved, minuteOf, type NextUpdate } from './promises.js';

/** What the draft reads from an incident; a stored `Incident` fits as it is. */
export type PostmortemIncident = Pick<
  Incident,
  'number' | 'title' | 'severity' | 'status' | 'impact' | 'cause' | 'resolution' | 'declaredAt' | 'resolvedAt'
> & {
  actions: readonly (Pick<ActionItem, 'text' | 'ownerId' | 'done'> & Partial<Pick<ActionItem, 'dueAt' | 'doneAt' | 'missedDueAt'>>)[];
  /** A closing word after the remediation items (a partner's own items, what the items achieve). */
  remark?: string;
};

/** What the draft reads from a timeline entry; a stored `TimelineEntry` fits as it is. */
export type PostmortemEntry = Pick<
  TimelineEntry,
  | 'kind'
  | 'text'
  | 'public'
  | 'authorId'
  | 'occurredAt'
  | 'recordedAt'
  | 'deletedAt'
  | 'status'
  | 'severity'
  | 'role'
  | 'promise'
> &
  Partial<Pick<TimelineEntry, 'event' | 'action' | 'notified' | 'cadenceMs'>> & {
    slack?: { permalink?: string };
    /** The promise this entry set or changed (declaration, public updates, snooze, cadence, resolution). */
    nextUpdate?: NextUpdate;
    /** When a person took the entry back; like a deleted one, it leaves the public timeline and the figures. */
    retractedAt?: Date;
  };

/** The longest stretch without a public update, and where it sits. */
export interface Silence {
  ms: number;
  startedAt: Date;
  endedAt: Date;
  /** True when the stretch runs from the last public update to the resolution. */
  endsAtResolution: boolean;
}

/**
 * The figures the draft reports; `null` means it cannot be known from what was recorded. Durations are whole
 * minutes between minute-stamped times; one can be negative when the record is (an update published before the
 * declaration), and the draft then says so in words.
 */
export interface KeyFigures {
  /** impact.endedAt − impact.startedAt */
  impactMs: number | null;
  /** Where the next two figures are measured from: the impact start, or the declaration when no start was given. */
  measuredFrom: 'impact' | 'declaration';
  timeToFirstUpdateMs: number | null;
  timeToResolveMs: number | null;
  publicUpdates: number;
  promisesKept: number;
  promisesBroken: number;
  longestSilence: Silence | null;
  /** Remediation items done by their due date (or without one), done after it, and not done yet. */
  actionsOnTime: number;
  actionsLate: number;
  actionsOpen: number;
}

/** Orders entries as the timeline does: by occurredAt, then recordedAt (a sorted copy). */
export function sortEntries<T extends Pick<PostmortemEntry, 'occurredAt' | 'recordedAt'>>(
  entries: readonly T[],
): T[] {
  return [...entries].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime(),
  );
}

/** True for the entries the public timeline shows: public, neither deleted nor retracted. */
export function isPublicUpdate(
  entry: Pick<PostmortemEntry, 'public' | 'deletedAt' | 'retractedAt'>,
): boolean {
  return entry.public && !isRemoved(entry);
}

const MINUTE_MS = 60_000;

/** Whole minutes from one minute-stamped time to another (10:20:59 → 10:50:00 is 30 min, as the stamps read). */
const between = (from: Date | undefined, to: Date | undefined): number | null =>
  from && to ? (minuteOf(to) - minuteOf(from)) * MINUTE_MS : null;

/**
 * True for an item done after its due date — the first one, when a date that had passed was moved later. An item
 * without a due date promised no time, so it is never late.
 */
export function isDoneLate(action: PostmortemIncident['actions'][number]): boolean {
  if (!action.done || !action.doneAt) return false;
  const deadlines = [action.dueAt, action.missedDueAt].filter((date): date is Date => date !== undefined);
  return deadlines.some((deadline) => action.doneAt!.getTime() > deadline.getTime());
}

/** Counts the remediation items done on time, done late and still open. */
export function countRemediation(actions: PostmortemIncident['actions']): { onTime: number; late: number; open: number } {
  const late = actions.filter(isDoneLate).length;
  const done = actions.filter((action) => action.done).length;
  return { onTime: done - late, late, open: actions.length - done };
}

/**
 * Computes the draft's key figures from the incident and its timeline (entries in any order). `now` is when the
 * draft is written: for an open incident, promises are judged up to then.
 */
export function computeKeyFigures(
  incident: PostmortemIncident,
  entries: readonly PostmortemEntry[],
  now: Date = new Date(),
): KeyFigures {
  const updates = sortEntries(entries.filter(isPublicUpdate));
  const origin = incident.impact.startedAt ?? incident.declaredAt;
  const promises = countPromises(entries, incident.resolvedAt, now);
  const remediation = countRemediation(incident.actions);
  return {
    impactMs: between(incident.impact.startedAt, incident.impact.endedAt),
    measuredFrom: incident.impact.startedAt ? 'impact' : 'declaration',
    timeToFirstUpdateMs: between(origin, updates[0]?.occurredAt),
    timeToResolveMs: between(origin, incident.resolvedAt),
    publicUpdates: updates.length,
    promisesKept: promises.kept,
    promisesBroken: promises.broken,
    longestSilence: findLongestSilence(updates, incident.resolvedAt),
    actionsOnTime: remediation.onTime,
    actionsLate: remediation.late,
    actionsOpen: remediation.open,
  };
}

/** The longest gap between consecutive public updates (sorted), and from the last one to the resolution. */
function findLongestSilence(
  updates: readonly PostmortemEntry[],
  resolvedAt: Date | undefined,
): Silence | null {
  let longest: Silence | null = null;
  const consider = (startedAt: Date, endedAt: Date, endsAtResolution: boolean) => {
    const ms = between(startedAt, endedAt)!;
    // The earliest of equal gaps wins; a resolution recorded before the last update is no silence.
    if (ms > 0 && (!longest || ms > longest.ms)) longest = { ms, startedAt, endedAt, endsAtResolution };
  };
  for (let i = 1; i < updates.length; i++)
    consider(updates[i - 1]!.occurredAt, updates[i]!.occurredAt, false);
  const last = updates.at(-1);
  if (last && resolvedAt) consider(last.occurredAt, resolvedAt, true);
  return longest;
}
