import { describe, expect, it } from 'vitest';
import { buttons, context, divider, fields, header, section } from '../../../src/slack/blocks/builders.js';

describe('header', () => {
  it('builds a plain-text header', () => {
    expect(header('Failover')).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Failover', emoji: true } });
  });

  it('truncates to 150 characters', () => {
    const text = header('h'.repeat(400)).text.text;
    expect(text).toHaveLength(150);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('section', () => {
  it('builds a mrkdwn section', () => {
    expect(section('*done*')).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*done*' } });
  });

  it('truncates to 3000 characters without cutting an entity', () => {
    const text = section('a' + '&lt;'.repeat(1000)).text?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^a(&lt;)+…$/);
  });
});

describe('fields', () => {
  it('formats each pair as a bold label above its value', () => {
    const [block] = fields([{ label: 'PVC', value: '`mysql-data`' }]);
    expect(block?.fields).toEqual([{ type: 'mrkdwn', text: '*PVC*\n`mysql-data`' }]);
  });

  it('puts at most 10 fields in a section', () => {
    const pairs = Array.from({ length: 23 }, (_, index) => ({ label: `l${index}`, value: `v${index}` }));
    const blocks = fields(pairs);
    expect(blocks.map((block) => block.fields?.length)).toEqual([10, 10, 3]);
  });

  it('truncates a field to 2000 characters', () => {
    const [block] = fields([{ label: 'Replica nodes', value: 'n'.repeat(5000) }]);
    expect(block?.fields?.[0]?.text).toHaveLength(2000);
  });

  it('returns no sections for no pairs', () => {
    expect(fields([])).toEqual([]);
  });
});

describe('context', () => {
  it('builds one element per argument', () => {
    expect(context('a', 'b').elements).toEqual([
      { type: 'mrkdwn', text: 'a' },
      { type: 'mrkdwn', text: 'b' },
    ]);
  });

  it('rejects more than 10 elements', () => {
    expect(() => context(...Array.from({ length: 11 }, () => 'x'))).toThrow(RangeError);
  });
});

describe('divider', () => {
  it('builds a divider', () => {
    expect(divider()).toEqual({ type: 'divider' });
  });
});

describe('buttons', () => {
  it('builds buttons with ids, values and styles', () => {
    const block = buttons('approval-a1', [
      { actionId: 'approve', text: 'Approve', value: 'a1', style: 'primary' },
      { actionId: 'reject', text: 'Reject', value: 'a1', style: 'danger' },
    ]);
    expect(block.block_id).toBe('approval-a1');
    expect(block.elements).toEqual([
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: 'a1', style: 'primary' },
      { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject', emoji: true }, value: 'a1', style: 'danger' },
    ]);
  });

  it('truncates a label to 75 characters', () => {
    const [button] = buttons('b', [{ actionId: 'a', text: 'x'.repeat(100) }]).elements;
    expect(button?.type === 'button' ? button.text.text : '').toHaveLength(75);
  });

  it('rejects ids over 255 characters', () => {
    expect(() => buttons('b'.repeat(256), [{ actionId: 'a', text: 'x' }])).toThrow(/block_id/);
    expect(() => buttons('b', [{ actionId: 'a'.repeat(256), text: 'x' }])).toThrow(/action_id/);
  });

  it('rejects an empty button list', () => {
    expect(() => buttons('b', [])).toThrow(RangeError);
  });
});
