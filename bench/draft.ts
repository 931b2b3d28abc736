import { LOCALES } from '../src/config.js';
import { renderPostmortem } from '../src/services/postmortem/render-postmortem.js';
import { createSampleTimeline } from '../src/services/postmortem/sample-timeline.js';
import { emit } from './report.js';
import { median, round } from './stats.js';

export interface DraftSettings {
  entries: number;
  /** Timed renders per locale (after two untimed ones); the median is reported. */
  runsPerLocale: number;
}

/**
 * Time to render the postmortem draft of an incident with N timeline entries, in every locale: the
 * median of several renders per locale; the figure is the slowest locale's median.
 */
export function measureDraft(settings: DraftSettings): { draft_ms_5000: number } {
  const { incident, entries } = createSampleTimeline(settings.entries);
  const options = { secondaryTimezone: 'America/Los_Angeles', now: new Date('2024-03-11T00:00:00Z') };
  const medians: Record<string, number> = {};
  let bytes = 0;
  for (const locale of LOCALES) {
    for (let i = 0; i < 2; i += 1) renderPostmortem(incident, entries, { ...options, locale });
    const times: number[] = [];
    for (let i = 0; i < settings.runsPerLocale; i += 1) {
      const started = performance.now();
      const { markdown } = renderPostmortem(incident, entries, { ...options, locale });
      times.push(performance.now() - started);
      bytes = markdown.length;
    }
    medians[locale] = round(median(times), 2);
    emit('draft_locale', { locale, entries: settings.entries, renders: times.length, median_ms: medians[locale], min_ms: round(Math.min(...times), 2), max_ms: round(Math.max(...times), 2), markdown_chars: bytes });
  }
  const slowest = Math.max(...Object.values(medians));
  emit('draft', { draft_ms_5000: slowest, medians_ms: medians });
  return { draft_ms_5000: slowest };
}
