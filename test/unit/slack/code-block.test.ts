import { describe, expect, it } from 'vitest';
import { codeBlock, neutralizeCode } from '../../../src/slack/blocks/code-block.js';

const ZWSP = '\u200b';

/** Returns the text between the opening and the closing fence. */
function bodyOf(block: string): string {
  expect(block.startsWith('```\n')).toBe(true);
  expect(block.endsWith('\n```')).toBe(true);
  return block.slice(4, -4);
}

describe('codeBlock', () => {
  it('wraps output in a fence on its own lines', () => {
    expect(codeBlock('Status: Up\nReplicas: 3')).toBe('```\nStatus: Up\nReplicas: 3\n```');
  });

  it('breaks a run of three backticks', () => {
    const body = bodyOf(codeBlock('before ``` after'));
    expect(body).not.toContain('```');
    expect(body).toBe(`before \`${ZWSP}\`${ZWSP}\` after`);
  });

  it('breaks longer backtick runs', () => {
    for (const run of ['````', '``````', '`'.repeat(11)]) {
      const body = bodyOf(codeBlock(`x${run}y`));
      expect(body).not.toContain('``');
      expect(body.replaceAll(ZWSP, '')).toBe(`x${run}y`);
    }
  });

  it('keeps runs of one or two backticks', () => {
    expect(bodyOf(codeBlock('a`b``c'))).toBe('a`b``c');
  });

  it('cannot be closed early by a fence line in the output', () => {
    const block = codeBlock('line\n```\n<!channel>\n```');
    expect(block.match(/```/g)).toHaveLength(2);
    expect(block).not.toContain('<!channel>');
  });

  it('escapes the output', () => {
    expect(neutralizeCode('<@U123> & <!here>')).toBe('&lt;@U123&gt; &amp; &lt;!here&gt;');
  });
});
