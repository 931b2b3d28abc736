import { toPlainText } from './slack-text/index.js';

/** Longest text a person may record at once; longer text is refused with a reply, never cut. */
export const MAX_TEXT_LENGTH = 10_000;

/** The one refusal for text (in Slack's wire format) longer than `MAX_TEXT_LENGTH` as a person reads it, or undefined. */
export function textTooLong(wire: string): string | undefined {
  const length = toPlainText(wire).length;
  if (length <= MAX_TEXT_LENGTH) return undefined;
  return (
    `That is ${length.toLocaleString('en')} characters; keep it under ${MAX_TEXT_LENGTH.toLocaleString('en')} ` +
    '(split it, or attach the details to a message and pin it). Nothing was recorded.'
  );
}
