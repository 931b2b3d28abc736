/** Where a list of blocks is shown: the limits differ. */
export type Surface = 'message' | 'modal' | 'home';

type Node = Record<string, unknown>;

/** The problems found so far, each written as Slack writes them: `[ERROR] … [json-pointer:/blocks/0/text/text]`. */
class Problems {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
}

// Slack's own SDK measures lengths in code points (Python's len), and so does this.
const length = (text: string): number => [...text].length;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkLength(value: unknown, max: number, pointer: string, problems: Problems): void {
  if (typeof value === 'string' && length(value) > max) problems.add(pointer, `must be less than ${max + 1} characters`);
}

/** A text object: `plain_text` or `mrkdwn` (or only `plain_text`), 1 to `max` characters. Returns its length. */
function checkText(value: unknown, max: number, pointer: string, problems: Problems, plainOnly = false): number {
  if (!isNode(value)) {
    problems.add(pointer, 'must provide an object');
    return 0;
  }
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!allowed.includes(String(value.type))) problems.add(`${pointer}/type`, `must be one of ${allowed.join(', ')}`);
  if (typeof value.text !== 'string') {
    problems.add(`${pointer}/text`, 'must provide a string');
    return 0;
  }
  if (value.text.length === 0) problems.add(`${pointer}/text`, 'must be more than 0 characters');
  checkLength(value.text, max, `${pointer}/text`, problems);
  return length(value.text);
}

function checkOptions(options: unknown, max: number, pointer: string, problems: Problems): void {
  if (!Array.isArray(options)) return;
  if (options.length > max) problems.add(pointer, `must provide no more than ${max} items`);
  options.forEach((option: unknown, i) => {
    if (!isNode(option)) return problems.add(`${pointer}/${i}`, 'must provide an object');
    checkText(option.text, 75, `${pointer}/${i}/text`, problems);
    checkLength(option.value, 150, `${pointer}/${i}/value`, problems);
  });
}

function checkElement(element: unknown, pointer: string, problems: Problems): void {
  if (!isNode(element) || typeof element.type !== 'string') return problems.add(pointer, 'must provide an element with a type');
  checkLength(element.action_id, 255, `${pointer}/action_id`, problems);
  switch (element.type) {
    case 'button':
      checkText(element.text, 75, `${pointer}/text`, problems, true);
      checkLength(element.value, 2000, `${pointer}/value`, problems);
      checkLength(element.url, 3000, `${pointer}/url`, problems);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        problems.add(`${pointer}/style`, 'must be one of primary, danger');
      }
      break;
    case 'plain_text_input': {
      const max = element.max_length;
      if (typeof max === 'number' && max > 3000) problems.add(`${pointer}/max_length`, 'must be no more than 3000');
      checkLength(element.initial_value, typeof max === 'number' ? Math.min(max, 3000) : 3000, `${pointer}/initial_value`, problems);
      if (element.placeholder !== undefined) checkText(element.placeholder, 150, `${pointer}/placeholder`, problems, true);
      break;
    }
    case 'static_select':
      checkOptions(element.options, 100, `${pointer}/options`, problems);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(element.options, 10, `${pointer}/options`, problems);
      break;
    default:
  }
}

