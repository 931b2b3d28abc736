/** Longest text a person may record at once; longer text is refused with a reply, never cut. */
export const MAX_TEXT_LENGTH = 10_000;

/** The one refusal for text over `MAX_TEXT_LENGTH`, or undefined when the text fits. */
export function textTooLong(text: string): string | undefined {
  if (text.length <= MAX_TEXT_LENGTH) return undefined;
  return (
    `That is ${text.length.toLocaleString('en')} characters; keep it under ${MAX_TEXT_LENGTH.toLocaleString('en')} ` +
    '(split it, or attach the details to a message and pin it). Nothing was recorded.'
  );
}
