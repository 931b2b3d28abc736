import { z } from 'zod';
import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import type { FormInputs } from '../../src/blocks/ids.js';
import { fromPlainText } from '../../src/slack-text/index.js';
import type { ListenerContext } from '../context.js';

const inputValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_user: z.string().nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date_time: z.number().int().nullish(),
  selected_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
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
 * Reads one form's inputs by name (its `*_INPUTS` ids; each input uses its id as block and action id). Text
 * inputs arrive as the person typed them; `text` turns them into Slack's wire format, the form every stored
 * text has.
 */
export function readInputs<Ids extends FormInputs>(view: ViewSubmission['view'], ids: Ids) {
  const input = (key: keyof Ids & string) => view.state.values[ids[key]!]?.[ids[key]!];
  return {
    text: (key: keyof Ids & string) => fromPlainText(input(key)?.value?.trim() ?? ''),
    option: (key: keyof Ids & string) => input(key)?.selected_option?.value,
    user: (key: keyof Ids & string) => input(key)?.selected_user ?? undefined,
    checked: (key: keyof Ids & string) => (input(key)?.selected_options ?? []).map((option) => option.value),
    dateTime: (key: keyof Ids & string) => {
      const seconds = input(key)?.selected_date_time;
      return typeof seconds === 'number' ? new Date(seconds * 1000) : undefined;
    },
  };
}

/** The value of an input whose block and action id are made per item (`item_3_owner`), not one of a form's fixed ids. */
export function inputOf(view: ViewSubmission['view'], id: string): z.infer<typeof inputValue> | undefined {
  return view.state.values[id]?.[id];
}

/** The values ticked in checkbox groups whose block ids are given (groups a form has as many of as it needs). */
export function checkedIn(view: ViewSubmission['view'], blockIds: readonly string[]): string[] {
  return blockIds.flatMap((id) => (view.state.values[id]?.[id]?.selected_options ?? []).map((option) => option.value));
}

/** Parses the private metadata a builder stored in the view. */
export function readMetadata<T>(view: ViewSubmission['view'], schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(view.private_metadata || '{}'));
}
