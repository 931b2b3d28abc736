import type { Types, UpdateQuery } from 'mongoose';
import type { Locale, Severity } from '../config.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { CounterModel, IncidentModel, type Incident, type Role, type Status } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import { cadenceOf, recordPromiseOutcome, type CadencePolicy } from './promises.js';
import { appendTimelineEntry, recordActorEntry, type Actor } from './timeline.js';

export type { Actor } from './timeline.js';

/** The incident after a change, and the timeline entry that records it (when one was written). */
export interface ChangeResult {
  incident: Incident;
  entry?: TimelineEntry;
  /** False when the same delivery had already been recorded. */
  created: boolean;
}

async function nextIncidentNumber(teamId: string): Promise<number> {
  const counter = await CounterModel.findOneAndUpdate(
    { _id: `incident:${teamId}` },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  return counter!.seq;
}

export async function applyChange(
  incident: Pick<Incident, '_id'>,
  update: UpdateQuery<Incident>,
): Promise<Incident> {
  const updated = await IncidentModel.findOneAndUpdate({ _id: incident._id }, update, {
    returnDocument: 'after',
  }).lean<Incident>();
  if (!updated) throw new NotFoundError('This incident no longer exists.');
  return updated;
}

export function assertOpen(incident: Incident): void {
  if (incident.closedAt) {
    throw new ConflictError(
      `Incident #${incident.number} is closed, so it takes no more changes. \`/incident postmortem\` still drafts it.`,
    );
  }
}

/** The fields that start a new promise at `now` (or stop promising when the cadence is off). */
export function promiseFields(dueIn: number | null, now: Date): UpdateQuery<Incident> {
  if (dueIn === null) {
    return {
      $unset: { nextUpdateDueAt: 1, promisedAt: 1, escalatedAt: 1, lastReminderAt: 1 },
      $set: { remindersSent: 0 },
    };
  }
  return {
    $set: { nextUpdateDueAt: new Date(now.getTime() + dueIn), promisedAt: now, remindersSent: 0 },
    $unset: { escalatedAt: 1, lastReminderAt: 1 },
  };
}

export function merge(...updates: UpdateQuery<Incident>[]): UpdateQuery<Incident> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const update of updates) {
    for (const [operator, fields] of Object.entries(update)) {
      merged[operator] = { ...merged[operator], ...(fields as Record<string, unknown>) };
    }
  }
  return merged as UpdateQuery<Incident>;
}

export interface DeclareInput {
  teamId: string;
  channelId: string;
  channelName: string;
  title: string;
  severity: Severity;
  summary?: string;
  declaredBy: string;
  commanderId?: string;
  locale?: Locale;
  now: Date;
}

/**
 * Declares an incident in a channel: the declarer is commander unless someone else is named, and the
 * first promise of a public update starts now. A channel holds one incident.
 */
export async function declareIncident(input: DeclareInput, policy: CadencePolicy): Promise<Incident> {
  const existing = await IncidentModel.findOne({ channelId: input.channelId }).lean<Incident>();
  if (existing) {
    throw new ConflictError(`This channel already has incident #${existing.number}: “${existing.title}”.`);
  }
  const number = await nextIncidentNumber(input.teamId);
  const cadence = policy(input.severity);
  const created = await IncidentModel.create({
    number,
    teamId: input.teamId,
    channelId: input.channelId,
    channelName: input.channelName,
    title: input.title,
    summary: input.summary,
    severity: input.severity,
    status: 'investigating',
    roles: { commander: input.commanderId ?? input.declaredBy },
    impact: {},
    actions: [],
    declaredAt: input.now,
    declaredBy: input.declaredBy,
    locale: input.locale,
    remindersSent: 0,
    ...(cadence === null
      ? {}
      : { nextUpdateDueAt: new Date(input.now.getTime() + cadence), promisedAt: input.now }),
  });
  const incident = created.toObject() as Incident;
  await appendTimelineEntry({
    incidentId: incident._id,
    kind: 'system',
    event: 'declared',
    text: input.title,
    public: false,
    authorId: input.declaredBy,
    occurredAt: input.now,
    source: 'command',
    severity: input.severity,
  });
  if (input.summary) {
    await appendTimelineEntry({
      incidentId: incident._id,
      kind: 'status',
      status: 'investigating',
      text: input.summary,
      public: true,
      authorId: input.declaredBy,
      occurredAt: input.now,
      source: 'command',
    });
    return applyChange(incident, {
      $set: { lastPublicUpdateAt: input.now, lastPublicUpdateBy: input.declaredBy },
    });
  }
  return incident;
}

