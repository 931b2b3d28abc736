import type { KnownBlock } from '@slack/types';
import type { Incident } from '../../models/incident.js';
import type { NextUpdateSource, TimelineEntry } from '../../models/timeline-entry.js';
import { formatDurationShort } from '../time/duration.js';
import { humanDuration, slackDate } from './dates.js';
import { mention, nextUpdateText, ROLE_LABELS, STATUS_LABELS } from './incident-card.js';
import { splitMrkdwn, toFallbackText, toMrkdwn, truncateMrkdwn } from '../slack-text/index.js';
import { sections, type Reply } from './reply.js';

/** One line saying what an entry records (kind-specific facts, no user text), in mrkdwn. */
export function describeEntry(entry: TimelineEntry): string {
  const by = entry.authorId ? ` — ${mention(entry.authorId)}` : '';
  switch (entry.kind) {
    case 'update':
      return entry.public ? `:mega: *Public update*${by}` : `:lock: *Internal update*${by}`;
    case 'status':
      return `:arrows_counterclockwise: *Status → ${STATUS_LABELS[entry.status ?? 'investigating']}*${entry.public ? ' (public update)' : ''}${by}`;
    case 'severity':
      return `:rotating_light: *Severity → SEV${entry.severity}*${by}`;
    case 'role':
      return `:bust_in_silhouette: ${mention(entry.role?.userId)} is now *${ROLE_LABELS[entry.role?.role ?? 'commander']}*${by}`;
    case 'note':
      return `:memo: *Note*${by}`;
    case 'pinned':
      return `:pushpin: *Pinned message*${by}${pinMarks(entry)}`;
    case 'action':
      return entry.action?.done
        ? `:white_check_mark: *Action item ${entry.action.number} done*${by}`
        : `:clipboard: *Action item ${entry.action?.number ?? ''} added*${by}`;
    case 'reminder':
      return `:alarm_clock: *Reminder sent*: the update due ${entry.promise ? slackDate(entry.promise.dueAt, '{time}') : ''} had not come`;
    case 'escalation':
      return `:loudspeaker: *Managers pinged*: ${(entry.notified ?? []).map(mention).join(', ') || 'nobody configured'}`;
    case 'system':
      return describeSystemEntry(entry, by);
  }
}

/** How a person corrected an entry they recorded: retracted (by whom), or edited. Pinned messages say their own. */
function correctionMark(entry: TimelineEntry): string {
  if (entry.retractedAt) return ` _(retracted${entry.retractedBy ? ` by ${mention(entry.retractedBy)}` : ''})_`;
  return entry.kind !== 'pinned' && entry.revisions.length > 0 ? ' _(edited)_' : '';
}

/** What became of a pinned message since it was pinned: edited, deleted in Slack, removed from the timeline. */
function pinMarks(entry: TimelineEntry): string {
  const marks = [
    entry.revisions.length > 0 ? 'edited' : '',
    entry.deletedAt ? 'deleted in Slack' : '',
    entry.unpinnedAt ? 'removed from the timeline' : '',
  ].filter(Boolean);
  return marks.length > 0 ? ` _(${marks.join(', ')})_` : '';
}

function describeSystemEntry(entry: TimelineEntry, by: string): string {
  switch (entry.event) {
    case 'declared':
      return `:fire: *Incident declared* (SEV${entry.severity ?? '?'})${by}`;
    case 'reopened':
      return `:leftwards_arrow_with_hook: *Incident reopened*${by}`;
    case 'closed':
      return `:checkered_flag: *Incident closed*${by}`;
    case 'impact_started':
      return `:chart_with_downwards_trend: *Customer impact started*${by}`;
    case 'impact_ended':
      return `:chart_with_upwards_trend: *Customer impact ended*${by}`;
    case 'impact_described':
      return `:busts_in_silhouette: *Impact described*${by}`;
    case 'promise':
      return entry.promise?.outcome === 'kept'
        ? `:handshake: Update promised for ${slackDate(entry.promise.dueAt, '{time}')} *kept*`
        : `:hourglass: Update promised for ${entry.promise ? slackDate(entry.promise.dueAt, '{time}') : '?'} *broken*`;
    case 'reminders_changed':
      return entry.cadenceMs === null || entry.cadenceMs === undefined
        ? `:no_bell: *Reminders turned off*${by}`
        : `:bell: *Update every ${formatDurationShort(entry.cadenceMs)}*${by}`;
    case 'snoozed': {
      const delay = entry.cadenceMs ? ` ${humanDuration(entry.cadenceMs)}` : '';
      const until = entry.nextUpdate?.dueAt ? `, now due ${slackDate(entry.nextUpdate.dueAt, '{time}')}` : '';
      return `:zzz: *Next update pushed back${delay}*${until}${by}`;
    }
    default:
      return `*System*${by}`;
  }
}

