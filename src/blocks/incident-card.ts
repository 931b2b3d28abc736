import type { KnownBlock } from '@slack/types';
import type { Incident, IncidentRole, Status } from '../../models/incident.js';
import { slackDate } from './dates.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { fromPlainText, toFallbackText, toMrkdwn, toPlainText, truncateMrkdwn, truncatePlain } from '../slack-text/index.js';
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

/** "Incident #12: Checkout errors" as plain text (headers, plain_text fields). */
export function incidentName(incident: Pick<Incident, 'number' | 'title'>): string {
  return `Incident #${incident.number}: ${toPlainText(incident.title)}`;
}

/** When the next update is due, for a card or a list: a date token, "overdue", or why there is none. */
export function nextUpdateText(incident: Incident, now: Date): string {
  if (incident.closedAt) return 'closed';
  if (incident.status === 'resolved') return 'none (resolved)';
  if (!incident.nextUpdateDueAt) return 'reminders off';
  const due = incident.nextUpdateDueAt;
  // No duration: a card keeps what it says until its next refresh, and "overdue by 0 s" would stand there for long.
  return now.getTime() > due.getTime() ? `:warning: *overdue* since ${slackDate(due, '{time}')}` : slackDate(due);
}

/** Room for the impact text in its section, after the window line and the heading (3,000 in all). */
const IMPACT_LIMIT = 2500;
/** Slack refuses a section whose text is longer than this, counted after escaping. */
const SECTION_LIMIT = 3000;

function impactText(incident: Incident): string {
  const { startedAt, endedAt, text } = incident.impact;
  const window =
    startedAt || endedAt
      ? `${startedAt ? slackDate(startedAt) : '?'} → ${endedAt ? slackDate(endedAt) : 'ongoing'}`
      : 'window not set';
  const described = truncateMrkdwn(toMrkdwn(text ?? ''), IMPACT_LIMIT);
  return described.trim() ? `${window}\n${described}` : window;
}

/**
 * The incident card pinned in the channel: title, severity, status, roles, impact, last update and the
 * next update due, with the Post update and Change status buttons. Kept current with chat.update.
 */
export function renderIncidentCard(incident: Incident, now: Date): Reply {
  const header = truncatePlain(`SEV${incident.severity} · ${incidentName(incident)}`, 150);
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
  const summary = truncateMrkdwn(toMrkdwn(incident.summary ?? ''), SECTION_LIMIT);
  if (summary.trim()) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: summary } });
  if (incident.lastDeliveryFailure) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:warning: ${slackDate(incident.lastDeliveryFailure.at, '{time}')}: ${truncateMrkdwn(
            toMrkdwn(fromPlainText(incident.lastDeliveryFailure.what)),
            300,
          )} Everything is recorded in \`/incident timeline\`.`,
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
  const fallback = `SEV${incident.severity} · Incident #${incident.number}: ${toFallbackText(incident.title, 150)}`;
  return { text: `${fallback} — ${STATUS_LABELS[incident.status]}`, blocks };
}
