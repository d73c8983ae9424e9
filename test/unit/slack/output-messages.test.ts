import { describe, expect, it } from 'vitest';
import { section } from '../../../src/slack/blocks/builders.js';
import { outputMessages, splitMessage } from '../../../src/slack/blocks/output-messages.js';

describe('outputMessages', () => {
  it('puts the title and short output in one message', () => {
    const messages = outputMessages('*pxctl volume inspect*', 'Status: Up');
    expect(messages).toEqual([
      {
        text: '*pxctl volume inspect*',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*pxctl volume inspect*' } },
          { type: 'section', text: { type: 'mrkdwn', text: '```\nStatus: Up\n```' } },
        ],
      },
    ]);
  });

  it('moves long output to further messages', () => {
    const output = Array.from({ length: 3000 }, (_, index) => `line ${index} `.padEnd(60, '.')).join('\n');
    const messages = outputMessages('*log*', output);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.text).toBe('*log*');
      expect(message.blocks.length).toBeLessThanOrEqual(50);
    }
  });

  it('shows only the title for empty output', () => {
    expect(outputMessages('*empty*', '')).toEqual([{ text: '*empty*', blocks: [section('*empty*')] }]);
  });
});

describe('splitMessage', () => {
  it('returns a message that fits unchanged', () => {
    const message = { text: 'step done', blocks: [section('done')] };
    expect(splitMessage(message)).toEqual([message]);
  });

  it('returns a message without blocks unchanged', () => {
    const message = { text: 'plain', blocks: [] };
    expect(splitMessage(message)).toEqual([message]);
  });

  it('splits more than 50 blocks and derives later fallback texts', () => {
    const blocks = Array.from({ length: 60 }, (_, index) => section(`b${index}`));
    const parts = splitMessage({ text: 'many', blocks });
    expect(parts.map((part) => part.blocks.length)).toEqual([50, 10]);
    expect(parts[0]?.text).toBe('many');
    expect(parts[1]?.text.startsWith('b50\nb51')).toBe(true);
  });
});
