import { describe, expect, it } from 'vitest';
import { escapeText } from '../../../src/slack/blocks/escape.js';

describe('escapeText', () => {
  it('escapes the three control characters', () => {
    expect(escapeText('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('neutralizes a channel mention', () => {
    const escaped = escapeText('<!channel> wake up');
    expect(escaped).toBe('&lt;!channel&gt; wake up');
    expect(escaped).not.toContain('<');
  });

  it('neutralizes user mentions and links', () => {
    expect(escapeText('<@U123>')).toBe('&lt;@U123&gt;');
    expect(escapeText('<https://example.com|click>')).toBe('&lt;https://example.com|click&gt;');
    expect(escapeText('<!subteam^S123>')).toBe('&lt;!subteam^S123&gt;');
  });

  it('escapes already escaped input again', () => {
    expect(escapeText('&amp;')).toBe('&amp;amp;');
    expect(escapeText('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });

  it('leaves other mrkdwn characters alone', () => {
    expect(escapeText('*bold* _it_ ~s~ `code` "q" \'a\'')).toBe('*bold* _it_ ~s~ `code` "q" \'a\'');
  });

  it('returns empty input unchanged', () => {
    expect(escapeText('')).toBe('');
  });
});
