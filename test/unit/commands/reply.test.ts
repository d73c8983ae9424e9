import { describe, expect, it } from 'vitest';
import { helpReply } from '../../../commands/help.js';
import { infoReply } from '../../../commands/reply.js';

function sectionTexts(reply: ReturnType<typeof infoReply>): string[] {
  return reply.blocks.map((block) => (block.type === 'section' ? (block.text?.text ?? '') : ''));
}

describe('infoReply', () => {
  it('keeps short text in one section', () => {
    const reply = infoReply('one\ntwo');
    expect(reply.blocks).toHaveLength(1);
    expect(reply.blocks[0]).toMatchObject({ block_id: 'pxmysql-info', text: { text: 'one\ntwo' } });
  });

  it('splits long text between lines', () => {
    const lines = Array.from({ length: 40 }, (_, index) => `${String(index).padStart(2, '0')} ${'x'.repeat(196)}`);
    const reply = infoReply(lines.join('\n'));
    const texts = sectionTexts(reply);

    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).toBe(lines.join('\n'));
    expect(new Set(reply.blocks.map((block) => block.block_id)).size).toBe(texts.length);
  });

  it('cuts a line longer than a section', () => {
    const texts = sectionTexts(infoReply(`short\n${'y'.repeat(4000)}`));
    expect(texts).toHaveLength(2);
    expect(texts[1]?.length).toBeLessThanOrEqual(3000);
  });

  it('fits the full help in English and Chinese', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const text of sectionTexts(helpReply(locale, undefined))) expect(text.length).toBeLessThanOrEqual(3000);
    }
  });
});
