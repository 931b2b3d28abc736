import type { Locale } from '../../config.js';
import { getMessages, type Messages } from '../../i18n/catalog.js';
import { createDateFormatter, formatDuration, type DateFormatter } from '../../i18n/format.js';
import { describeIncident, describeKeyFigures, describeSeverity, describeSummary } from './describe.js';
import {
  computeKeyFigures,
  isPublicUpdate,
  sortEntries,
  type KeyFigures,
  type PostmortemEntry,
  type PostmortemIncident,
} from './key-figures.js';
import { guardMarkdown, indentContinuation, toOneLine } from './markdown.js';

/** How to write the draft. */
export interface RenderOptions {
  locale: Locale;
  /** IANA zone stamped next to UTC on the timeline (`SECONDARY_TIMEZONE`). */
  secondaryTimezone: string;
  /** The closing paragraph (`POSTMORTEM_MORE_INFO`); the locale's default when unset. */
  moreInfo?: string;
  /** When the draft is written; used to date a still-open incident. Defaults to the current time. */
  now?: Date;
  /** Slack user id → display name, for owners and authors; unknown ids are printed as they are. */
  names?: Readonly<Record<string, string>>;
}

/** A rendered draft and the figures it reports. */
export interface Postmortem {
  markdown: string;
  figures: KeyFigures;
}

/** Everything one render needs, built once so no entry pays for it again. */
interface Context {
  messages: Messages;
  dates: DateFormatter;
  options: RenderOptions;
  name: (userId: string) => string;
}

/** Renders the postmortem draft as Markdown: the publishable part first, then an internal part comms remove. */
export function renderPostmortem(
  incident: PostmortemIncident,
  entries: readonly PostmortemEntry[],
  options: RenderOptions,
): Postmortem {
  const messages = getMessages(options.locale);
  const context: Context = {
    messages,
    dates: createDateFormatter(options.locale),
    options,
    name: (userId) => options.names?.[userId] ?? userId,
  };
  const sorted = sortEntries(entries);
  const figures = computeKeyFigures(incident, sorted);
  const { headings } = messages;

  const out: string[] = [
    `# ${guardMarkdown(toOneLine(incident.title))}`,
    describeIncident(incident, options.locale),
    `## ${headings.summary}`,
    ...renderSummary(incident, context),
    `## ${headings.timeline}`,
    ...renderTimeline(sorted, context),
    `## ${headings.rootCause}`,
    textOrPlaceholder(incident.cause, messages),
    `## ${headings.resolution}`,
    textOrPlaceholder(incident.resolution, messages),
    `## ${headings.remediation}`,
    renderRemediation(incident, context),
    `## ${headings.moreInformation}`,
    guardMarkdown(options.moreInfo ?? messages.moreInformation),
    '---',
    `_${messages.appendix.internalOnly}_`,
    `## ${headings.keyFigures}`,
    describeKeyFigures(figures, options.locale, context.dates)
      .map(({ label, value }) => `- ${messages.labelValue(`**${label}**`, value)}`)
      .join('\n'),
    `## ${headings.internalAppendix}`,
    renderAppendix(sorted, context),
  ];
  return { markdown: `${out.join('\n\n')}\n`, figures };
}

/** The Summary sentence, then each note in italics. */
function renderSummary(incident: PostmortemIncident, { dates, options }: Context): string[] {
  const { sentence, notes } = describeSummary(incident, {
    locale: options.locale,
    now: options.now,
    escapeText: guardMarkdown,
    dates,
  });
  return [sentence, ...notes.map((note) => `_${note}_`)];
}

function textOrPlaceholder(text: string | undefined, messages: Messages): string {
  const guarded = guardMarkdown(text ?? '');
  return guarded || `_${messages.placeholders.toBeCompleted}_`;
}

/** Public updates in order, each under its `UTC | secondary zone` stamp. */
function renderTimeline(sorted: readonly PostmortemEntry[], { messages, dates, options }: Context): string[] {
  const zone = options.secondaryTimezone;
  const showSecondary = zone !== 'UTC' && zone !== 'Etc/UTC';
  const lines: string[] = [];
  for (const entry of sorted) {
    if (!isPublicUpdate(entry)) continue;
    const stamp = dates.stamp(entry.occurredAt, 'UTC');
    lines.push(`### ${showSecondary ? `${stamp} | ${dates.stamp(entry.occurredAt, zone)}` : stamp}`);
    const text = guardMarkdown(entry.text);
    const status = entry.status && `**${messages.status[entry.status]}**`;
    lines.push(status && text ? `${status} – ${text}` : status || text);
  }
  return lines.length > 0 ? lines : [`_${messages.placeholders.noPublicUpdates}_`];
}

/** `- text (owner: name) [Done]` */
function renderRemediation(incident: PostmortemIncident, { messages, name }: Context): string {
  if (incident.actions.length === 0) return `_${messages.placeholders.toBeCompleted}_`;
  return incident.actions
    .map((action) => {
      const owner = action.ownerId ? ` (${messages.remediation.owner(name(action.ownerId))})` : '';
      const state = action.done ? messages.remediation.done : messages.remediation.planned;
      return `- ${indentContinuation(guardMarkdown(action.text))}${owner} ${state}`;
    })
    .join('\n');
}

/** Every internal entry, and every deleted one, in order, with its UTC time and kind. */
function renderAppendix(
  sorted: readonly PostmortemEntry[],
  { messages, dates, name, options }: Context,
): string {
  const { appendix } = messages;
  const lines: string[] = [];
  for (const entry of sorted) {
    if (isPublicUpdate(entry)) continue;
    const kind =
      entry.kind === 'update' && !entry.public ? appendix.internalUpdate : appendix.kinds[entry.kind];
    let line = `- ${dates.stamp(entry.occurredAt, 'UTC')} · **${kind}**`;
    if (entry.kind === 'status' && entry.status) line += ` → ${messages.status[entry.status]}`;
    if (entry.kind === 'severity' && entry.severity) {
      line += ` → ${describeSeverity(entry.severity, messages)}`;
    }
    if (entry.role) line += ` → ${messages.roles[entry.role.role]}: ${name(entry.role.userId)}`;
    if (entry.event && entry.event !== 'promise') line += ` → ${appendix.events[entry.event]}`;
    if (entry.event === 'reminders_changed' || entry.event === 'snoozed') {
      line += ` (${entry.cadenceMs ? formatDuration(entry.cadenceMs, options.locale) : appendix.cadenceOff})`;
    }
    if (entry.action)
      line += ` → ${appendix.action.item} ${entry.action.number} ${entry.action.done ? appendix.action.done : appendix.action.added}`;
    if (entry.promise) {
      const due = messages.labelValue(appendix.promise.due, dates.stamp(entry.promise.dueAt, 'UTC'));
      line += entry.promise.outcome ? ` → ${appendix.promise[entry.promise.outcome]} (${due})` : ` (${due})`;
    }
    if (entry.notified?.length) line += ` → ${appendix.notified}: ${entry.notified.map(name).join(', ')}`;
    if (entry.deletedAt) line += ` _(${appendix.deleted})_`;
    if (entry.authorId) line += ` · ${name(entry.authorId)}`;
    const text = guardMarkdown(entry.text);
    if (text) line += `: ${indentContinuation(text)}`;
    if (entry.slack?.permalink) line += ` <${entry.slack.permalink}>`;
    lines.push(line);
  }
  return lines.length > 0 ? lines.join('\n') : `_${messages.placeholders.noInternalEntries}_`;
}