/** The timestamp of an entry: its time token, plus "recorded later" when it was backdated. */
function entryTime(entry: TimelineEntry): string {
  const backdated = entry.recordedAt.getTime() - entry.occurredAt.getTime() > 60_000;
  return backdated
    ? `${slackDate(entry.occurredAt)} _(recorded ${humanDuration(entry.recordedAt.getTime() - entry.occurredAt.getTime())} later)_`
    : slackDate(entry.occurredAt);
}

const PROMISE_SOURCES: Partial<Record<NextUpdateSource, string>> = {
  flag: 'as set with `--next`',
  text: 'as promised in this update',
  cadence: 'the incident’s cadence',
};

/**
 * When a public update says the next one is due, and why: by `--next`, by its own words, or by the cadence. An
 * update backdated behind a later one says what it promised, and that the later one's promise runs.
 */
function promiseLine(incident: Incident, entry: TimelineEntry, now: Date): string {
  const made = entry.nextUpdate;
  if (!made) return `Next update due: ${nextUpdateText(incident, now)}`;
  const why = PROMISE_SOURCES[made.source];
  const running = made.dueAt !== null && incident.nextUpdateDueAt?.getTime() === made.dueAt.getTime();
  if (running || made.dueAt === null || incident.status === 'resolved') {
    return `Next update due: ${nextUpdateText(incident, now)}${running && why ? ` — ${why}` : ''}`;
  }
  return `This update promised the next one by ${slackDate(made.dueAt, '{time}')}; a later update’s promise is the one running (${nextUpdateText(incident, now)}).`;
}

/** The block id of the first block of an entry's post: how a correction finds the post again. */
export function entryBlockId(entry: Pick<TimelineEntry, '_id'>): string {
  return `entry_${String(entry._id)}`;
}

/** User text per message: Slack refuses messages with much more than ~13,000 characters of block text. */
const MESSAGE_USER_TEXT = 11_000;

/**
 * The channel messages for a new entry: what it is, the text as typed (escaped, split over sections),
 * and, for public updates, when the next one is due. Text too long for one message continues in
 * further messages (the caller threads them), so nothing is ever cut.
 */
