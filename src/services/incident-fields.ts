import type { Severity } from '../config.js';
import { UsageError } from '../errors.js';
import type { Incident, IncidentRole } from '../../models/incident.js';
import { applyChange, assertOpen, merge, type ChangeResult } from './incident-writes.js';
import { promiseFields, severityPromise, type CadencePolicy } from './promises.js';
import { recordActorEntry, type Actor } from './timeline.js';

/**
 * Changes the severity. A more severe incident with a shorter cadence gets its next update sooner
 * (never later than already promised); a cadence turned off stops the promise.
 */
export async function changeSeverity(
  incident: Incident,
  severity: Severity,
  actor: Actor,
  policy: CadencePolicy,
): Promise<ChangeResult> {
  assertOpen(incident);
  if (incident.severity === severity) throw new UsageError(`The incident is already SEV${severity}.`);
  const promise = severityPromise(incident, severity, actor.occurredAt ?? actor.now, policy);
  const appended = await recordActorEntry(incident, actor, { kind: 'severity', severity, ...(promise ? { nextUpdate: promise } : {}) });
  const updated = await applyChange(incident, merge({ $set: { severity } }, promise ? promiseFields(promise.dueAt, actor.now) : {}));
  return { incident: updated, entry: appended.entry, created: true };
}

/** Assigns an incident role to a person. */
export async function assignRole(incident: Incident, role: IncidentRole, userId: string, actor: Actor): Promise<ChangeResult> {
  assertOpen(incident);
  if (incident.roles[role] === userId) throw new UsageError(`<@${userId}> is already ${role}.`);
  const appended = await recordActorEntry(incident, actor, { kind: 'role', role: { role, userId } });
  const updated = await applyChange(incident, { $set: { [`roles.${role}`]: userId } });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Sets when customer impact started or ended; the entry stands at that time in the timeline. */
export async function setImpactBoundary(
  incident: Incident,
  boundary: 'start' | 'end',
  at: Date,
  actor: Actor,
): Promise<ChangeResult> {
  assertOpen(incident);
  const other = boundary === 'start' ? incident.impact.endedAt : incident.impact.startedAt;
  if (other && (boundary === 'start' ? at > other : at < other)) {
    throw new UsageError(boundary === 'start' ? 'Impact cannot start after it ended.' : 'Impact cannot end before it started.');
  }
  const appended = await recordActorEntry(incident, actor, {
    kind: 'system',
    event: boundary === 'start' ? 'impact_started' : 'impact_ended',
    occurredAt: at,
  });
  const field = boundary === 'start' ? 'impact.startedAt' : 'impact.endedAt';
  const updated = await applyChange(incident, { $set: { [field]: at } });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Describes who was affected and how (the postmortem's summary sentence). */
export async function describeImpact(incident: Incident, text: string, actor: Actor): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, actor, { kind: 'system', event: 'impact_described', text });
  const updated = await applyChange(incident, { $set: { 'impact.text': text } });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Sets a postmortem field: the root cause or the resolution. */
export async function setPostmortemField(incident: Incident, field: 'cause' | 'resolution', text: string): Promise<Incident> {
  assertOpen(incident);
  return applyChange(incident, { $set: { [field]: text } });
}

/** Sets the remark printed after the remediation items, or removes it (`undefined`). */
export async function setRemark(incident: Incident, text: string | undefined): Promise<Incident> {
  assertOpen(incident);
  return applyChange(incident, text === undefined ? { $unset: { remark: 1 } } : { $set: { remark: text } });
}
