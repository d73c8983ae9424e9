import { describe, expect, it } from 'vitest';
import { blockTextLength } from '../../../src/slack/blocks/block-text.js';
import { section } from '../../../src/slack/blocks/builders.js';
import { packMessages, sectionsForOutput } from '../../../src/slack/blocks/split.js';
import type { KnownBlock, SectionBlock } from '../../../src/slack/blocks/types.js';

function textOf(block: SectionBlock): string {
  const text = block.text?.text;
  if (text === undefined) throw new Error('section has no text');
  return text;
}

/** Returns the code block bodies of the sections, fences removed. */
function bodies(blocks: SectionBlock[]): string[] {
  return blocks.map((block) => textOf(block).slice(4, -4));
}

function numberedLines(count: number, width: number): string {
  return Array.from({ length: count }, (_, index) => String(index).padEnd(width, 'x')).join('\n');
}

describe('sectionsForOutput', () => {
  it('returns one section for short output', () => {
    const blocks = sectionsForOutput('a\nb\n');
    expect(blocks).toHaveLength(1);
    expect(textOf(blocks[0]!)).toBe('```\na\nb\n```');
  });

  it('returns no sections for empty output', () => {
    expect(sectionsForOutput('')).toEqual([]);
    expect(sectionsForOutput('\n\n')).toEqual([]);
  });

  it('keeps every section within 3000 characters', () => {
    const blocks = sectionsForOutput(numberedLines(500, 79));
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(textOf(block).length).toBeLessThanOrEqual(3000);
  });

  it('splits at line boundaries only', () => {
    const output = numberedLines(500, 79);
    const parts = bodies(sectionsForOutput(output));
    for (const part of parts) {
      for (const line of part.split('\n')) expect(line).toHaveLength(79);
    }
    expect(parts.join('\n')).toBe(output);
  });

  it('fills sections before starting a new one', () => {
    const parts = bodies(sectionsForOutput(numberedLines(500, 79)));
    // 37 lines of 79 characters and 36 separators take 2959 characters; a 38th line would pass 2992.
    expect(parts[0]!.split('\n')).toHaveLength(37);
  });

  it('counts line breaks against the limit', () => {
    // A body of 31 fits two 10-character lines and their line break (21), but not a third line (32).
    const blocks = sectionsForOutput(numberedLines(6, 10), { maxSectionChars: 39 });
    expect(bodies(blocks).map((body) => body.split('\n').length)).toEqual([2, 2, 2]);
    for (const block of blocks) expect(textOf(block).length).toBeLessThanOrEqual(39);
  });

  it('fills a section up to exactly the limit', () => {
    const blocks = sectionsForOutput(numberedLines(4, 10), { maxSectionChars: 8 + 21 });
    expect(blocks.map((block) => textOf(block).length)).toEqual([29, 29]);
  });

  it('hard-splits a single very long line', () => {
    const line = 'y'.repeat(10_000);
    const blocks = sectionsForOutput(line);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) expect(textOf(block).length).toBeLessThanOrEqual(3000);
    expect(bodies(blocks).join('')).toBe(line);
  });

  it('never cuts inside an escaped entity', () => {
    const blocks = sectionsForOutput('<'.repeat(2000), { maxSectionChars: 100 });
    for (const body of bodies(blocks)) {
      expect(body).toMatch(/^(&lt;)+$/);
      expect(body.length).toBeLessThanOrEqual(92);
    }
  });

  it('never cuts a surrogate pair', () => {
    const blocks = sectionsForOutput('😀'.repeat(100), { maxSectionChars: 17 });
    for (const body of bodies(blocks)) expect(body).toMatch(/^(😀)+$/u);
  });

  it('escapes and neutralizes each section', () => {
    const text = textOf(sectionsForOutput('<!channel> ```')[0]!);
    expect(text).not.toContain('<!channel>');
    expect(text.match(/```/g)).toHaveLength(2);
  });

  it('normalizes CRLF line endings', () => {
    expect(bodies(sectionsForOutput('a\r\nb\r\n'))).toEqual(['a\nb']);
  });

  it('rejects a section limit below the fence size', () => {
    expect(() => sectionsForOutput('x', { maxSectionChars: 10 })).toThrow(RangeError);
  });
});

describe('packMessages', () => {
  it('keeps at most 50 blocks per message', () => {
    const blocks: KnownBlock[] = Array.from({ length: 120 }, (_, index) => section(`line ${index}`));
    const messages = packMessages(blocks);
    expect(messages.map((message) => message.length)).toEqual([50, 50, 20]);
    expect(messages.flat()).toEqual(blocks);
  });

  it('keeps the total text within the default budget', () => {
    const messages = packMessages(sectionsForOutput(numberedLines(2000, 79)));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      const total = message.reduce((sum, block) => sum + blockTextLength(block), 0);
      expect(total).toBeLessThanOrEqual(11_000);
    }
  });

  it('uses a configured text budget', () => {
    const blocks = [section('a'.repeat(400)), section('b'.repeat(400)), section('c'.repeat(400))];
    expect(packMessages(blocks, { maxTextChars: 800 }).map((message) => message.length)).toEqual([2, 1]);
  });

  it('gives an oversize block a message of its own', () => {
    const blocks = [section('a'), section('b'.repeat(900)), section('c')];
    expect(packMessages(blocks, { maxTextChars: 500 }).map((message) => message.length)).toEqual([1, 1, 1]);
  });

  it('returns no messages for no blocks', () => {
    expect(packMessages([])).toEqual([]);
  });
});