/** Remembers the pinned card message of an incident. */
export async function setIncidentCard(
  incident: Pick<Incident, '_id'>,
  card: { channelId: string; ts: string },
) {
  return applyChange(incident, { $set: { card } });
}

/** The incident of a channel, if the channel has one. */
export async function findIncidentByChannel(channelId: string): Promise<Incident | null> {
  return IncidentModel.findOne({ channelId }).lean<Incident>();
}

/** One incident by id. */
export async function getIncident(id: Types.ObjectId | string): Promise<Incident | null> {
  return IncidentModel.findById(id).lean<Incident>();
}

/** Incidents not yet closed, most recently declared first (all workspaces when no team is given). */
export async function listOpenIncidents(teamId?: string, limit = 200): Promise<Incident[]> {
  return IncidentModel.find({ ...(teamId ? { teamId } : {}), closedAt: { $exists: false } })
    .sort({ declaredAt: -1 })
    .limit(limit)
    .lean<Incident[]>();
}

/** How many incidents are open (not closed), by severity; every severity is present, zero or not. */
export async function countOpenIncidentsBySeverity(): Promise<Record<Severity, number>> {
  const rows = await IncidentModel.aggregate<{ _id: Severity; count: number }>([
    { $match: { closedAt: { $exists: false } } },
    { $group: { _id: '$severity', count: { $sum: 1 } } },
  ]);
  const counts: Record<Severity, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const row of rows) counts[row._id] = row.count;
  return counts;
}

export interface UpdateInput extends Actor {
  text: string;
  internal?: boolean;
  /** When it happened, if earlier than now (`--at`). */
  occurredAt?: Date;
  /** Promise the next update after this long, for this update only (`--next`). */
  nextMs?: number;
}

/**
 * Records a status update. A public one that is not backdated keeps (or breaks) the running promise
 * and promises the next update after the cadence; internal and backdated updates promise nothing.
 */
export async function recordUpdate(
  incident: Incident,
  input: UpdateInput,
  policy: CadencePolicy,
): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, input, {
    kind: 'update',
    text: input.text,
    public: !input.internal,
    occurredAt: input.occurredAt ?? input.now,
  });
  if (!appended.created || input.internal)
    return { incident, entry: appended.entry, created: appended.created };
  const updated = await applyChange(incident, await publicUpdateChanges(incident, input, policy));
  return { incident: updated, entry: appended.entry, created: true };
}

/**
 * What a public update changes: the time of the last public update and, unless it is backdated or the
 * incident is resolved, the outcome of the running promise and the promise of the next update.
 */
async function publicUpdateChanges(
  incident: Incident,
  input: Pick<UpdateInput, 'userId' | 'now' | 'occurredAt' | 'nextMs'>,
  policy: CadencePolicy,
): Promise<UpdateQuery<Incident>> {
  const published: UpdateQuery<Incident> = { $max: { lastPublicUpdateAt: input.occurredAt ?? input.now } };
  if (input.occurredAt !== undefined || incident.status === 'resolved') return published;
  if (incident.nextUpdateDueAt) await recordPromiseOutcome(incident, incident.nextUpdateDueAt, input.now);
  const dueIn = input.nextMs ?? cadenceOf(incident, policy);
  return merge(published, { $set: { lastPublicUpdateBy: input.userId } }, promiseFields(dueIn, input.now));
}

export interface StatusInput extends Actor {
  status: Status;
  /** Optional public update text sent with the change. */
  text?: string;
}

/**
 * Changes the status. With text it is also a public update. Resolving stops the promise (nothing is
 * reminded after that); leaving `resolved` reopens the incident and promises an update again.
 */
