/**
 * Small Block Kit builders used across the bot.
 *
 * Every `mrkdwn` argument must already be safe mrkdwn: catalog text, mentions the bot built itself
 * (`<@U…>`, `<#C…>`), and untrusted values passed through `escapeText` exactly once. The builders
 * never escape, so they cannot escape twice. Text that varies with data is truncated to Slack's
 * limits with `…` rather than rejected, because a report that is too long must not fail a job;
 * use `sectionsForOutput` for long command output. Identifiers and counts fixed by the code
 * (`block_id`, `action_id`, button values, context elements) throw a `RangeError` when over a limit.
 */
import { SLACK_LIMITS } from './limits.js';
import { truncateText } from './truncate.js';
import type { ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, SectionBlock } from './types.js';

/** Builds a header in Slack's larger bold font. `text` is plain text (no mrkdwn, no mentions), cut to 150. */
export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncateText(text, SLACK_LIMITS.headerText), emoji: true } };
}

/** Builds a section with one mrkdwn text, cut to 3000 code units. */
export function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateText(mrkdwn, SLACK_LIMITS.sectionText) } };
}

/** One label and value shown as a two-line section field; both are mrkdwn. */
export interface FieldPair {
  label: string;
  value: string;
}

/**
 * Builds sections of two-column fields, each a bold label above its value. Slack allows 10 fields
 * per section, so more pairs produce more sections. Each field is cut to 2000 code units.
 */
export function fields(pairs: readonly FieldPair[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let start = 0; start < pairs.length; start += SLACK_LIMITS.fieldsPerSection) {
    const group = pairs.slice(start, start + SLACK_LIMITS.fieldsPerSection);
    sections.push({
      type: 'section',
      fields: group.map((pair) => ({
        type: 'mrkdwn',
        text: truncateText(`*${pair.label}*\n${pair.value}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  return sections;
}

/** Builds a context block (small grey text) with one mrkdwn element per argument, at most 10. */
export function context(...mrkdwn: string[]): ContextBlock {
  if (mrkdwn.length === 0 || mrkdwn.length > SLACK_LIMITS.contextElements) {
    throw new RangeError(`context takes 1 to ${SLACK_LIMITS.contextElements} elements, got ${mrkdwn.length}`);
  }
  return {
    type: 'context',
    elements: mrkdwn.map((text) => ({ type: 'mrkdwn', text: truncateText(text, SLACK_LIMITS.sectionText) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** One button of an actions block. */
export interface ButtonSpec {
  /** `action_id` that the interaction handler matches; at most 255 characters. */
  actionId: string;
  /** Plain-text label, cut to 75 characters. */
  text: string;
  /** Sent back on click; at most 2000 characters. pxmysql sends only ids here, never a request. */
  value?: string;
  style?: 'primary' | 'danger';
}

/** Builds an actions block of at most 25 buttons under a fixed `block_id`. */
export function buttons(blockId: string, specs: readonly ButtonSpec[]): ActionsBlock {
  checkLength('block_id', blockId, SLACK_LIMITS.id);
  if (specs.length === 0 || specs.length > SLACK_LIMITS.actionsElements) {
    throw new RangeError(`buttons takes 1 to ${SLACK_LIMITS.actionsElements} buttons, got ${specs.length}`);
  }

  return { type: 'actions', block_id: blockId, elements: specs.map(buildButton) };
}

function buildButton(spec: ButtonSpec): Button {
  checkLength('action_id', spec.actionId, SLACK_LIMITS.id);
  if (spec.value !== undefined) checkLength('button value', spec.value, SLACK_LIMITS.buttonValue);

  return {
    type: 'button',
    action_id: spec.actionId,
    text: { type: 'plain_text', text: truncateText(spec.text, SLACK_LIMITS.buttonText), emoji: true },
    ...(spec.value === undefined ? {} : { value: spec.value }),
    ...(spec.style === undefined ? {} : { style: spec.style }),
  };
}

function checkLength(name: string, value: string, max: number): void {
  if (value.length === 0 || value.length > max) {
    throw new RangeError(`${name} must be 1 to ${max} characters, got ${value.length}: ${value.slice(0, 40)}`);
  }
}
