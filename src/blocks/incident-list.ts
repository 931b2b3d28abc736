import type { KnownBlock, View } from '@slack/types';
import type { Incident } from '../../models/incident.js';
import type { OpenItem } from '../services/action-items.js';
import { renderHomeItems } from './action-items.js';
import { humanDuration } from './dates.js';
import { mention, nextUpdateText, SEVERITY_EMOJI, STATUS_LABELS } from './incident-card.js';
import { toMrkdwn, truncateMrkdwn } from '../slack-text/index.js';
import type { Reply } from './reply.js';

function incidentLine(incident: Incident, now: Date): string {
  const age = humanDuration(now.getTime() - incident.declaredAt.getTime());
  return (
    `${SEVERITY_EMOJI[incident.severity]} *SEV${incident.severity}* <#${incident.channelId}> — *#${incident.number}* ${truncateMrkdwn(toMrkdwn(incident.title), 300)}\n` +
    `${STATUS_LABELS[incident.status]} · open ${age} · commander ${mention(incident.roles.commander)} · next update: ${nextUpdateText(incident, now)}`
  );
}

function listBlocks(incidents: readonly Incident[], now: Date, maxBlocks: number): KnownBlock[] {
  if (incidents.length === 0) {
    return [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: No open incidents.' } }];
  }
  const sorted = [...incidents].sort(
    (a, b) => a.severity - b.severity || b.declaredAt.getTime() - a.declaredAt.getTime(),
  );
  const shown = sorted.slice(0, maxBlocks - 1);
  const blocks: KnownBlock[] = shown.map((incident) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: incidentLine(incident, now) },
  }));
  if (sorted.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${sorted.length - shown.length} more (least severe not shown).` }],
    });
  }
  return blocks;
}

/** The `/incident list` reply: open incidents, most severe first, overdue updates marked. */
export function renderIncidentList(incidents: readonly Incident[], now: Date): Reply {
  const intro: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: `*Open incidents: ${incidents.length}*` },
  };
  return {
    text: `Open incidents: ${incidents.length}`,
    blocks: [intro, ...listBlocks(incidents, now, 40)],
  };
}

/** Most remediation items App Home shows; the rest are in `/incident actions`. */
const HOME_ITEMS = 15;

/**
 * The App Home tab: the viewer's open remediation items (overdue ones marked, each with a Done button), then the
 * open incidents, for anyone who opens the app.
 */
export function renderHome(incidents: readonly Incident[], now: Date, items: readonly OpenItem[] = []): View {
  const itemBlocks = [...renderHomeItems(items, now, HOME_ITEMS), { type: 'divider' } as KnownBlock];
  const overdue = incidents.filter(
    (incident) => incident.nextUpdateDueAt && incident.nextUpdateDueAt.getTime() < now.getTime() && !incident.closedAt,
  ).length;
  return {
    type: 'home',
    blocks: [
      ...itemBlocks,
      { type: 'header', text: { type: 'plain_text', text: 'Open incidents' } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${incidents.length} open${overdue > 0 ? ` · :warning: ${overdue} with an overdue update` : ''} · \`/incident declare\` starts one`,
          },
        ],
      },
      { type: 'divider' },
      // Slack takes 100 blocks in a Home tab.
      ...listBlocks(incidents, now, 97 - itemBlocks.length),
    ],
  };
}
