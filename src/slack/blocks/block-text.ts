import type { KnownBlock } from './types.js';

/**
 * Returns the visible texts of a block: header and section text, section fields, context texts and
 * button labels. Images, dividers and block types pxmysql does not build contribute nothing.
 */
export function textsOfBlock(block: KnownBlock): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((field) => field.text)];
    case 'context':
      return block.elements.flatMap((element) => ('text' in element && typeof element.text === 'string' ? [element.text] : []));
    case 'actions':
      return block.elements.flatMap((element) => (element.type === 'button' ? [element.text.text] : []));
    default:
      return [];
  }
}

/** Counts the text of a block in UTF-16 code units, the measure the message text budget uses. */
export function blockTextLength(block: KnownBlock): number {
  return textsOfBlock(block).reduce((total, text) => total + text.length, 0);
}