export async function changeStatus(
  incident: Incident,
  input: StatusInput,
  policy: CadencePolicy,
): Promise<ChangeResult> {
  assertOpen(incident);
  if (incident.status === input.status && !input.text) {
    throw new UsageError(`The incident is already ${input.status}.`);
  }
  const appended = await recordActorEntry(incident, input, {
    kind: 'status',
    status: input.status,
    text: input.text ?? '',
    public: Boolean(input.text),
  });
  if (!appended.created) return { incident, entry: appended.entry, created: false };

  const changes: UpdateQuery<Incident>[] = [{ $set: { status: input.status } }];
  if (input.status === 'resolved') {
    if (input.text && incident.nextUpdateDueAt)
      await recordPromiseOutcome(incident, incident.nextUpdateDueAt, input.now);
    changes.push(
      { $set: { resolvedAt: input.now } },
      promiseFields(null, input.now),
      input.text ? { $set: { lastPublicUpdateAt: input.now, lastPublicUpdateBy: input.userId } } : {},
    );
  } else if (incident.status === 'resolved') {
    changes.push({ $unset: { resolvedAt: 1 } }, promiseFields(cadenceOf(incident, policy), input.now));
    if (input.text)
      changes.push({ $set: { lastPublicUpdateAt: input.now, lastPublicUpdateBy: input.userId } });
  } else if (input.text) {
    changes.push(await publicUpdateChanges(incident, input, policy));
  }
  const updated = await applyChange(incident, merge(...changes));
  return { incident: updated, entry: appended.entry, created: true };
}

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
  const appended = await recordActorEntry(incident, actor, {
    kind: 'severity',
    severity,
  });
  const changes: UpdateQuery<Incident>[] = [{ $set: { severity } }];
  const cadence = cadenceOf({ ...incident, severity }, policy);
  if (incident.status !== 'resolved') {
    if (cadence === null) {
      changes.push(promiseFields(null, actor.now));
    } else {
      const sooner = actor.now.getTime() + cadence;
      if (!incident.nextUpdateDueAt || sooner < incident.nextUpdateDueAt.getTime()) {
        changes.push({ $set: { nextUpdateDueAt: new Date(sooner) } });
      }
    }
  }
  const updated = await applyChange(incident, merge(...changes));
  return { incident: updated, entry: appended.entry, created: true };
}

