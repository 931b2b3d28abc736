import { DateTime } from 'luxon';
import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import type { Severity } from '../config.js';
import { ConflictError, UserFacingError } from '../errors.js';
import { declareIncident, findIncidentByChannel } from '../services/incidents.js';
import { inviteToChannel, postIncidentCard, slackFailure } from '../slack/incident-channel.js';

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
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_LENGTH)
    .replace(/-+$/, '');
  return `inc-${DateTime.fromJSDate(now, { zone: 'UTC' }).toFormat('yyyyLLdd')}-${slug || 'incident'}`;
}

async function createChannel(deps: AppDeps, base: string): Promise<{ id: string; name: string }> {
  for (let attempt = 1; attempt <= 50; attempt += 1) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      const result = await deps.slack.conversations.create({ name });
      return { id: result.channel!.id!, name: result.channel!.name ?? name };
    } catch (error) {
      if (slackFailure(error) !== 'name_taken') {
        throw new UserFacingError(`Slack did not create the channel \`#${name}\` (${slackFailure(error)}). Nothing was recorded.`);
      }
    }
  }
  throw new UserFacingError(`Every channel name from \`#${base}\` to \`#${base}-50\` is taken. Nothing was recorded.`);
}

async function channelForHere(deps: AppDeps, channelId: string): Promise<{ id: string; name: string }> {
  const existing = await findIncidentByChannel(channelId);
  if (existing) throw new ConflictError(`This channel already has incident #${existing.number}: “${existing.title}”.`);
  const info = await deps.slack.conversations.info({ channel: channelId }).catch((error: unknown) => {
    throw new UserFacingError(
      `I can’t see this channel (${slackFailure(error)}). If it is private, invite me first: \`/invite @Incident Timeline\`.`,
    );
  });
  const channel = info.channel!;
  if (channel.is_im || channel.is_mpim) throw new UserFacingError('An incident needs a channel, not a direct message.');
  if (!channel.is_member) await deps.slack.conversations.join({ channel: channelId });
  return { id: channelId, name: channel.name ?? channelId };
}

/**
 * Declares an incident: creates `inc-YYYYMMDD-<slug>` (or uses the current channel), invites the
 * declarer and the commander, records the incident and its first promise, then posts and pins its card.
 */
export async function declareWithChannel(deps: AppDeps, request: DeclareRequest): Promise<Incident> {
  const channel = request.here
    ? await channelForHere(deps, request.here.channelId)
    : await createChannel(deps, channelNameFor(request.title, request.now));
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
