import type { TimelineEntry } from '../../../models/timeline-entry.js';
import type { Locale } from '../../config.js';
import { getMessages, type Messages } from '../../i18n/catalog.js';
import { createDateFormatter, formatDuration, type DateFormatter } from '../../i18n/format.js';
import {
  describeIncident,
  describeKeyFigures,
  describeSeverity,
  describeSpan,
  describeSummary,
} from './describe.js';
import {
  computeKeyFigures,
  isPublicUpdate,
  sortEntries,
  type KeyFigures,
  type PostmortemEntry,
  type PostmortemIncident,
} from './key-figures.js';
import { toMarkdown, truncateMrkdwn } from '../../slack-text/index.js';
import { indentContinuation, toOneLine } from './markdown.js';
import { minuteOf } from './promises.js';
import { DEFAULT_TEMPLATE, type PostmortemTemplate } from './template.js';

/** What the draft reads from an entry: a `PostmortemEntry`, and for the appendix its earlier texts and whether it was taken out of the timeline. */
export type DraftEntry = PostmortemEntry & Partial<Pick<TimelineEntry, 'revisions' | 'unpinnedAt'>>;

/** How long an earlier text may be in the appendix before it is shortened (visibly); the latest text is always whole. */
const EARLIER_TEXT_LIMIT = 280;

