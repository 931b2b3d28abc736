import { DateTime } from 'luxon';
import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import type { Severity } from '../config.js';
import { toPlainText } from '../slack-text/index.js';
import { assertChannelFree, declareIncident } from '../services/lifecycle.js';
import { postIncidentCard } from '../slack/card.js';
import { createIncidentChannel, inviteToChannel, joinCurrentChannel } from '../slack/channels.js';

export interface DeclareRequest {
  teamId: string;
  userId: string;
  title: string;
  severity: Severity;
  summary?: string;
  commanderId?: string;
  /** Declare in this channel instead of creating one (`--here`). */
  here?: { channelId: string };
  now: Date;
}

const SLUG_LENGTH = 60;

/** The channel name for a title: `inc-YYYYMMDD-<slug>`, lowercase ASCII, at most 80 characters with a suffix. */
export function channelNameFor(title: string, now: Date): string {
  const slug = toPlainText(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_LENGTH)
    .replace(/-+$/, '');
  return `inc-${DateTime.fromJSDate(now, { zone: 'UTC' }).toFormat('yyyyLLdd')}-${slug || 'incident'}`;
}

/**
 * Declares an incident: creates `inc-YYYYMMDD-<slug>` (or uses the current channel), invites the
 * declarer and the commander, records the incident and its first promise, then posts and pins its card.
 */
export async function declareWithChannel(deps: AppDeps, request: DeclareRequest): Promise<Incident> {
  if (request.here) await assertChannelFree(request.here.channelId);
  const channel = request.here
    ? await joinCurrentChannel(deps.slack, request.here.channelId)
    : await createIncidentChannel(deps.slack, channelNameFor(request.title, request.now));
  if (!request.here) {
    const people = [request.userId, request.commanderId].filter((id): id is string => !!id);
    await inviteToChannel(deps.slack, channel.id, people, deps.logger);
  }
  const incident = await declareIncident(
    {
      teamId: request.teamId,
      channelId: channel.id,
      channelName: channel.name,
      title: request.title,
      severity: request.severity,
      summary: request.summary,
      declaredBy: request.userId,
      commanderId: request.commanderId,
      locale: deps.config.postmortemLocale,
      now: request.now,
    },
    deps.cadence,
  );
  await deps.reminders.schedule(incident);
  return postIncidentCard(deps.slack, incident, deps.logger);
}