/** Assigns a role to a person. */
export async function assignRole(
  incident: Incident,
  role: Role,
  userId: string,
  actor: Actor,
): Promise<ChangeResult> {
  assertOpen(incident);
  if (incident.roles[role] === userId) throw new UsageError(`<@${userId}> is already ${role}.`);
  const appended = await recordActorEntry(incident, actor, {
    kind: 'role',
    role: { role, userId },
  });
  const updated = await applyChange(incident, { $set: { [`roles.${role}`]: userId } });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Adds an internal note; it promises nothing. */
export async function addNote(
  incident: Incident,
  input: Actor & { text: string; occurredAt?: Date },
): Promise<ChangeResult> {
  assertOpen(incident);
  const appended = await recordActorEntry(incident, input, {
    kind: 'note',
    text: input.text,
    occurredAt: input.occurredAt ?? input.now,
  });
  return { incident, entry: appended.entry, created: appended.created };
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
    throw new UsageError(
      boundary === 'start' ? 'Impact cannot start after it ended.' : 'Impact cannot end before it started.',
    );
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
  const appended = await recordActorEntry(incident, actor, {
    kind: 'system',
    event: 'impact_described',
    text,
  });
  const updated = await applyChange(incident, { $set: { 'impact.text': text } });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Sets a postmortem field: the root cause or the resolution. */
export async function setPostmortemField(
  incident: Incident,
  field: 'cause' | 'resolution',
  text: string,
): Promise<Incident> {
  assertOpen(incident);
  return applyChange(incident, { $set: { [field]: text } });
}

/** Adds a remediation item (Planned); its number is its place in the list. */
export async function addActionItem(
  incident: Incident,
  input: Actor & { text: string; ownerId?: string },
): Promise<ChangeResult & { number: number }> {
  // Remediation items are still added after close, during the postmortem review.
  const item = {
    text: input.text,
    ownerId: input.ownerId,
    done: false,
    createdAt: input.now,
    createdBy: input.userId,
  };
  const updated = await IncidentModel.findOneAndUpdate(
    { _id: incident._id },
    { $push: { actions: item } },
    { returnDocument: 'after' },
  ).lean<Incident>();
  if (!updated) throw new NotFoundError('This incident no longer exists.');
  // Concurrent additions each find their own item: same text, author and time is the same item.
  const index = updated.actions.findLastIndex(
    (action) =>
      action.text === item.text &&
      action.createdBy === item.createdBy &&
      action.createdAt.getTime() === input.now.getTime(),
  );
  const number = index + 1;
  const appended = await recordActorEntry(incident, input, {
    kind: 'action',
    action: { number, done: false },
    text: input.text,
  });
  return { incident: updated, entry: appended.entry, created: true, number };
}

/** Marks remediation item `number` (1-based) done. */
export async function completeActionItem(
  incident: Incident,
  number: number,
  actor: Actor,
): Promise<ChangeResult> {
  const item = incident.actions[number - 1];
  if (!item) {
    throw new NotFoundError(
      incident.actions.length === 0
        ? 'There are no action items yet.'
        : `There is no action item ${number}: the items are numbered 1 to ${incident.actions.length}.`,
    );
  }
  if (item.done) throw new UsageError(`Action item ${number} is already done.`);
  const updated = await applyChange(incident, {
    $set: { [`actions.${number - 1}.done`]: true, [`actions.${number - 1}.doneAt`]: actor.now },
  });
  const appended = await recordActorEntry(incident, actor, {
    kind: 'action',
    action: { number, done: true },
    text: item.text,
  });
  return { incident: updated, entry: appended.entry, created: true };
}

/** Records that a Slack post failed for good, so the card can say so; nothing is silently dropped. */
export async function recordDeliveryFailure(
  incidentId: Types.ObjectId | string,
  what: string,
  at: Date,
): Promise<void> {
  await IncidentModel.updateOne({ _id: incidentId }, { $set: { lastDeliveryFailure: { at, what } } });
}

export interface CloseInput extends Actor {
  cause: string;
  resolution: string;
  impactText?: string;
  /** New remediation items, added as Planned. */
  newActions: Array<{ text: string; ownerId?: string }>;
  /** Numbers (1-based) of existing items now done. */
  doneActions: number[];
  locale: Locale;
}

/**
 * Closes an incident with its postmortem fields: resolves it if it was not (no reminder fires after
 * this), records the closing, and sets the draft's language. Closing twice closes once: the second
 * call gets a ConflictError.
 */
export async function closeIncident(incident: Incident, input: CloseInput): Promise<Incident> {
  assertOpen(incident);
  const done = Object.fromEntries(
    input.doneActions
      .filter((number) => incident.actions[number - 1] && !incident.actions[number - 1]!.done)
      .flatMap((number) => [
        [`actions.${number - 1}.done`, true],
        [`actions.${number - 1}.doneAt`, input.now],
      ]),
  );
  const added = input.newActions.map((item) => ({
    ...item,
    done: false,
    createdAt: input.now,
    createdBy: input.userId,
  }));
  const closed = await IncidentModel.findOneAndUpdate(
    { _id: incident._id, closedAt: { $exists: false } },
    merge(
      {
        $set: {
          cause: input.cause,
          resolution: input.resolution,
          locale: input.locale,
          status: 'resolved',
          resolvedAt: incident.resolvedAt ?? input.now,
          closedAt: input.now,
          ...(input.impactText ? { 'impact.text': input.impactText } : {}),
          ...done,
        },
      },
      promiseFields(null, input.now),
    ),
    { returnDocument: 'after' },
  ).lean<Incident>();
  if (!closed) throw new ConflictError(`Incident #${incident.number} is already closed.`);
  // MongoDB refuses to tick items by position and push new ones in one update, so the new items follow
  // the close that claimed them; should this write fail, `/incident action` still adds them after close.
  const withItems =
    added.length === 0
      ? closed
      : await IncidentModel.findOneAndUpdate(
          { _id: incident._id, closedAt: input.now },
          { $push: { actions: { $each: added } } },
          { returnDocument: 'after' },
        ).lean<Incident>();
  if (incident.status !== 'resolved') {
    await recordActorEntry(incident, input, {
      kind: 'status',
      status: 'resolved',
      source: input.source ?? 'modal',
    });
  }
  await recordActorEntry(incident, input, {
    kind: 'system',
    event: 'closed',
    source: input.source ?? 'modal',
  });
  return withItems ?? closed;
}
