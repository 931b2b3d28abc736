import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { fromPlainText, toFallbackText, toMrkdwn, truncateMrkdwn } from '../slack-text/index.js';
import type { Incident } from '../../models/incident.js';
import { humanDuration, slackDate } from './dates.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { mention } from './incident-card.js';
import type { Reply } from './reply.js';

/** How long a snooze from the reminder's button lasts. */
export const SNOOZE_BUTTON_MS = 15 * 60_000;

/** What the Snooze button carries: the incident, and the promise its reminder was about. */
export const snoozeButtonValue = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.object({ incidentId: z.string().regex(/^[a-f0-9]{24}$/), dueAt: z.number().int() }));

/** The Snooze button's value for the reminder of the promise due at `dueAt`. */
export function encodeSnoozeValue(incident: Pick<Incident, '_id'>, dueAt: Date): string {
  return JSON.stringify({ incidentId: String(incident._id), dueAt: dueAt.getTime() });
}

/** Who a reminder speaks to: the commander, else whoever last posted a public update, else the declarer. */
export function reminderAddressee(incident: Incident): string {
  return incident.roles.commander ?? incident.lastPublicUpdateBy ?? incident.declaredBy;
}

/** Since when the channel has been silent: its last public update, or the declaration. */
export function silentSince(incident: Incident): Date {
  return incident.lastPublicUpdateAt ?? incident.declaredAt;
}

/** Bold in blocks; nothing in a message's fallback `text`, where people's own `*` must stay as they typed them. */
type Emphasis = (text: string) => string;
const bold: Emphasis = (text) => `*${text}*`;
const plain: Emphasis = (text) => text;

function silenceText(incident: Incident, now: Date, strong: Emphasis): string {
  const since = silentSince(incident);
  const silence = strong(humanDuration(now.getTime() - since.getTime()));
  return incident.lastPublicUpdateAt
    ? `no public update for ${silence} (the last one was at ${slackDate(since, '{time}')})`
    : `no public update in the ${silence} since the incident was declared`;
}

/** The reminder posted in the channel when a promised update has not come, with Post update and Snooze. */
export function renderReminder(incident: Incident & { nextUpdateDueAt: Date }, now: Date, index: number): Reply {
  const again = index > 0 ? ' (again)' : '';
  const text = (strong: Emphasis) =>
    `:alarm_clock: ${mention(reminderAddressee(incident))} — ${silenceText(incident, now, strong)}${again}. ` +
    `The next update was promised by ${slackDate(incident.nextUpdateDueAt, '{time}')}.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: text(bold) } },
    {
      type: 'actions',
      block_id: BLOCK_IDS.reminderActions,
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.postUpdate,
          style: 'primary',
          text: { type: 'plain_text', text: 'Post update' },
          value: String(incident._id),
        },
        {
          type: 'button',
          action_id: ACTION_IDS.snooze,
          text: { type: 'plain_text', text: 'Snooze 15m' },
          value: encodeSnoozeValue(incident, incident.nextUpdateDueAt),
        },
      ],
    },
  ];
  return { text: text(plain), blocks };
}

/** The direct message to a manager when a promised update is overdue past the grace. */
export function renderEscalation(incident: Incident & { nextUpdateDueAt: Date }, now: Date): Reply {
  // The title stays outside the bold: a `*` in it would end the bold early.
  const title = truncateMrkdwn(toMrkdwn(incident.title), 200);
  const text = (strong: Emphasis) =>
    `:rotating_light: ${strong(`SEV${incident.severity} Incident #${incident.number}:`)} ${title} has had ${silenceText(incident, now, strong)}. ` +
    `An update was promised by ${slackDate(incident.nextUpdateDueAt, '{time}')}, ` +
    `${humanDuration(now.getTime() - incident.nextUpdateDueAt.getTime())} ago.\n` +
    `Channel: <#${incident.channelId}> · commander ${mention(incident.roles.commander)}`;
  return { text: text(plain), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text(bold) } }] };
}

/** "Ann", "Ann and Bob", "Ann, Bob and Carl". */
function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The channel's notice of an escalation: who was told by direct message (by name, so nobody is pinged in the
 * channel), and, in plain words, who could not be reached.
 */
export function renderEscalationNotice(outcome: { reached: readonly string[]; unreachable: readonly string[] }): Reply {
  const reached = outcome.reached.map((name) => toMrkdwn(fromPlainText(name)));
  const unreachable = outcome.unreachable.map((name) => toMrkdwn(fromPlainText(name)));
  const parts: string[] = [];
  if (reached.length > 0) parts.push(`${listNames(reached)} ${reached.length === 1 ? 'was' : 'were'} told by direct message.`);
  if (unreachable.length > 0) {
    parts.push(
      `${listNames(unreachable)} could not be reached: Slack kept refusing the direct message. Reach them another way.`,
    );
  }
  const text = `:loudspeaker: The promised update is overdue. ${parts.join(' ')}`;
  return { text: toFallbackText(text), blocks: [{ type: 'context', block_id: BLOCK_IDS.escalationNotice, elements: [{ type: 'mrkdwn', text }] }] };
}