/** Who the draft is for. */
export const AUDIENCES = ['customers', 'internal', 'executives'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** How to write the draft. */
export interface RenderOptions {
  locale: Locale;
  /** IANA zone stamped next to UTC on the timeline (`SECONDARY_TIMEZONE`). */
  secondaryTimezone: string;
  /**
   * `customers`: the paste-ready public text; `internal` (default): the full review, with the key figures and the
   * appendix below a rule; `executives`: a brief of at most 25 lines.
   */
  audience?: Audience;
  /** The team's house style (`config.postmortemTemplate`); the standard layout when unset. */
  template?: PostmortemTemplate;
  /**
   * @deprecated One closing paragraph for every locale. Pass `template` instead, whose per-locale texts include
   * `POSTMORTEM_MORE_INFO` for `POSTMORTEM_LOCALE` only; this is ignored when a template is given.
   */
  moreInfo?: string;
  /** When the draft is written; dates a still-open incident and judges its promises. Defaults to the current time. */
  now?: Date;
  /** Slack user id → display name, for owners and authors; unknown ids are printed as they are. */
  names?: Readonly<Record<string, string>>;
}

/** A rendered draft and the figures it reports. */
export interface Postmortem {
  markdown: string;
  figures: KeyFigures;
}

/** The words of one render: the catalog, with the template's headings, states and closing text. */
interface HouseWords {
  headings: Messages['headings'];
  done: string;
  planned: string;
  moreInfo: string;
}

/** Everything one render needs, built once so no entry pays for it again. */
interface Context {
  messages: Messages;
  words: HouseWords;
  dates: DateFormatter;
  options: RenderOptions;
  template: PostmortemTemplate;
  now: Date;
  name: (userId: string) => string;
  /** Every piece of text a person typed passes through here, and only here, on its way into the draft. */
  userText: (text: string) => string;
}

// The executives' brief lists this many open remediation items at most, the last line saying how many more.
const BRIEF_OPEN_ITEMS = 5;

/**
 * Renders the postmortem draft as Markdown for one audience. The internal draft has the publishable part first,
 * then, below a rule, what comms remove: the incident line, the key figures and the internal appendix.
 */
export function renderPostmortem(
  incident: PostmortemIncident,
  entries: readonly DraftEntry[],
  options: RenderOptions,
): Postmortem {
  const context = createContext(options);
  const sorted = sortEntries(entries);
  const figures = computeKeyFigures(incident, sorted, context.now);
  const blocks =
    options.audience === 'executives'
      ? renderBrief(incident, figures, context)
      : renderDraft(incident, sorted, figures, options.audience ?? 'internal', context);
  return { markdown: `${blocks.join('\n\n')}\n`, figures };
}

function createContext(options: RenderOptions): Context {
  const { locale } = options;
  const messages = getMessages(locale);
  const template = options.template ?? DEFAULT_TEMPLATE;
  const { typeset } = messages;
  const house = (text: string | undefined) => (text === undefined ? undefined : typeset(text));
  const headings = { ...messages.headings };
  for (const [key, heading] of Object.entries(template.headings[locale] ?? {})) {
    if (heading) headings[key as keyof typeof headings] = typeset(heading);
  }
  const states = template.states[locale] ?? {};
  const legacyMoreInfo = options.template ? undefined : options.moreInfo;
  return {
    messages,
    words: {
      headings,
      done: house(states.done) ?? messages.remediation.done,
      planned: house(states.planned) ?? messages.remediation.planned,
      moreInfo: house(template.moreInfo[locale]) ?? (legacyMoreInfo?.trim() || messages.moreInformation),
    },
    dates: createDateFormatter(locale, template.zoneLabel),
    options,
    template,
    now: options.now ?? new Date(),
    name: (userId) => options.names?.[userId] ?? userId,
    userText: (text) => toMarkdown(text, options.names),
  };
}

/** The customers' text, and for the internal draft what follows it below the rule. */
function renderDraft(
  incident: PostmortemIncident,
  sorted: readonly DraftEntry[],
  figures: KeyFigures,
  audience: 'customers' | 'internal',
  context: Context,
): string[] {
  const { messages, words, userText } = context;
  const { headings } = words;
  const remark = userText(incident.remark ?? '');
  const publishable = [
    `# ${userText(toOneLine(incident.title))}`,
    `## ${headings.summary}`,
    ...renderSummary(incident, context),
    `## ${headings.timeline}`,
    ...renderTimeline(sorted, context),
    `## ${headings.rootCause}`,
    textOrPlaceholder(incident.cause, context),
    `## ${headings.resolution}`,
    textOrPlaceholder(incident.resolution, context),
    `## ${headings.remediation}`,
    renderRemediation(incident, audience, context),
    ...(remark ? [`## ${headings.remark}`, remark] : []),
    `## ${headings.moreInfo}`,
    words.moreInfo,
  ];
  if (audience === 'customers') return publishable;
  return [
    ...publishable,
    '---',
    `_${messages.appendix.internalOnly}_`,
    describeIncident(incident, context.options.locale),
    `## ${headings.keyFigures}`,
    describeKeyFigures(figures, context.options.locale, context.dates)
      .map(({ label, value }) => `- ${messages.labelValue(`**${label}**`, value)}`)
      .join('\n'),
    `## ${headings.appendix}`,
    renderAppendix(sorted, context),
  ];
}

/** The Summary sentence, then each note in italics. */
function renderSummary(incident: PostmortemIncident, { dates, options, now, userText }: Context): string[] {
  const { sentence, notes } = describeSummary(incident, {
    locale: options.locale,
    now,
    escapeText: userText,
    dates,
  });
  return [sentence, ...notes.map((note) => `_${note}_`)];
}

function textOrPlaceholder(text: string | undefined, { messages, userText }: Context): string {
  return userText(text ?? '') || `_${messages.placeholders.toBeCompleted}_`;
}

/**
 * Public updates under their `UTC | second zone` stamps, in the template's order. Updates of the same minute
 * share one stamp, one paragraph each, in the order they were recorded.
 */
function renderTimeline(sorted: readonly PostmortemEntry[], context: Context): string[] {
  const { messages, dates, options, template, userText } = context;
  const updates = sorted.filter(isPublicUpdate);
  if (updates.length === 0) return [`_${messages.placeholders.noPublicUpdates}_`];

  const groups: PostmortemEntry[][] = [];
  for (const entry of updates) {
    const last = groups.at(-1);
    if (last && minuteOf(last[0]!.occurredAt) === minuteOf(entry.occurredAt)) last.push(entry);
    else groups.push([entry]);
  }
  if (template.timelineOrder === 'newest-first') groups.reverse();

  // Times alone would hide the day an update was posted on, so an incident whose updates span several UTC
  // days keeps the dates.
  const firstDay = dates.words(updates[0]!.occurredAt, 'UTC').date.text;
  const oneDay = updates.every((entry) => dates.words(entry.occurredAt, 'UTC').date.text === firstDay);
  const form = template.stamp === 'time' && oneDay ? 'time' : 'full';
  const zone = options.secondaryTimezone;
  const showSecondary = zone !== 'UTC' && zone !== 'Etc/UTC';

  const lines: string[] = [];
  for (const group of groups) {
    const at = group[0]!.occurredAt;
    const stamp = dates.stamp(at, 'UTC', form);
    lines.push(`### ${showSecondary ? `${stamp} | ${dates.stamp(at, zone, form)}` : stamp}`);
    for (const entry of group) {
      const text = userText(entry.text);
      const status = entry.status && `**${messages.status[entry.status]}**`;
      const paragraph = status && text ? `${status} – ${text}` : status || text;
      if (paragraph) lines.push(paragraph);
    }
  }
  return lines;
}

/** `- text (owner: name) [Done]`; customers read what will be done, not which colleague does it. */
function renderRemediation(
  incident: PostmortemIncident,
  audience: 'customers' | 'internal',
  { messages, words, name, userText }: Context,
): string {
  if (incident.actions.length === 0) return `_${messages.placeholders.toBeCompleted}_`;
  return incident.actions
    .map((action) => {
      const owner = action.ownerId && audience === 'internal' ? ` (${messages.remediation.owner(name(action.ownerId))})` : '';
      const state = action.done ? words.done : words.planned;
      return `- ${indentContinuation(userText(action.text))}${owner} [${state}]`;
    })
    .join('\n');
}

/**
 * Every internal entry, and every deleted or retracted one, in order, with its UTC time and kind; a pinned message
 * taken out of the timeline is marked so, and an edited entry shows its earlier texts, oldest first.
 */
function renderAppendix(
  sorted: readonly DraftEntry[],
  { messages, dates, name, options, userText }: Context,
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
    if (entry.role)
      line += ` → ${messages.labelValue(messages.roles[entry.role.role], name(entry.role.userId))}`;
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
    if (entry.nextUpdate) {
      const { dueAt } = entry.nextUpdate;
      line += ` (${dueAt ? messages.labelValue(appendix.nextUpdate, dates.stamp(dueAt, 'UTC')) : appendix.noNextUpdate})`;
    }
    if (entry.notified?.length) {
      line += ` → ${messages.labelValue(appendix.notified, entry.notified.map(name).join(', '))}`;
    }
    if (entry.retractedAt) line += ` _(${appendix.retracted})_`;
    else if (entry.deletedAt) line += ` _(${appendix.deleted})_`;
    if (entry.unpinnedAt) line += ` _(${appendix.unpinned})_`;
    if (entry.revisions?.length) {
      const earlier = entry.revisions.map(
        ({ text }) =>
          `${appendix.quotes.open}${userText(truncateMrkdwn(toOneLine(text), EARLIER_TEXT_LIMIT))}${appendix.quotes.close}`,
      );
      line += ` _(${messages.labelValue(appendix.editedEarlier, earlier.join(', '))})_`;
    }
    if (entry.authorId) line += ` · ${name(entry.authorId)}`;
    const text = userText(entry.text);
    if (text) line = messages.labelValue(line, indentContinuation(text));
    if (entry.slack?.permalink) line += ` <${entry.slack.permalink}>`;
    lines.push(line);
  }
  return lines.length > 0 ? lines.join('\n') : `_${messages.placeholders.noInternalEntries}_`;
}

