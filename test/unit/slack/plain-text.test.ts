import { describe, expect, it } from 'vitest';
import { buttons, context, divider, fields, header, section } from '../../../src/slack/blocks/builders.js';
import { blocksToPlainText } from '../../../src/slack/blocks/plain-text.js';

describe('blocksToPlainText', () => {
  it('joins the texts of all blocks in order', () => {
    const text = blocksToPlainText([
      header('Status of orders-db'),
      section('Pod is *Ready*'),
      divider(),
      ...fields([{ label: 'Node', value: 'gke-1' }]),
      context('took 2 s'),
      buttons('b', [{ actionId: 'a', text: 'Approve' }]),
    ]);
    expect(text).toBe('Status of orders-db\nPod is *Ready*\n*Node*\ngke-1\ntook 2 s\nApprove');
  });

  it('keeps escaped text escaped', () => {
    expect(blocksToPlainText([section('&lt;!channel&gt;')])).toBe('&lt;!channel&gt;');
  });

  it('truncates to the maximum length', () => {
    const text = blocksToPlainText([section('a'.repeat(2000))], { maxChars: 100 });
    expect(text).toHaveLength(100);
    expect(text.endsWith('…')).toBe(true);
  });

  it('returns an empty string for no blocks', () => {
    expect(blocksToPlainText([])).toBe('');
  });
});
