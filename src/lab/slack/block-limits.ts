/**
 * Checks of message content against Slack's published Block Kit limits, returning the error name
 * the Web API uses. Only the limits pxmysql can run into are checked, not the full schema.
 */

export interface ContentError {
  error: 'invalid_blocks' | 'invalid_blocks_format' | 'msg_too_long' | 'msg_blocks_too_long' | 'no_text';
  /** Explanations with a JSON pointer, like the `errors` array Slack adds to `invalid_blocks`. */
  errors?: string[];
}

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
export const MAX_HEADER_TEXT = 150;
export const MAX_BLOCK_ID = 255;
export const MAX_CONTEXT_ELEMENTS = 10;
export const MAX_ACTIONS_ELEMENTS = 25;
export const MAX_BUTTON_TEXT = 75;
export const MAX_ACTION_ID = 255;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_MARKDOWN_BLOCK_TEXT = 12_000;
/** Slack truncates or rejects a top-level `text` above 40,000 characters. */
export const MAX_MESSAGE_TEXT = 40_000;
// NOTE: Slack does not document this limit. Users report `msg_blocks_too_long` from about 13,000
// characters of text across all blocks, so this is an estimate.
export const MAX_TOTAL_BLOCK_TEXT = 13_000;

const MESSAGE_BLOCK_TYPES = new Set([
  'section',
  'divider',
  'header',
  'context',
  'actions',
  'image',
  'rich_text',
  'markdown',
  'file',
  'video',
]);

/**
 * Parses the `blocks` argument: a JSON string (form encoding) or an array (JSON body). Returns
 * undefined when absent and 'invalid' when it is not a JSON array.
 */
export function parseBlocksArgument(raw: unknown): unknown[] | undefined | 'invalid' {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return 'invalid';
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Checks a message's text and blocks; `requireContent` rejects a message with neither. */
export function checkMessageContent(
  text: string | undefined,
  blocks: unknown[] | undefined,
  requireContent = true,
): ContentError | undefined {
  if (requireContent && !text && (!blocks || blocks.length === 0)) return { error: 'no_text' };
  if (text && text.length > MAX_MESSAGE_TEXT) return { error: 'msg_too_long' };
  if (!blocks) return undefined;

  const errors = blocks.length > MAX_BLOCKS ? [`no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`] : [];
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => errors.push(...checkBlock(block, `/blocks/${index}`, blockIds)));
  if (errors.length > 0) return { error: 'invalid_blocks', errors };

  if (totalBlockText(blocks) > MAX_TOTAL_BLOCK_TEXT) return { error: 'msg_blocks_too_long' };
  return undefined;
}

function checkBlock(block: unknown, pointer: string, blockIds: Set<string>): string[] {
  if (!isObject(block) || typeof block['type'] !== 'string') return [`missing required field: type [json-pointer:${pointer}]`];
  const type = block['type'];
  if (!MESSAGE_BLOCK_TYPES.has(type)) return [`unsupported type: ${type} [json-pointer:${pointer}/type]`];

  const errors: string[] = [];
  const blockId = block['block_id'];
  if (blockId !== undefined) {
    if (typeof blockId !== 'string' || blockId.length > MAX_BLOCK_ID) errors.push(tooLong(MAX_BLOCK_ID, `${pointer}/block_id`));
    else if (blockIds.has(blockId)) errors.push(`duplicate block_id ${blockId} [json-pointer:${pointer}/block_id]`);
    else blockIds.add(blockId);
  }

  if (type === 'section') errors.push(...checkSection(block, pointer));
  if (type === 'header') errors.push(...checkTextObject(block['text'], MAX_HEADER_TEXT, `${pointer}/text`, true));
  if (type === 'markdown') {
    const text = block['text'];
    if (typeof text !== 'string') errors.push(`missing required field: text [json-pointer:${pointer}/text]`);
    else if (text.length > MAX_MARKDOWN_BLOCK_TEXT) errors.push(tooLong(MAX_MARKDOWN_BLOCK_TEXT, `${pointer}/text`));
  }
  if (type === 'context') errors.push(...checkElementCount(block, MAX_CONTEXT_ELEMENTS, pointer));
  if (type === 'actions') {
    errors.push(...checkElementCount(block, MAX_ACTIONS_ELEMENTS, pointer));
    const elements = Array.isArray(block['elements']) ? block['elements'] : [];
    elements.forEach((element, index) => errors.push(...checkElement(element, `${pointer}/elements/${index}`)));
  }
  return errors;
}

function checkSection(block: Record<string, unknown>, pointer: string): string[] {
  const errors: string[] = [];
  const fields = block['fields'];
  if (block['text'] === undefined && fields === undefined) {
    return [`must provide text or fields [json-pointer:${pointer}]`];
  }
  if (block['text'] !== undefined) errors.push(...checkTextObject(block['text'], MAX_SECTION_TEXT, `${pointer}/text`, false));
  if (fields !== undefined) {
    if (!Array.isArray(fields)) return [...errors, `must be an array [json-pointer:${pointer}/fields]`];
    if (fields.length > MAX_SECTION_FIELDS) errors.push(`no more than ${MAX_SECTION_FIELDS} items allowed [json-pointer:${pointer}/fields]`);
    fields.forEach((field, index) => errors.push(...checkTextObject(field, MAX_FIELD_TEXT, `${pointer}/fields/${index}`, false)));
  }
  if (block['accessory'] !== undefined) errors.push(...checkElement(block['accessory'], `${pointer}/accessory`));
  return errors;
}

function checkElement(element: unknown, pointer: string): string[] {
  if (!isObject(element) || element['type'] !== 'button') return [];
  const errors = checkTextObject(element['text'], MAX_BUTTON_TEXT, `${pointer}/text`, true);
  const actionId = element['action_id'];
  if (typeof actionId === 'string' && actionId.length > MAX_ACTION_ID) errors.push(tooLong(MAX_ACTION_ID, `${pointer}/action_id`));
  const value = element['value'];
  if (typeof value === 'string' && value.length > MAX_BUTTON_VALUE) errors.push(tooLong(MAX_BUTTON_VALUE, `${pointer}/value`));
  return errors;
}

function checkTextObject(value: unknown, max: number, pointer: string, plainOnly: boolean): string[] {
  if (!isObject(value) || typeof value['text'] !== 'string') return [`missing required field: text [json-pointer:${pointer}]`];
  const type = value['type'];
  if (type !== 'plain_text' && (plainOnly || type !== 'mrkdwn')) return [`invalid text type ${String(type)} [json-pointer:${pointer}/type]`];
  if (value['text'].length === 0) return [`must be at least 1 character [json-pointer:${pointer}/text]`];
  return value['text'].length > max ? [tooLong(max, `${pointer}/text`)] : [];
}

function checkElementCount(block: Record<string, unknown>, max: number, pointer: string): string[] {
  const elements = block['elements'];
  if (!Array.isArray(elements) || elements.length === 0) return [`must provide elements [json-pointer:${pointer}/elements]`];
  return elements.length > max ? [`no more than ${max} items allowed [json-pointer:${pointer}/elements]`] : [];
}

/** Sums the lengths of every `text` string inside the blocks, at any depth. */
function totalBlockText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + totalBlockText(item), 0);
  if (!isObject(value)) return 0;
  let sum = typeof value['text'] === 'string' ? value['text'].length : 0;
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'text' || typeof child !== 'string') sum += totalBlockText(child);
  }
  return sum;
}

function tooLong(max: number, pointer: string): string {
  return `must be less than ${max + 1} characters [json-pointer:${pointer}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