/**
 * The executives' brief, at most 25 lines: title and incident line, the impact and how long it lasted, who was
 * affected, cause, resolution, the open remediation items (the first few, then how many more) and the figures.
 */
function renderBrief(incident: PostmortemIncident, figures: KeyFigures, context: Context): string[] {
  const { messages, dates, options, words, name, userText } = context;
  const { brief, figures: labels } = messages;
  const item = (label: string, value: string) => `- ${messages.labelValue(`**${label}**`, value)}`;
  const oneLine = (text: string | undefined, placeholder: string) =>
    userText(toOneLine(text ?? '')) || `_${placeholder}_`;

  const described = describeKeyFigures(figures, options.locale, dates);
  const [impactDuration, ...others] = described;
  const { startedAt, endedAt } = incident.impact;
  let impact = impactDuration!.value;
  if (startedAt && endedAt && figures.impactMs !== null && figures.impactMs >= 0) {
    impact += ` (${describeSpan(startedAt, endedAt, dates)})`;
  } else if (!incident.resolvedAt) {
    impact = brief.ongoingSince(dates.stamp(startedAt ?? incident.declaredAt, 'UTC'));
  }

  const open = incident.actions.filter((action) => !action.done);
  const shown = open.length > BRIEF_OPEN_ITEMS ? open.slice(0, BRIEF_OPEN_ITEMS - 1) : open;
  const openLines = shown.map((action) => {
    const owner = action.ownerId ? ` (${messages.remediation.owner(name(action.ownerId))})` : '';
    return `  - ${userText(toOneLine(action.text))}${owner}`;
  });
  if (shown.length < open.length) openLines.push(`  - ${brief.more(open.length - shown.length)}`);

  return [
    `# ${userText(toOneLine(incident.title))}`,
    describeIncident(incident, options.locale),
    [
      item(labels.impactDuration, impact),
      item(brief.affected, oneLine(incident.impact.text, messages.placeholders.impact)),
      item(brief.cause, oneLine(incident.cause, messages.placeholders.toBeCompleted)),
      item(brief.resolution, oneLine(incident.resolution, messages.placeholders.toBeCompleted)),
      item(brief.openItems, brief.openCount(open.length, incident.actions.length)),
      ...openLines,
      `- **${words.headings.keyFigures}**`,
      ...others.map(({ label, value }) => `  - ${messages.labelValue(label, value)}`),
    ].join('\n'),
  ];
}
