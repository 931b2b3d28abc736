import type { KnownBlock } from '@slack/types';
import type { Incident, IncidentRole, Status } from '../../models/incident.js';
import { humanDuration, slackDate } from './dates.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import type { Reply } from './reply.js';

export const SEVERITY_EMOJI: Record<number, string> = { 1: ':red_circle:', 2: ':large_orange_circle:', 3: ':large_yellow_circle:', 4: ':white_circle:' };

export const STATUS_LABELS: Record<Status, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const ROLE_LABELS: Record<IncidentRole, string> = { commander: 'Commander', comms: 'Comms lead', scribe: 'Scribe' };

/** `<@U…>` or a dash. */
export function mention(userId: string | undefined): string {
  return userId ? `<@${userId}>` : '—';
}

/** "Incident #12: Checkout errors" as plain text. */
export function incidentName(incident: Pick<Incident, 'number' | 'title'>): string {
  return `Incident #${incident.number}: ${incident.title}`;
}

/** When the next update is due, for a card or a list: a date token, "overdue", or why there is none. */
export function nextUpdateText(incident: Incident, now: Date): string {
  if (incident.closedAt) return 'closed';
  if (incident.status === 'resolved') return 'none (resolved)';
  if (!incident.nextUpdateDueAt) return 'reminders off';
  const due = incident.nextUpdateDueAt;
  const late = now.getTime() - due.getTime();
  return late > 0 ? `:warning: *overdue by ${humanDuration(late)}* (was due ${slackDate(due, '{time}')})` : slackDate(due);
}

function impactText(incident: Incident): string {
  const { startedAt, endedAt, text } = incident.impact;
  const window =
    startedAt || endedAt
      ? `${startedAt ? slackDate(startedAt) : '?'} → ${endedAt ? slackDate(endedAt) : 'ongoing'}`
      : 'window not set';
  return text ? `${window}\n${escapeMrkdwn(truncate(text, 1500))}` : window;
}

/**
 * The incident card pinned in the channel: title, severity, status, roles, impact, last update and the
 * next update due, with the Post update and Change status buttons. Kept current with chat.update.
 */
export function renderIncidentCard(incident: Incident, now: Date): Reply {
  const header = truncate(`SEV${incident.severity} · ${incidentName(incident)}`, 150);
  const lastUpdate = incident.lastPublicUpdateAt
    ? `${slackDate(incident.lastPublicUpdateAt)} by ${mention(incident.lastPublicUpdateBy)}`
    : 'none yet';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_EMOJI[incident.severity]} SEV${incident.severity}` },
        { type: 'mrkdwn', text: `*Status*\n${STATUS_LABELS[incident.status]}${incident.closedAt ? ' (closed)' : ''}` },
        { type: 'mrkdwn', text: `*${ROLE_LABELS.commander}*\n${mention(incident.roles.commander)}` },
        { type: 'mrkdwn', text: `*${ROLE_LABELS.comms}*\n${mention(incident.roles.comms)}` },
        { type: 'mrkdwn', text: `*${ROLE_LABELS.scribe}*\n${mention(incident.roles.scribe)}` },
        { type: 'mrkdwn', text: `*Declared*\n${slackDate(incident.declaredAt)}` },
        { type: 'mrkdwn', text: `*Last public update*\n${lastUpdate}` },
        { type: 'mrkdwn', text: `*Next update due*\n${nextUpdateText(incident, now)}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Customer impact*\n${impactText(incident)}` } },
  ];
  if (incident.summary) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(incident.summary, 2900)) } });
  }
  if (incident.lastDeliveryFailure) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:warning: Slack refused a post at ${slackDate(incident.lastDeliveryFailure.at, '{time}')}: ${escapeMrkdwn(
            truncate(incident.lastDeliveryFailure.what, 300),
          )}. It is recorded in the timeline; check \`/incident timeline\`.`,
        },
      ],
    });
  }
  if (!incident.closedAt) {
    blocks.push({
      type: 'actions',
      block_id: BLOCK_IDS.cardActions,
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.postUpdate,
          text: { type: 'plain_text', text: 'Post update' },
          style: 'primary',
          value: String(incident._id),
        },
        {
          type: 'button',
          action_id: ACTION_IDS.changeStatus,
          text: { type: 'plain_text', text: 'Change status' },
          value: String(incident._id),
        },
      ],
    });
  }
  return { text: `${header} — ${STATUS_LABELS[incident.status]}`, blocks };
}
