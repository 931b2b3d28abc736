import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import { buildPostmortemSummary } from '../blocks/postmortem-summary.js';
import type { Locale } from '../config.js';
import { renderPostmortem } from '../services/postmortem/render-postmortem.js';
import { listAllEntries } from '../services/timeline.js';
import { sendDirectMessage } from '../slack/direct-messages.js';
import { postToIncident } from '../slack/posts.js';
import { mentionedUserIds } from '../slack-text/index.js';
import { displayNames } from '../slack/users.js';
import type { Audience } from '../services/postmortem/render-postmortem.js';

/** Where a draft went. */
export interface PublishedDraft {
  filename: string;
  markdown: string;
  /** True when the comms lead got it by direct message. */
  sentToComms: boolean;
}

/** The draft's file name: `postmortem-<channel>-<locale>.md`. */
export function draftFilename(incident: Pick<Incident, 'channelName' | 'number'>, locale: Locale): string {
  const base = incident.channelName.replace(/[^a-z0-9-]+/gi, '-') || `incident-${incident.number}`;
  return `postmortem-${base}-${locale}.md`;
}

/** Renders a postmortem draft of an incident for one audience from what is stored, with people's names resolved. */
export async function renderDraft(deps: AppDeps, incident: Incident, locale: Locale, audience: Audience = 'internal') {
  const entries = await listAllEntries(incident._id);
  const texts = [
    incident.title,
    incident.summary,
    incident.impact.text,
    incident.cause,
    incident.resolution,
    incident.remark,
    ...incident.actions.map((action) => action.text),
    ...entries.map((entry) => entry.text),
  ];
  const people = [
    ...incident.actions.map((action) => action.ownerId),
    ...Object.values(incident.roles),
    ...entries.flatMap((entry) => [entry.authorId, entry.role?.userId, ...(entry.notified ?? [])]),
    ...mentionedUserIds(texts),
  ].filter((id): id is string => !!id);
  const names = await displayNames(deps.slack, people);
  return renderPostmortem(incident, entries, {
    locale,
    audience,
    secondaryTimezone: deps.config.secondaryTimezone,
    template: deps.config.postmortemTemplate,
    names,
  });
}

/**
 * Drafts the postmortem and publishes it: the Markdown file uploaded to the channel, a short
 * summary with the key figures, and, when asked and a comms lead is assigned, both by direct message.
 */
export async function publishPostmortem(
  deps: AppDeps,
  incident: Incident,
  locale: Locale,
  options: { toCommsLead: boolean; requestedBy: string },
): Promise<PublishedDraft> {
  const { markdown, figures } = await renderDraft(deps, incident, locale);
  const filename = draftFilename(incident, locale);
  const title = `Postmortem draft — incident #${incident.number} (${locale})`;
  await deps.slack.files.uploadV2({
    channel_id: incident.channelId,
    filename,
    title,
    content: markdown,
    initial_comment: `:page_facing_up: Postmortem draft (${locale}) requested by <@${options.requestedBy}>: fill in the blanks, then paste.`,
  });
  const summary = buildPostmortemSummary(incident, figures, locale);
  await postToIncident(deps.slack, incident, summary, deps.logger, 'postmortem summary');

  const comms = incident.roles.comms;
  let sentToComms = false;
  if (options.toCommsLead && comms) {
    const dm = await sendDirectMessage(deps.slack, comms, summary);
    await deps.slack.files.uploadV2({ channel_id: dm, filename, title, content: markdown });
    sentToComms = true;
  }
  return { filename, markdown, sentToComms };
}
