import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import { buildPostmortemSummary } from '../blocks/postmortem-summary.js';
import type { Locale } from '../config.js';
import { renderPostmortem, type Audience, type Postmortem } from '../services/postmortem/render-postmortem.js';
import { listAllEntries } from '../services/timeline.js';
import { sendDirectMessage } from '../slack/direct-messages.js';
import { postToIncident } from '../slack/posts.js';
import { mentionedUserIds } from '../slack-text/index.js';
import { displayNames } from '../slack/users.js';

/** One draft file the bot uploaded. */
export interface DraftFile {
  audience: Audience;
  filename: string;
  markdown: string;
}

/** Where the drafts went. */
export interface PublishedDrafts {
  /** The files posted to the incident channel, in the order asked for. */
  drafts: DraftFile[];
  /** The audience of the draft the comms lead got by direct message, when one did. */
  sentToComms?: Audience;
}

/** How each audience's file is titled and announced. */
const DRAFT_WORDS: Record<Audience, { title: string; what: string }> = {
  internal: { title: 'Postmortem draft', what: 'the full review (fill in the blanks; what follows the rule stays inside)' },
  customers: { title: 'Customer postmortem', what: 'the customer text, ready to paste once checked' },
  executives: { title: 'Executive brief', what: 'the executive brief' },
};

/**
 * The draft's file name: `postmortem-<channel>-<locale>.md` for the internal review,
 * `postmortem-<channel>-<locale>-<audience>.md` for the others.
 */
export function draftFilename(
  incident: Pick<Incident, 'channelName' | 'number'>,
  locale: Locale,
  audience: Audience = 'internal',
): string {
  const base = incident.channelName.replace(/[^a-z0-9-]+/gi, '-') || `incident-${incident.number}`;
  return `postmortem-${base}-${locale}${audience === 'internal' ? '' : `-${audience}`}.md`;
}

/** Renders postmortem drafts of an incident, one per audience, from one read of what is stored, with names resolved. */
export async function renderDrafts(
  deps: AppDeps,
  incident: Incident,
  locale: Locale,
  audiences: readonly Audience[],
): Promise<Postmortem[]> {
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
  // One clock for every audience, so the drafts of one request agree to the minute.
  const now = new Date();
  return audiences.map((audience) =>
    renderPostmortem(incident, entries, {
      locale,
      audience,
      now,
      secondaryTimezone: deps.config.secondaryTimezone,
      template: deps.config.postmortemTemplate,
      names,
    }),
  );
}

/** Renders a postmortem draft of an incident for one audience from what is stored, with people's names resolved. */
export async function renderDraft(
  deps: AppDeps,
  incident: Incident,
  locale: Locale,
  audience: Audience = 'internal',
): Promise<Postmortem> {
  const [draft] = await renderDrafts(deps, incident, locale, [audience]);
  return draft!;
}

/**
 * Drafts the postmortem for each audience asked for and publishes it: the Markdown files uploaded to the
 * channel in one message, a short summary with the key figures, and, when `toCommsLead` names an audience and
 * a comms lead is assigned, that audience's draft and the summary by direct message.
 */
export async function publishPostmortem(
  deps: AppDeps,
  incident: Incident,
  locale: Locale,
  options: { audiences: readonly [Audience, ...Audience[]]; requestedBy: string; toCommsLead?: Audience },
): Promise<PublishedDrafts> {
  const wanted = [...new Set([...options.audiences, ...(options.toCommsLead ? [options.toCommsLead] : [])])];
  const rendered = await renderDrafts(deps, incident, locale, wanted);
  const files = wanted.map((audience, index) => ({
    audience,
    filename: draftFilename(incident, locale, audience),
    title: `${DRAFT_WORDS[audience].title} — incident #${incident.number} (${locale})`,
    markdown: rendered[index]!.markdown,
  }));
  const posted = files.filter((file) => options.audiences.includes(file.audience));
  const what = posted.map((file) => DRAFT_WORDS[file.audience].what).join(', and ');
  await deps.slack.files.uploadV2({
    channel_id: incident.channelId,
    initial_comment:
      `:page_facing_up: Postmortem ${posted.length > 1 ? 'drafts' : 'draft'} (${locale}) requested by ` +
      `<@${options.requestedBy}>: ${what}.`,
    file_uploads: posted.map((file) => ({ filename: file.filename, title: file.title, content: file.markdown })),
  });
  const summary = buildPostmortemSummary(incident, rendered[0]!.figures, locale);
  await postToIncident(deps.slack, incident, summary, deps.logger, 'postmortem summary');

  const comms = incident.roles.comms;
  const forComms = files.find((file) => file.audience === options.toCommsLead);
  let sentToComms: Audience | undefined;
  if (forComms && comms) {
    const dm = await sendDirectMessage(deps.slack, comms, summary);
    await deps.slack.files.uploadV2({
      channel_id: dm,
      initial_comment: `:page_facing_up: Incident #${incident.number} (<#${incident.channelId}>): ${DRAFT_WORDS[forComms.audience].what}.`,
      filename: forComms.filename,
      title: forComms.title,
      content: forComms.markdown,
    });
    sentToComms = forComms.audience;
  }
  return { drafts: posted.map(({ audience, filename, markdown }) => ({ audience, filename, markdown })), sentToComms };
}
