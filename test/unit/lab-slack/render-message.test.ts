import { describe, expect, it } from 'vitest';
import { hasErrorBlock, renderMessage } from '../../../src/lab/cli/render-message.js';

describe('renderMessage', () => {
  it('shows mentions and entities as Slack does', () => {
    const lines = renderMessage({ text: 'requested by <@U0LABONC1> in <#C0LABOPS1|ops>: a &lt;b&gt; &amp;amp;' });
    expect(lines).toEqual(['requested by @oncall in #ops: a <b> &amp;']);
  });

  it('keeps multi-line fields on their lines', () => {
    const lines = renderMessage({ blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: '*Replicas*\nnode-a\nnode-b' }] }] });
    expect(lines).toEqual(['  *Replicas*', '  node-a', '  node-b']);
  });

  it('falls back to text without blocks', () => {
    expect(renderMessage({ text: 'line one\nline two' })).toEqual(['line one', 'line two']);
  });

  it('renders Block Kit readably', () => {
    const lines = renderMessage({
      text: 'ignored',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Failover plan' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Target* `orders-db`' }, fields: [{ type: 'mrkdwn', text: '*Node*\ngke-a' }] },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '```\nStatus: PX is operational\n```' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'job j1' }, { type: 'plain_text', text: '12 s' }] },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' } },
            { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject' } },
          ],
        },
      ],
    });
    expect(lines).toEqual([
      '# Failover plan',
      '*Target* `orders-db`',
      '  Node: gke-a',
      '────────────────────────────────',
      '```',
      'Status: PX is operational',
      '```',
      'job j1  ·  12 s',
      '[Approve] (approve)  [Reject] (reject)',
    ]);
  });

  it('renders a section accessory button', () => {
    const lines = renderMessage({
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Retry?' }, accessory: { type: 'button', action_id: 'retry', text: { type: 'plain_text', text: 'Retry' } } }],
    });
    expect(lines).toEqual(['Retry?', '  [Retry] (retry)']);
  });

  it('names unknown block types', () => {
    expect(renderMessage({ blocks: [{ type: 'video' }] })).toEqual(['[video block]']);
  });
});

describe('hasErrorBlock', () => {
  it('detects the pxmysql-error prefix', () => {
    expect(hasErrorBlock({ blocks: [{ type: 'section', block_id: 'pxmysql-error-denied' }] })).toBe(true);
  });

  it('ignores other block ids', () => {
    expect(hasErrorBlock({ blocks: [{ type: 'section', block_id: 'pxmysql-help' }] })).toBe(false);
    expect(hasErrorBlock({ text: 'pxmysql-error' })).toBe(false);
  });
});
