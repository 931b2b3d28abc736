import DataLoader from 'dataloader';
import type { QueryFilter, Types } from 'mongoose';
import { z } from 'zod';
import type { Severity } from '../config.js';
import { NotFoundError } from '../errors.js';
import { IncidentModel, type Incident } from '../../models/incident.js';

/** An incident id as it travels in buttons, modal metadata and job payloads: 24 hex digits. */
export const incidentIdSchema = z.string().regex(/^[a-f0-9]{24}$/, 'not an incident id');

/** The incident of a channel, if the channel has one. */
export async function findIncidentByChannel(channelId: string): Promise<Incident | null> {
  return IncidentModel.findOne({ channelId }).lean<Incident>();
}

/** One incident by id, or null. */
export async function getIncident(id: Types.ObjectId | string): Promise<Incident | null> {
  return IncidentModel.findById(id).lean<Incident>();
}

/**
 * Reads of incidents by id asked for in the same turn of the event loop, made as one query: when many reminder
 * steps fall due together, fifty steps at a time cost one MongoDB command, not fifty. Nothing is cached; every
 * read starts after it was asked for, so a step still re-reads the incident before it acts.
 */
const incidentReads = new DataLoader<string, Incident | null>(
  async (ids) => {
    const found = await IncidentModel.find({ _id: { $in: ids } }).lean<Incident[]>();
    const byId = new Map(found.map((incident) => [String(incident._id), incident]));
    return ids.map((id) => byId.get(id) ?? null);
  },
  { cache: false, batchScheduleFn: (read) => setImmediate(read) },
);

/** One incident by id (24 hex digits), or null, read together with the others asked for at the same time. */
export function readIncidentWithOthers(id: string): Promise<Incident | null> {
  return incidentReads.load(id);
}

/** One incident by id; a NotFoundError tells the person it no longer exists. */
export async function requireIncident(id: Types.ObjectId | string): Promise<Incident> {
  const incident = await getIncident(id);
  if (!incident) throw new NotFoundError('That incident no longer exists.');
  return incident;
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

/** The incidents matching `filter`, in batches of `batchSize` in id order, so a reconciler never holds them all. */
export async function* incidentsInBatches(filter: QueryFilter<Incident>, batchSize = 1000): AsyncGenerator<Incident[]> {
  let lastId: Incident['_id'] | undefined;
  for (;;) {
    const batch = await IncidentModel.find({ ...filter, ...(lastId ? { _id: { $gt: lastId } } : {}) })
      .sort({ _id: 1 })
      .limit(batchSize)
      .lean<Incident[]>();
    if (batch.length === 0) return;
    yield batch;
    lastId = batch.at(-1)!._id;
  }
}

/** Open incidents with a running promise, in batches, for the reconciler. */
export function incidentsWithPromises(batchSize = 1000): AsyncGenerator<Incident[]> {
  return incidentsInBatches({ closedAt: { $exists: false }, status: { $ne: 'resolved' }, nextUpdateDueAt: { $exists: true } }, batchSize);
}
