import type { Locale, Severity } from '../config.js';
import { ConflictError } from '../errors.js';
import { IncidentModel, type Incident } from '../../models/incident.js';
import { newActionItem, type NewActionItem } from './action-items.js';
import { assertOpen, merge, nextIncidentNumber } from './incident-writes.js';
import { promiseFields, promiseOfUpdate, type CadencePolicy } from './promises.js';
import { recordActorEntry, type Actor } from './timeline.js';

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

/** Refuses to declare a second incident in a channel that has one. */
export async function assertChannelFree(channelId: string): Promise<void> {
  const existing = await IncidentModel.findOne({ channelId }).lean<Incident>();
  if (existing) throw new ConflictError(`This channel already has incident #${existing.number}: “${existing.title}”.`);
}

/**
 * Declares an incident in a channel: the declarer is commander unless someone else is named, and the
 * first promise of a public update starts now. A channel holds one incident.
 */
export async function declareIncident(input: DeclareInput, policy: CadencePolicy): Promise<Incident> {
  await assertChannelFree(input.channelId);
  const number = await nextIncidentNumber(input.teamId);
  const cadence = policy(input.severity);
  const declared = { dueAt: cadence === null ? null : new Date(input.now.getTime() + cadence), source: 'cadence' as const };
  // A summary in the form is the first public update: its own words may promise the next one.
  const summarized = input.summary ? promiseOfUpdate({ severity: input.severity }, { at: input.now, text: input.summary }, policy) : undefined;
  const running = summarized ?? declared;
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
    ...(running.dueAt ? { nextUpdateDueAt: running.dueAt, promisedAt: input.now } : {}),
    ...(input.summary ? { lastPublicUpdateAt: input.now, lastPublicUpdateBy: input.declaredBy } : {}),
  });
  const incident = created.toObject() as Incident;
  const declarer: Actor = { userId: input.declaredBy, now: input.now };
  await recordActorEntry(incident, declarer, {
    kind: 'system',
    event: 'declared',
    text: input.title,
    severity: input.severity,
    nextUpdate: declared,
  });
  if (input.summary) {
    await recordActorEntry(incident, declarer, {
      kind: 'status',
      status: 'investigating',
      text: input.summary,
      public: true,
      nextUpdate: summarized!,
    });
  }
  return incident;
}

export interface CloseInput extends Actor {
  /** The root cause; undefined keeps the one recorded. */
  cause?: string;
  /** How it was resolved; undefined keeps the one recorded. */
  resolution?: string;
  impactText?: string;
  /** When it was resolved, if not when it is closed (the close form's "Resolved at"). */
  resolvedAt?: Date;
  /** A closing remark after the remediation items. */
  remark?: string;
  /** New remediation items, added as Planned (with an owner and a due date when the form gave them). */
  newActions: NewActionItem[];
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
        [`actions.${number - 1}.doneBy`, input.userId],
      ]),
  );
  const added = input.newActions.map((item) => newActionItem(item, input.now, input.userId));
  const resolvedAt = input.resolvedAt ?? incident.resolvedAt ?? input.now;
  const closed = await IncidentModel.findOneAndUpdate(
    { _id: incident._id, closedAt: { $exists: false } },
    merge(
      {
        $set: {
          ...(input.cause ? { cause: input.cause } : {}),
          ...(input.resolution ? { resolution: input.resolution } : {}),
          locale: input.locale,
          status: 'resolved',
          resolvedAt,
          closedAt: input.now,
          ...(input.impactText ? { 'impact.text': input.impactText } : {}),
          ...(input.remark ? { remark: input.remark } : {}),
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
  const source = input.source ?? 'modal';
  if (incident.status !== 'resolved') {
    await recordActorEntry(incident, input, { kind: 'status', status: 'resolved', source, occurredAt: resolvedAt });
  }
  await recordActorEntry(incident, input, { kind: 'system', event: 'closed', source });
  return withItems ?? closed;
}
