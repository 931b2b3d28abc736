/** Indents every line after the first, so multi-line text stays inside its list item. */
export function indentContinuation(text: string, indent = '  '): string {
  return text.replace(/\n/g, `\n${indent}`);
}

/** Makes text fit on one line (headings, list labels). */
export function toOneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