/** Checks one block and returns the length of its text (what `msg_blocks_too_long` counts). */
function checkBlock(block: unknown, pointer: string, problems: Problems): number {
  if (!isNode(block)) {
    problems.add(pointer, 'must provide an object');
    return 0;
  }
  checkLength(block.block_id, 255, `${pointer}/block_id`, problems);
  let text = 0;
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) problems.add(pointer, 'must provide text or fields');
      if (block.text !== undefined) text += checkText(block.text, 3000, `${pointer}/text`, problems);
      if (block.fields !== undefined) {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length === 0 || fields.length > 10) problems.add(`${pointer}/fields`, 'must provide 1 to 10 items');
        fields.forEach((field: unknown, i) => (text += checkText(field, 2000, `${pointer}/fields/${i}`, problems)));
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${pointer}/accessory`, problems);
      break;
    }
    case 'header':
      checkText(block.text, 150, `${pointer}/text`, problems, true);
      break;
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 10) problems.add(`${pointer}/elements`, 'must provide 1 to 10 items');
      elements.forEach((element: unknown, i) => {
        if (isNode(element) && element.type === 'image') return;
        text += checkText(element, 3000, `${pointer}/elements/${i}`, problems);
      });
      break;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 25) problems.add(`${pointer}/elements`, 'must provide 1 to 25 items');
      elements.forEach((element: unknown, i) => checkElement(element, `${pointer}/elements/${i}`, problems));
      break;
    }
    case 'input':
      checkText(block.label, 2000, `${pointer}/label`, problems, true);
      if (block.hint !== undefined) checkText(block.hint, 2000, `${pointer}/hint`, problems, true);
      checkElement(block.element, `${pointer}/element`, problems);
      break;
    case 'image':
      if (typeof block.image_url !== 'string' && !isNode(block.slack_file)) problems.add(pointer, 'must provide image_url or slack_file');
      if (typeof block.alt_text !== 'string') problems.add(`${pointer}/alt_text`, 'must provide a string');
      checkLength(block.alt_text, 2000, `${pointer}/alt_text`, problems);
      break;
    case 'rich_text':
      if (!Array.isArray(block.elements)) problems.add(`${pointer}/elements`, 'must provide an array');
      break;
    case 'markdown':
      if (typeof block.text !== 'string') problems.add(`${pointer}/text`, 'must provide a string');
      checkLength(block.text, 12_000, `${pointer}/text`, problems);
      break;
    case 'divider':
    case 'file':
    case 'video':
      break;
    default:
      problems.add(`${pointer}/type`, `unknown block type ${JSON.stringify(block.type)}`);
  }
  return text;
}

/**
 * Checks blocks against Block Kit's documented required fields and limits, as Slack does before
 * accepting a message, modal or Home tab; returns the problems (empty when Slack would accept them).
 * Lengths are of the text as sent: `&amp;` counts five characters.
 */
export function checkBlockLimits(blocks: unknown, surface: Surface, base = '/blocks'): string[] {
  if (blocks === undefined) return [];
  const problems = new Problems();
  if (!Array.isArray(blocks)) {
    problems.add(base, 'must provide an array');
    return problems.list;
  }
  const maxBlocks = surface === 'message' ? 50 : 100;
  if (blocks.length > maxBlocks) problems.add(base, `must provide no more than ${maxBlocks} items`);
  let totalText = 0;
  blocks.forEach((block: unknown, index) => (totalText += checkBlock(block, `${base}/${index}`, problems)));
  // Not a documented number: Slack answers msg_blocks_too_long at about 13k characters of block text.
  if (surface === 'message' && totalText > 13_000) problems.list.push(`msg_blocks_too_long: ${totalText} characters of block text`);
  return problems.list;
}

/** Checks a modal or Home view: its blocks, title, buttons, callback id and private metadata. */
export function checkViewLimits(view: Record<string, unknown>): string[] {
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  const problems = new Problems();
  if (view.type !== 'modal' && view.type !== 'home') problems.add('/view/type', 'must be one of modal, home');
  for (const key of ['title', 'submit', 'close'] as const) {
    if (view[key] !== undefined) checkText(view[key], 24, `/view/${key}`, problems, true);
  }
  if (surface === 'modal' && view.title === undefined) problems.add('/view/title', 'must provide an object');
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((block) => isNode(block) && block.type === 'input');
  if (surface === 'modal' && hasInput && view.submit === undefined) {
    problems.add('/view/submit', 'must provide submit when the view has input blocks');
  }
  checkLength(view.private_metadata, 3000, '/view/private_metadata', problems);
  checkLength(view.callback_id, 255, '/view/callback_id', problems);
  return [...problems.list, ...checkBlockLimits(view.blocks ?? [], surface, '/view/blocks')];
}
