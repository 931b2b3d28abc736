/** Where a list of blocks is shown: the limits differ. */
export type Surface = 'message' | 'modal' | 'home';

interface TextObject {
  type?: string;
  text?: string;
}

type Block = Record<string, unknown> & { type?: string; block_id?: string };

function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null ? String((value as TextObject).text ?? '') : '';
}

function checkElement(element: Record<string, unknown>, where: string, problems: string[]): void {
  const actionId = element.action_id;
  if (typeof actionId === 'string' && actionId.length > 255) problems.push(`${where}: action_id over 255`);
  if (element.type === 'button') {
    if (textOf(element.text).length > 75) problems.push(`${where}: button text over 75`);
    if (typeof element.value === 'string' && element.value.length > 2000) problems.push(`${where}: value over 2000`);
    if (typeof element.url === 'string' && element.url.length > 3000) problems.push(`${where}: url over 3000`);
  }
  if (element.type === 'plain_text_input') {
    const max = element.max_length;
    if (typeof max === 'number' && max > 3000) problems.push(`${where}: max_length over 3000`);
    const initial = element.initial_value;
    if (typeof initial === 'string' && initial.length > 3000) problems.push(`${where}: initial_value over 3000`);
  }
}

/**
 * Checks blocks against the published Block Kit limits, as Slack does before accepting a message,
 * modal or Home tab; returns the problems (empty when Slack would accept them).
 */
export function checkBlockLimits(blocks: unknown, surface: Surface): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const problems: string[] = [];
  const maxBlocks = surface === 'message' ? 50 : 100;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks, over ${maxBlocks}`);
  let totalText = 0;
  blocks.forEach((raw: Block, index) => {
    const where = `blocks[${index}]`;
    if (typeof raw.block_id === 'string' && raw.block_id.length > 255) problems.push(`${where}: block_id over 255`);
    switch (raw.type) {
      case 'section': {
        const text = textOf(raw.text);
        totalText += text.length;
        if (text.length > 3000) problems.push(`${where}: section text ${text.length} chars, over 3000`);
        const fields = Array.isArray(raw.fields) ? (raw.fields as TextObject[]) : [];
        if (fields.length > 10) problems.push(`${where}: ${fields.length} fields, over 10`);
        fields.forEach((field, i) => {
          if (textOf(field).length > 2000) problems.push(`${where}.fields[${i}]: over 2000`);
          totalText += textOf(field).length;
        });
        if (!text && fields.length === 0) problems.push(`${where}: section with neither text nor fields`);
        if (raw.accessory) checkElement(raw.accessory as Record<string, unknown>, `${where}.accessory`, problems);
        break;
      }
      case 'header': {
        const text = textOf(raw.text);
        if (text.length > 150) problems.push(`${where}: header ${text.length} chars, over 150`);
        if (!text) problems.push(`${where}: empty header`);
        break;
      }
      case 'context': {
        const elements = Array.isArray(raw.elements) ? (raw.elements as TextObject[]) : [];
        if (elements.length > 10) problems.push(`${where}: ${elements.length} context elements, over 10`);
        elements.forEach((element) => {
          if (textOf(element).length > 3000) problems.push(`${where}: context text over 3000`);
          totalText += textOf(element).length;
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(raw.elements) ? (raw.elements as Array<Record<string, unknown>>) : [];
        if (elements.length > 25) problems.push(`${where}: ${elements.length} actions, over 25`);
        elements.forEach((element, i) => checkElement(element, `${where}.elements[${i}]`, problems));
        break;
      }
      case 'input': {
        if (textOf(raw.label).length > 2000) problems.push(`${where}: label over 2000`);
        if (raw.element) checkElement(raw.element as Record<string, unknown>, `${where}.element`, problems);
        break;
      }
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'file':
      case 'video':
      case 'markdown':
        break;
      default:
        problems.push(`${where}: unknown block type ${String(raw.type)}`);
    }
  });
  if (surface === 'message' && totalText > 13_000) problems.push(`msg_blocks_too_long: ${totalText} chars of text`);
  return problems;
}

/** Checks a modal or Home view: its blocks, title, buttons and private metadata. */
export function checkViewLimits(view: Record<string, unknown>): string[] {
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  const problems = checkBlockLimits(view.blocks ?? [], surface);
  for (const key of ['title', 'submit', 'close'] as const) {
    const text = textOf(view[key]);
    if (text.length > 24) problems.push(`view.${key} "${text}" over 24 chars`);
  }
  if (surface === 'modal' && !textOf(view.title)) problems.push('view.title is required');
  const metadata = view.private_metadata;
  if (typeof metadata === 'string' && metadata.length > 3000) problems.push('private_metadata over 3000');
  const callbackId = view.callback_id;
  if (typeof callbackId === 'string' && callbackId.length > 255) problems.push('callback_id over 255');
  return problems;
}
