const HEADING = /^( {0,3})(#{1,6}(?:[ \t]|$))/gm;
// A line of = or - under a paragraph turns it into a heading; three of -, * or _ alone make a rule.
const UNDERLINE_OR_RULE = /^( {0,3})((?:=+|-+|([-*_])(?:[ \t]*\3){2,})[ \t]*)$/gm;
// `<word…>` would be taken for an HTML tag or an autolink and vanish from the rendered draft.
const TAG_OPENING = /<(?=[A-Za-z/!?])/g;

/**
 * Keeps user text from breaking the draft's layout while leaving it as typed: lines that Markdown would turn
 * into a heading or a horizontal rule, and `<` before a letter (an HTML tag to Markdown), get a backslash;
 * line endings are normalized and the ends trimmed. Emphasis, lists and links pass through as written.
 */
export function guardMarkdown(text: string): string {
  let guarded = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
  if (hasMarkerLine(guarded))
    guarded = guarded.replace(HEADING, '$1\\$2').replace(UNDERLINE_OR_RULE, '$1\\$2');
  return guarded.includes('<') ? guarded.replace(TAG_OPENING, '\\<') : guarded;
}

/** True when a line starts (after up to three spaces) with a character that could open a heading or a rule. */
function hasMarkerLine(text: string): boolean {
  // Scanning line starts with indexOf keeps thousands of timeline entries cheap; the regexes run only when needed.
  for (let start = 0; start !== -1 && start <= text.length;) {
    let i = start;
    while (i < start + 3 && text[i] === ' ') i++;
    if ('#=-*_'.includes(text[i] ?? ' ')) return true;
    const newline = text.indexOf('\n', start);
    start = newline === -1 ? -1 : newline + 1;
  }
  return false;
}

/** Indents every line after the first, so multi-line text stays inside its list item. */
export function indentContinuation(text: string, indent = '  '): string {
  return text.replace(/\n/g, `\n${indent}`);
}

/** Makes text fit on one line (headings, list labels). */
export function toOneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
