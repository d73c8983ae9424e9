import { describe, expect, it } from 'vitest';
import { checkMessageContent, parseBlocksArgument } from '../../../src/lab/slack/block-limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('checkMessageContent', () => {
  const cases: [string, string | undefined, unknown[] | undefined, string | undefined][] = [
    ['text only', 'hi', undefined, undefined],
    ['nothing', '', undefined, 'no_text'],
    ['text over 40000', 'x'.repeat(40_001), undefined, 'msg_too_long'],
    ['50 blocks', 'x', Array.from({ length: 50 }, () => ({ type: 'divider' })), undefined],
    ['51 blocks', 'x', Array.from({ length: 51 }, () => ({ type: 'divider' })), 'invalid_blocks'],
    ['section text 3000', 'x', [section('y'.repeat(3000))], undefined],
    ['section text 3001', 'x', [section('y'.repeat(3001))], 'invalid_blocks'],
    ['header over 150', 'x', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], 'invalid_blocks'],
    ['mrkdwn header', 'x', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }], 'invalid_blocks'],
    ['11 fields', 'x', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }], 'invalid_blocks'],
    ['input block', 'x', [{ type: 'input' }], 'invalid_blocks'],
    ['duplicate block_id', 'x', [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }], 'invalid_blocks'],
    ['long button text', 'x', [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }], 'invalid_blocks'],
    ['blocks over 13000 chars', 'x', Array.from({ length: 5 }, () => section('z'.repeat(2900))), 'msg_blocks_too_long'],
  ];
  for (const [name, text, blocks, expected] of cases) {
    it(name, () => {
      expect(checkMessageContent(text, blocks)?.error).toBe(expected);
    });
  }

  it('points at the invalid block', () => {
    expect(checkMessageContent('x', [section('ok'), section('y'.repeat(3001))])?.errors).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/1/text/text]',
    ]);
  });
});

describe('parseBlocksArgument', () => {
  it('parses a JSON string', () => {
    expect(parseBlocksArgument('[{"type":"divider"}]')).toEqual([{ type: 'divider' }]);
  });

  it('rejects non-arrays', () => {
    expect(parseBlocksArgument('{"type":"divider"}')).toBe('invalid');
    expect(parseBlocksArgument('not json')).toBe('invalid');
  });

  it('treats empty as absent', () => {
    expect(parseBlocksArgument(undefined)).toBeUndefined();
    expect(parseBlocksArgument('')).toBeUndefined();
  });
});
