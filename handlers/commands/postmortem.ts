import { LOCALES, type Locale } from '../../src/config.js';
import { textReply } from '../../src/blocks/reply.js';
import { UsageError } from '../../src/errors.js';
import { publishPostmortem } from '../../src/flows/postmortem.js';
import { defineIncidentSubcommand } from './subcommand.js';

/** `/incident postmortem [en|fr|de|it]`: the draft, again, at any time. */
export const postmortem = defineIncidentSubcommand({
  name: 'postmortem',
  aliases: ['pm', 'draft'],
  usage: `postmortem [${LOCALES.join('|')}]`,
  help: 'Drafts the postmortem now (open or closed) and posts it here as a Markdown file, in the incident’s language or the one given.',
  parse: (input) => {
    const word = input.text.toLowerCase();
    if (word && !LOCALES.includes(word as Locale)) throw new UsageError(`\`${input.text}\` is not a draft language: use ${LOCALES.join(', ')}.`);
    return (word || undefined) as Locale | undefined;
  },
  run: async ({ args, incident, request, deps }) => {
    const locale = args ?? incident.locale ?? deps.config.postmortemLocale;
    const draft = await publishPostmortem(deps, incident, locale, { toCommsLead: false, requestedBy: request.userId });
    return textReply(`:page_facing_up: Posted \`${draft.filename}\` in <#${incident.channelId}>.`);
  },
});
