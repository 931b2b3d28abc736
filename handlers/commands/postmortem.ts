import { LOCALES, type Locale } from '../../src/config.js';
import { textReply } from '../../src/blocks/reply.js';
import { UsageError } from '../../src/errors.js';
import { publishPostmortem } from '../../src/flows/postmortem.js';
import { toMrkdwn } from '../../src/slack-text/index.js';
import { defineIncidentSubcommand } from './subcommand.js';

/** `/incident postmortem [en|fr|de|it] [--for customers|internal|executives]`: a draft, again, at any time. */
export const postmortem = defineIncidentSubcommand({
  name: 'postmortem',
  aliases: ['pm', 'draft'],
  usage: `postmortem [${LOCALES.join('|')}] [--for customers|internal|executives]`,
  help:
    'Drafts the postmortem now (open or closed) and posts it here as a Markdown file, in the incident’s language or the one given: ' +
    'the full internal review, or with `--for customers` the paste-ready public text, `--for executives` a brief.',
  flags: ['for'],
  parse: (input) => {
    const word = input.text.toLowerCase();
    if (word && !LOCALES.includes(word as Locale)) {
      throw new UsageError(`\`${toMrkdwn(input.text)}\` is not a draft language: use ${LOCALES.join(', ')}.`);
    }
    return { locale: (word || undefined) as Locale | undefined, audience: input.flags.for ?? 'internal' };
  },
  run: async ({ args, incident, request, deps }) => {
    const locale = args.locale ?? incident.locale ?? deps.config.postmortemLocale;
    const { drafts } = await publishPostmortem(deps, incident, locale, { audiences: [args.audience], requestedBy: request.userId });
    return textReply(`:page_facing_up: Posted \`${drafts[0]!.filename}\` in <#${incident.channelId}>.`);
  },
});
