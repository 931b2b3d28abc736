import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Locale } from '../config.js';
import { getMessages } from '../i18n/catalog.js';
import { createDateFormatter } from '../i18n/format.js';
import { describeIncident, describeKeyFigures, describeSummary } from '../services/postmortem/describe.js';
import type { KeyFigures, PostmortemIncident } from '../services/postmortem/key-figures.js';
import { toOneLine } from '../services/postmortem/markdown.js';
import { toFallbackText, toMrkdwn, toPlainText, truncateMrkdwn, truncatePlain } from '../slack-text/index.js';

const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;
const MAX_FIELDS = 10;

/**
 * The short summary posted to the incident channel at close: a header with the title, the Summary sentence, the
 * key figures as fields and a context line. Stays within Block Kit's limits whatever the size of the incident.
 */
export function buildPostmortemSummary(
  incident: PostmortemIncident,
  figures: KeyFigures,
  locale: Locale,
  now?: Date,
): { text: string; blocks: KnownBlock[] } {
  const messages = getMessages(locale);
  const dates = createDateFormatter(locale);
  const title = toOneLine(toPlainText(incident.title));
  const { sentence, notes } = describeSummary(incident, { locale, now, escapeText: toMrkdwn, dates });

  const header: HeaderBlock = {
    type: 'header',
    text: { type: 'plain_text', text: truncatePlain(messages.summaryMessage.header(title), HEADER_LIMIT) },
  };
  const summary: SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: truncateMrkdwn(sentence, SECTION_LIMIT) },
  };
  const keyFigures: SectionBlock = {
    type: 'section',
    fields: describeKeyFigures(figures, locale, dates)
      .slice(0, MAX_FIELDS)
      .map(({ label, value }) => ({ type: 'mrkdwn', text: truncateMrkdwn(`*${label}*\n${value}`, FIELD_LIMIT) })),
  };
  const context: ContextBlock = {
    type: 'context',
    elements: [describeIncident(incident, locale), ...notes.map((note) => `_${note}_`)].map((text) => ({
      type: 'mrkdwn',
      text: truncateMrkdwn(text, SECTION_LIMIT),
    })),
  };
  return {
    text: messages.summaryMessage.fallback(toFallbackText(incident.title, HEADER_LIMIT)),
    blocks: [header, summary, keyFigures, context],
  };
}
