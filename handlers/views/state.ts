import { z } from 'zod';
import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { fromPlainText } from '../../src/slack-text/index.js';
import type { ListenerContext } from '../context.js';

const inputValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_user: z.string().nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});

/** The part of a view_submission payload the handlers read, validated. */
export const viewSubmission = z.object({
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]+$/) }),
  team: z.object({ id: z.string() }).nullish(),
  view: z.object({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().max(3000).default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputValue)) }),
  }),
});

export type ViewSubmission = z.infer<typeof viewSubmission>;

/** What a view-submission listener is called with. */
export type ViewListenerArgs = Pick<SlackViewMiddlewareArgs, 'ack' | 'body'> & ListenerContext;

/**
 * Reads a modal's inputs by block id (each input uses its block id as action id). Text inputs arrive as the
 * person typed them; `text` turns them into Slack's wire format, the form every stored text has.
 */
export function readInputs(view: ViewSubmission['view']) {
  const input = (id: string) => view.state.values[id]?.[id];
  return {
    text: (id: string) => fromPlainText(input(id)?.value?.trim() ?? ''),
    option: (id: string) => input(id)?.selected_option?.value,
    user: (id: string) => input(id)?.selected_user ?? undefined,
    checked: (id: string) => (input(id)?.selected_options ?? []).map((option) => option.value),
  };
}

/** Parses the private metadata a builder stored in the view. */
export function readMetadata<T>(view: ViewSubmission['view'], schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(view.private_metadata || '{}'));
}