export function renderEntryMessages(incident: Incident, entry: TimelineEntry, now: Date): Reply[] {
  const rendered = toMrkdwn(entry.text);
  const chunks = rendered.trim() ? splitMrkdwn(rendered, MESSAGE_USER_TEXT) : [];
  const head: KnownBlock[] = [
    { type: 'section', block_id: entryBlockId(entry), text: { type: 'mrkdwn', text: `${describeEntry(entry)}${correctionMark(entry)} · ${entryTime(entry)}` } },
    ...(chunks[0] ? sections(chunks[0]) : []),
  ];
  if (entry.slack?.permalink && entry.kind === 'pinned') {
    const original = toMrkdwn([{ type: 'link', url: entry.slack.permalink, label: 'Original message' }]);
    head.push({ type: 'context', elements: [{ type: 'mrkdwn', text: original }] });
  }
  if (entry.public) head.push({ type: 'context', elements: [{ type: 'mrkdwn', text: promiseLine(incident, entry, now) }] });
  if (chunks.length > 1) {
    head.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_Continued in the thread (${chunks.length - 1} more)._` }] });
  }
  const label = describeEntry(entry).replace(/[*_]|:[a-z_]+: /g, '');
  const first: Reply = { text: `${label}${chunks.length > 0 ? `: ${toFallbackText(entry.text, 3000)}` : ''}`, blocks: head };
  const rest = chunks.slice(1).map((chunk, index) => ({
    text: `${label} (continued ${index + 2}/${chunks.length})`,
    blocks: [
      ...sections(chunk),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `_Continued ${index + 2}/${chunks.length}_` }] } as KnownBlock,
    ],
  }));
  return [first, ...rest];
}

/** Longest user text shown per entry in the timeline reply; the postmortem draft has the full text. */
const TIMELINE_TEXT_LIMIT = 280;
/** Slack refuses a message whose blocks hold much more than ~13,000 characters in all. */
const MESSAGE_TEXT_BUDGET = 11_000;
/** A response_url takes five posts; keep one for anything else. */
const MAX_PAGES = 4;

/** User text on one line, shortened visibly to `limit`. */
function oneLine(text: string, limit: number): string {
  return truncateMrkdwn(toMrkdwn(text).replace(/\s+/g, ' ').trim(), limit);
}

/**
 * An entry's text in the timeline reply: struck through when the entry was removed from the timeline (a pin
 * taken back), and followed by its earlier texts, oldest first, when it was edited.
 */
function timelineText(entry: TimelineEntry, limit: number): string {
  if (!entry.text && entry.revisions.length === 0) return '';
  const shown = entry.text ? oneLine(entry.text, limit) : '';
  const text = shown && entry.unpinnedAt ? `~${shown}~` : shown;
  const earlier = entry.revisions.map((revision) => `“${oneLine(revision.text, Math.min(limit, 120))}”`);
  return `${text ? `\n${text}` : ''}${earlier.length > 0 ? `\n_earlier:_ ${earlier.join(', ')}` : ''}`;
}

/**
 * The `/incident timeline` reply: entries in order with reader-local times and the user text
 * shortened visibly, paged over as many messages as Slack's limits need (at most four), and how many
 * earlier entries are not shown.
 */
export function renderTimeline(
  incident: Incident,
  entries: readonly TimelineEntry[],
  earlier: number,
  numbers: ReadonlyMap<string, number> = new Map(),
): Reply[] {
  const render = (limit: number) =>
    entries.map((entry) => {
      const text = timelineText(entry, limit);
      const number = numbers.get(String(entry._id));
      return `${number ? `\`#${number}\` ` : ''}${slackDate(entry.occurredAt, '{date_short} {time}')} ${describeEntry(entry)}${correctionMark(entry)}${text}`;
    });
  // Shorten the texts further rather than leave out the latest entries.
  let lines = render(TIMELINE_TEXT_LIMIT);
  for (const limit of [160, 80, 40]) {
    if (lines.reduce((sum, line) => sum + line.length + 2, 0) < MAX_PAGES * MESSAGE_TEXT_BUDGET * 0.85) break;
    lines = render(limit);
  }
  const intro = `*Timeline of incident #${incident.number}* — ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${
    earlier > 0 ? `, ${earlier} earlier not shown (the postmortem draft has them all)` : ''
  }`;
  const pages: KnownBlock[][] = [[{ type: 'section', text: { type: 'mrkdwn', text: intro } }]];
  let pageText = intro.length;
  let section = '';
  const flush = () => {
    if (section) pages.at(-1)!.push({ type: 'section', text: { type: 'mrkdwn', text: section } });
    section = '';
  };
  for (const line of lines) {
    if (pageText + line.length > MESSAGE_TEXT_BUDGET || pages.at(-1)!.length >= 45) {
      flush();
      if (pages.length === MAX_PAGES) break;
      pages.push([]);
      pageText = 0;
    }
    if (section && section.length + line.length + 2 > 2900) flush();
    section = section ? `${section}\n\n${line}` : line;
    pageText += line.length + 2;
  }
  flush();
  if (entries.length === 0) pages[0]!.push({ type: 'section', text: { type: 'mrkdwn', text: '_Nothing recorded yet._' } });
  return pages.map((blocks, index) => ({
    text: `Timeline of incident #${incident.number} (${index + 1}/${pages.length})`,
    blocks,
  }));
}
