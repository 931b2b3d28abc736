import { IncidentModel, type Incident } from '../models/incident.js';

/** A bench incident: open, SEV3, commanded by Alice, its first update promised at `dueAt`. */
function incidentDocument(teamId: string, number: number, channelId: string, dueAt: Date, now: Date, cardTs?: string): Partial<Incident> {
  return {
    ...(cardTs ? { card: { channelId, ts: cardTs } } : {}),
    number,
    teamId,
    channelId,
    channelName: channelId.toLowerCase(),
    title: `Bench incident ${number}`,
    severity: 3,
    status: 'investigating',
    roles: { commander: 'U0ALICE' },
    impact: {},
    actions: [],
    nextUpdateDueAt: dueAt,
    promisedAt: now,
    remindersSent: 0,
    declaredAt: now,
    declaredBy: 'U0ALICE',
  };
}

/**
 * Stores open incidents straight through the model (insertMany, a thousand at a time), one channel
 * each, the i-th promising its next update at `dueAt(i)` and, when given, with its card at `cardTs(i)`.
 * Returns them as stored.
 */
export async function createIncidents(options: {
  count: number;
  teamId: string;
  channelPrefix: string;
  dueAt: (index: number) => Date;
  cardTs?: (index: number) => string;
}): Promise<Incident[]> {
  const now = new Date();
  const created: Incident[] = [];
  for (let start = 0; start < options.count; start += 1000) {
    const documents = [];
    for (let i = start; i < Math.min(options.count, start + 1000); i += 1) {
      const channelId = channelIdFor(options.channelPrefix, i);
      documents.push(incidentDocument(options.teamId, i + 1, channelId, options.dueAt(i), now, options.cardTs?.(i)));
    }
    const stored = await IncidentModel.insertMany(documents);
    created.push(...stored.map((document) => document.toObject() as Incident));
  }
  return created;
}

/** A Slack-looking channel id (`C` + upper-case letters and digits) for the i-th bench incident. */
export function channelIdFor(prefix: string, index: number): string {
  return `C${prefix}${index.toString(36).toUpperCase().padStart(5, '0')}`;
}

/** Closes every open incident, so a later phase starts with only its own incidents open. */
export async function closeAllIncidents(): Promise<number> {
  const now = new Date();
  const result = await IncidentModel.updateMany(
    { closedAt: { $exists: false } },
    { $set: { closedAt: now, resolvedAt: now, status: 'resolved', remindersSent: 0 }, $unset: { nextUpdateDueAt: 1, promisedAt: 1 } },
  );
  return result.modifiedCount;
}
