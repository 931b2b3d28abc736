import type { Severity } from '../config.js';
import type { Incident } from '../../models/incident.js';
import { appendTimelineEntry } from './timeline.js';

/** How long the channel has to post its next public update, for a severity; null means no reminders. */
export type CadencePolicy = (severity: Severity) => number | null;

/** The incident's cadence: its own (`remind`) when set, otherwise the configured one for its severity. */
export function cadenceOf(
  incident: Pick<Incident, 'cadenceMs' | 'severity'>,
  policy: CadencePolicy,
): number | null {
  return incident.cadenceMs === undefined ? policy(incident.severity) : incident.cadenceMs;
}

/**
 * Records whether the promise due at `dueAt` was kept (an update came by then) or broken. Recorded
 * once per promise: a racing update or a reminder that also records it changes nothing.
 */
export async function recordPromiseOutcome(
  incident: Pick<Incident, '_id'>,
  dueAt: Date,
  at: Date,
): Promise<void> {
  const outcome = at.getTime() <= dueAt.getTime() ? 'kept' : 'broken';
  await appendTimelineEntry({
    incidentId: incident._id,
    kind: 'system',
    event: 'promise',
    text: '',
    public: false,
    occurredAt: outcome === 'kept' ? at : dueAt,
    source: 'system',
    promise: { dueAt, outcome },
    dedupeKey: promiseKey(incident, dueAt),
  });
}

/** The dedupe key of the record of one promise. */
export function promiseKey(incident: Pick<Incident, '_id'>, dueAt: Date): string {
  return `promise:${String(incident._id)}:${dueAt.getTime()}`;
}
