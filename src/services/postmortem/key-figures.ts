import type { ActionItem, Incident } from '../../../models/incident.js';
import type { TimelineEntry } from '../../../models/timeline-entry.js';

/** What the draft reads from an incident; a stored `Incident` fits as it is. */
export type PostmortemIncident = Pick<
  Incident,
  'number' | 'title' | 'severity' | 'status' | 'impact' | 'cause' | 'resolution' | 'declaredAt' | 'resolvedAt'
> & { actions: readonly Pick<ActionItem, 'text' | 'ownerId' | 'done'>[] };

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
  };

/** The longest stretch without a public update, and where it sits. */
export interface Silence {
  ms: number;
  startedAt: Date;
  endedAt: Date;
  /** True when the stretch runs from the last public update to the resolution. */
  endsAtResolution: boolean;
}

/** The figures the draft reports; `null` means it cannot be known from what was recorded. */
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
  actionsDone: number;
  actionsPlanned: number;
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

/** True for the entries the public timeline shows: public and not deleted. */
export function isPublicUpdate(entry: Pick<PostmortemEntry, 'public' | 'deletedAt'>): boolean {
  return entry.public && !entry.deletedAt;
}

const between = (from: Date | undefined, to: Date | undefined): number | null =>
  from && to ? to.getTime() - from.getTime() : null;

/** Computes the draft's key figures from the incident and its timeline (entries in any order). */
export function computeKeyFigures(
  incident: PostmortemIncident,
  entries: readonly PostmortemEntry[],
): KeyFigures {
  const updates = sortEntries(entries.filter(isPublicUpdate));
  const origin = incident.impact.startedAt ?? incident.declaredAt;

  let promisesKept = 0;
  let promisesBroken = 0;
  for (const entry of entries) {
    if (entry.deletedAt) continue;
    if (entry.promise?.outcome === 'kept') promisesKept++;
    else if (entry.promise?.outcome === 'broken') promisesBroken++;
  }

  const doneCount = incident.actions.filter((action) => action.done).length;
  return {
    impactMs: between(incident.impact.startedAt, incident.impact.endedAt),
    measuredFrom: incident.impact.startedAt ? 'impact' : 'declaration',
    timeToFirstUpdateMs: between(origin, updates[0]?.occurredAt),
    timeToResolveMs: between(origin, incident.resolvedAt),
    publicUpdates: updates.length,
    promisesKept,
    promisesBroken,
    longestSilence: findLongestSilence(updates, incident.resolvedAt),
    actionsDone: doneCount,
    actionsPlanned: incident.actions.length - doneCount,
  };
}

/** The longest gap between consecutive public updates (sorted), and from the last one to the resolution. */
function findLongestSilence(
  updates: readonly PostmortemEntry[],
  resolvedAt: Date | undefined,
): Silence | null {
  let longest: Silence | null = null;
  const consider = (startedAt: Date, endedAt: Date, endsAtResolution: boolean) => {
    const ms = endedAt.getTime() - startedAt.getTime();
    // The earliest of equal gaps wins; a resolution recorded before the last update is no silence.
    if (ms > 0 && (!longest || ms > longest.ms)) longest = { ms, startedAt, endedAt, endsAtResolution };
  };
  for (let i = 1; i < updates.length; i++)
    consider(updates[i - 1]!.occurredAt, updates[i]!.occurredAt, false);
  const last = updates.at(-1);
  if (last && resolvedAt) consider(last.occurredAt, resolvedAt, true);
  return longest;
}
