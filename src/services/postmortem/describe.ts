import type { Locale } from '../../config.js';
import { getMessages, type Messages, type WindowWords } from '../../i18n/catalog.js';
import { createDateFormatter, formatDuration, type DateFormatter } from '../../i18n/format.js';
import type { KeyFigures, PostmortemIncident } from './key-figures.js';

// The words the Markdown draft and the channel summary share; each caller escapes user text its own way.

/** `SEV2 (major)` */
export function describeSeverity(severity: PostmortemIncident['severity'], messages: Messages): string {
  return `SEV${severity} (${messages.severity[severity]})`;
}

/** `Incident #17 · SEV2 (major) · Resolved` */
export function describeIncident(incident: PostmortemIncident, locale: Locale): string {
  const messages = getMessages(locale);
  return messages.incidentLine(
    incident.number,
    describeSeverity(incident.severity, messages),
    messages.status[incident.status],
  );
}

/** How to word the Summary. */
export interface SummaryOptions {
  locale: Locale;
  /** Dates a still-open incident; defaults to the current time. */
  now?: Date;
  /** Makes the impact text safe for the target format (Markdown or Slack mrkdwn). */
  escapeText: (text: string) => string;
  dates?: DateFormatter;
}

/**
 * The Summary's sentence from the impact window ("On 31 January 2024, from 03:52 UTC to 06:52 UTC, …"), falling
 * back to declaration and resolution, plus one note (with its "Note:" prefix) for each part that was assumed.
 * A missing impact text becomes an italic placeholder.
 */
export function describeSummary(
  incident: PostmortemIncident,
  { locale, now, escapeText, dates = createDateFormatter(locale) }: SummaryOptions,
): { sentence: string; notes: string[] } {
  const messages = getMessages(locale);
  const { impact, declaredAt, resolvedAt } = incident;
  const start = dates.words(impact.startedAt ?? declaredAt, 'UTC');
  const endAt = impact.endedAt ?? resolvedAt;
  const end = endAt ? dates.words(endAt, 'UTC') : start;
  // The sentence adds its own full stop.
  const impactText =
    escapeText(impact.text ?? '')
      .trim()
      .replace(/\s*\.+$/, '') || `_${messages.placeholders.impact}_`;
  const window: WindowWords = {
    date: start.date,
    start: start.time,
    end: end.time,
    endDate: end.date,
    impact: impactText,
  };
  const sentence = !endAt
    ? messages.summary.since(window)
    : start.date.text === end.date.text
      ? messages.summary.sameDay(window)
      : messages.summary.twoDays(window);

  const notes: string[] = [];
  if (!impact.startedAt && !impact.endedAt) {
    notes.push(resolvedAt ? messages.notes.noWindow : messages.notes.noWindowOpen);
  } else if (!impact.startedAt) {
    notes.push(messages.notes.noStart);
  } else if (!impact.endedAt && resolvedAt) {
    notes.push(messages.notes.noEnd);
  }
  if (!resolvedAt) {
    const written = dates.words(now ?? new Date(), 'UTC');
    notes.push(messages.notes.open(written.date, written.time));
  }
  return { sentence, notes: notes.map((note) => messages.notes.prefix + note) };
}

/**
 * The key figures as labelled values in the locale; what cannot be known reads "unknown", never NaN, and a figure
 * the record makes negative (an update published before the declaration) is said in words, never as "−21 min".
 */
export function describeKeyFigures(
  figures: KeyFigures,
  locale: Locale,
  dates: DateFormatter = createDateFormatter(locale),
): { label: string; value: string }[] {
  const { figures: labels } = getMessages(locale);
  const duration = (ms: number | null) => (ms === null ? labels.unknown : formatDuration(ms, locale));
  const fromImpact = figures.measuredFrom === 'impact';
  const origin = fromImpact ? labels.origin.impact : labels.origin.declaration;
  const sinceOrigin = (ms: number | null, early: (duration: string, origin: string) => string) =>
    ms !== null && ms < 0 ? early(duration(-ms), origin) : duration(ms);

  let silence = labels.unknown;
  if (figures.longestSilence) {
    const { ms, startedAt, endedAt, endsAtResolution } = figures.longestSilence;
    const until = endsAtResolution ? `, ${labels.untilResolution}` : '';
    silence = `${duration(ms)} (${describeSpan(startedAt, endedAt, dates)}${until})`;
  }

  return [
    {
      label: labels.impactDuration,
      value:
        figures.impactMs !== null && figures.impactMs < 0
          ? labels.impactReversed(duration(-figures.impactMs))
          : duration(figures.impactMs),
    },
    {
      label: fromImpact ? labels.firstUpdateFromImpact : labels.firstUpdateFromDeclaration,
      value: sinceOrigin(figures.timeToFirstUpdateMs, labels.firstUpdateEarly),
    },
    {
      label: fromImpact ? labels.resolveFromImpact : labels.resolveFromDeclaration,
      value: sinceOrigin(figures.timeToResolveMs, labels.resolvedEarly),
    },
    { label: labels.publicUpdates, value: String(figures.publicUpdates) },
    { label: labels.promises, value: `${figures.promisesKept} / ${figures.promisesBroken}` },
    { label: labels.longestSilence, value: silence },
    describeRemediationFigure(figures, locale),
  ];
}

/** The remediation figure: items done on time / done late / still open. */
function describeRemediationFigure(figures: KeyFigures, locale: Locale): { label: string; value: string } {
  const { figures: labels } = getMessages(locale);
  return { label: labels.remediation, value: `${figures.actionsOnTime} / ${figures.actionsLate} / ${figures.actionsOpen}` };
}

/** `31 January 2024 06:19 UTC → 07:53 UTC`, naming the second date only when it differs. */
export function describeSpan(startedAt: Date, endedAt: Date, dates: DateFormatter): string {
  const from = dates.words(startedAt, 'UTC');
  const to = dates.words(endedAt, 'UTC');
  const toText = to.date.text === from.date.text ? `${to.time} UTC` : dates.stamp(endedAt, 'UTC');
  return `${from.date.text} ${from.time} UTC → ${toText}`;
}
