import { textReply } from '../../src/blocks/reply.js';
import { setRemark } from '../../src/services/incident-fields.js';
import { defineIncidentSubcommand, requireText } from './subcommand.js';

/** `/incident remark <text>` · `/incident remark none`: the closing remark after the remediation items. */
export const remark = defineIncidentSubcommand({
  name: 'remark',
  usage: 'remark <text>  ·  remark none',
  help: 'Records a remark for the postmortem, printed after the remediation items (also asked for at close); `none` removes it.',
  parse: (input) => {
    const text = requireText(input, 'what to add after the remediation items, e.g. `/incident remark Our payment partner will publish remediation items of its own`');
    return text.trim().toLowerCase() === 'none' ? undefined : text;
  },
  run: async ({ args, incident }) => {
    const updated = await setRemark(incident, args);
    if (args === undefined) return textReply(`:white_check_mark: Remark removed from the postmortem of incident #${updated.number}.`);
    return textReply(`:white_check_mark: Remark recorded for the postmortem of incident #${updated.number}, after the remediation items:`, args);
  },
});
