import { blockTextLength } from './block-text.js';
import { FENCE_OVERHEAD, fenceCode, neutralizeCode } from './code-block.js';
import { DEFAULT_MESSAGE_TEXT_BUDGET, SLACK_LIMITS } from './limits.js';
import { textUnits } from './truncate.js';
import type { KnownBlock, SectionBlock } from './types.js';

export interface SectionSplitOptions {
  /** Maximum text length of one section, fences included, in UTF-16 code units. Default 3000. */
  maxSectionChars?: number;
}

export interface PackOptions {
  /** Maximum blocks per message. Default 50. */
  maxBlocks?: number;
  /** Maximum total block text per message, in UTF-16 code units. Default 11 000. */
  maxTextChars?: number;
}

/** Maximum length of a unit that `textUnits` returns (`&amp;`). A code block body must fit at least one. */
const MAX_UNIT_LENGTH = '&amp;'.length;

/**
 * Splits untrusted command output into section blocks, each one code block of at most
 * `maxSectionChars` including its fences. Lines are kept whole where they fit; a longer line is cut
 * into pieces, never inside an escaped entity or a surrogate pair. Line endings are normalized to
 * `\n` and trailing line breaks dropped. Empty output returns no sections, so the caller decides
 * what to say instead.
 */
export function sectionsForOutput(output: string, options: SectionSplitOptions = {}): SectionBlock[] {
  const maxSectionChars = options.maxSectionChars ?? SLACK_LIMITS.sectionText;
  const maxBody = maxSectionChars - FENCE_OVERHEAD;
  if (maxBody < MAX_UNIT_LENGTH) {
    throw new RangeError(`maxSectionChars must be at least ${FENCE_OVERHEAD + MAX_UNIT_LENGTH}, got ${maxSectionChars}`);
  }

  const normalized = output.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  if (normalized === '') return [];

  const pieces = normalized.split('\n').flatMap((line) => cutLine(neutralizeCode(line), maxBody));
  return joinLines(pieces, maxBody).map((body) => ({ type: 'section', text: { type: 'mrkdwn', text: fenceCode(body) } }));
}

/** Cuts one neutralized line into pieces of at most `max` code units. */
function cutLine(line: string, max: number): string[] {
  if (line.length <= max) return [line];

  const pieces: string[] = [];
  let piece = '';
  for (const unit of textUnits(line)) {
    if (piece.length + unit.length > max) {
      pieces.push(piece);
      piece = '';
    }
    piece += unit;
  }
  pieces.push(piece);
  return pieces;
}

/** Joins lines with `\n` into as few bodies as possible, each at most `max` code units. */
function joinLines(lines: readonly string[], max: number): string[] {
  const bodies: string[] = [];
  let body: string | undefined;
  for (const line of lines) {
    if (body !== undefined && body.length + 1 + line.length <= max) {
      body += '\n' + line;
      continue;
    }
    if (body !== undefined) bodies.push(body);
    body = line;
  }
  if (body !== undefined) bodies.push(body);
  return bodies;
}

/**
 * Packs blocks, in order, into messages of at most `maxBlocks` blocks and `maxTextChars` of block
 * text. A single block longer than the text budget gets a message of its own rather than being cut.
 */
export function packMessages(blocks: readonly KnownBlock[], options: PackOptions = {}): KnownBlock[][] {
  const maxBlocks = options.maxBlocks ?? SLACK_LIMITS.blocksPerMessage;
  const maxTextChars = options.maxTextChars ?? DEFAULT_MESSAGE_TEXT_BUDGET;
  if (maxBlocks < 1) throw new RangeError(`maxBlocks must be at least 1, got ${maxBlocks}`);

  const messages: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let currentText = 0;
  for (const block of blocks) {
    const length = blockTextLength(block);
    const fits = current.length < maxBlocks && currentText + length <= maxTextChars;
    if (!fits && current.length > 0) {
      messages.push(current);
      current = [];
      currentText = 0;
    }
    current.push(block);
    currentText += length;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
