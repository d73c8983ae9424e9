import { escapeText } from './escape.js';

/** Zero-width space: invisible, but it stops Slack from reading adjacent backticks as a fence. */
const ZERO_WIDTH_SPACE = '\u200b';

/** Length of the opening and closing fence that {@link fenceCode} adds around a body. */
export const FENCE_OVERHEAD = '```\n'.length + '\n```'.length;

/**
 * Escapes untrusted command output and breaks every run of three or more backticks with zero-width
 * spaces, so the output can neither mention anyone nor close the surrounding code fence early.
 */
export function neutralizeCode(untrusted: string): string {
  return escapeText(untrusted).replace(/`{3,}/g, (run) => run.split('').join(ZERO_WIDTH_SPACE));
}

/** Wraps text that {@link neutralizeCode} already processed in a ``` fence, each fence on its own line. */
export function fenceCode(neutralized: string): string {
  return '```\n' + neutralized + '\n```';
}

/**
 * Wraps untrusted command output in a code block that survives backticks in the output. The result
 * is not length-limited: use `sectionsForOutput` for output that may exceed one section.
 */
export function codeBlock(output: string): string {
  return fenceCode(neutralizeCode(output));
}
