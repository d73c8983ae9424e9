/**
 * Plain-text rendering of Slack messages for the terminal: Block Kit blocks when present, else the
 * message text. Code fences in mrkdwn are kept, and buttons show as `[Text] (action_id)`.
 */

import { createLabWorkspace, findChannel, findUser } from '../slack/workspace.js';

interface RenderableMessage {
  text?: string;
  blocks?: unknown[];
}

const DIVIDER = '────────────────────────────────';

/** Renders a message as lines of plain text, showing mentions and entities as Slack displays them. */
export function renderMessage(message: RenderableMessage): string[] {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  const lines = blocks.length === 0 ? splitLines(message.text ?? '') : blocks.flatMap((block) => renderBlock(asRecord(block)));
  return lines.map(displayText);
}

const WORKSPACE = createLabWorkspace();

/** Replaces `<@U…>` and `<#C…>` (or `<#C…|name>`) with `@handle` and `#channel`, then decodes `&lt;`, `&gt;` and `&amp;`. */
function displayText(mrkdwn: string): string {
  const linked = mrkdwn
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (whole, id: string) => {
      const user = findUser(WORKSPACE, id);
      return user === undefined ? whole : `@${user.name}`;
    })
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (whole, id: string, label: string | undefined) => {
      const channel = findChannel(WORKSPACE, id);
      if (channel !== undefined) return `#${channel.name}`;
      // Channels the bot created after this process started are unknown here; their label names them.
      return label === undefined || label === '' ? whole : `#${label}`;
    });
  return linked.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** True when a message has a block whose block_id starts with `pxmysql-error`. */
export function hasErrorBlock(message: RenderableMessage): boolean {
  return (message.blocks ?? []).some((block) => {
    const blockId = asRecord(block)['block_id'];
    return typeof blockId === 'string' && blockId.startsWith('pxmysql-error');
  });
}

function renderBlock(block: Record<string, unknown>): string[] {
  switch (block['type']) {
    case 'header':
      return [`# ${textOf(block['text'])}`];
    case 'section':
      return renderSection(block);
    case 'context':
      return [elementsOf(block).map(contextElementText).filter((text) => text !== '').join('  ·  ')];
    case 'divider':
      return [DIVIDER];
    case 'actions':
      return [elementsOf(block).map(elementText).join('  ')];
    case 'markdown':
      return splitLines(typeof block['text'] === 'string' ? block['text'] : '');
    case 'image':
      return [`[image: ${String(block['alt_text'] ?? '')}]`];
    case 'rich_text':
      return splitLines(richText(block));
    default:
      return [`[${String(block['type'])} block]`];
  }
}

function renderSection(block: Record<string, unknown>): string[] {
  const lines = block['text'] !== undefined ? splitLines(textOf(block['text'])) : [];
  const fields = Array.isArray(block['fields']) ? block['fields'] : [];
  for (const field of fields) lines.push(...fieldLines(textOf(field)).map((line) => `  ${line}`));
  if (block['accessory'] !== undefined) lines.push(`  ${elementText(block['accessory'])}`);
  return lines;
}

/** Shows a field written as a bold label over its value (`*Node*\ngke-a`) on one line: `Node: gke-a`. */
function fieldLines(text: string): string[] {
  const labelled = /^\*([^*\n]+)\*\n([^\n]*)$/.exec(text);
  if (labelled) return [`${labelled[1]}: ${labelled[2]}`];
  return splitLines(text);
}

function elementText(element: unknown): string {
  const record = asRecord(element);
  if (record['type'] === 'button') return `[${textOf(record['text'])}] (${String(record['action_id'] ?? '')})`;
  if (record['type'] === 'image') return `[image: ${String(record['alt_text'] ?? '')}]`;
  return `[${String(record['type'])}]`;
}

function contextElementText(element: unknown): string {
  const record = asRecord(element);
  if (record['type'] === 'image') return `[image: ${String(record['alt_text'] ?? '')}]`;
  return textOf(record);
}

/** Flattens rich_text elements (sections, preformatted, lists, quotes) into text. */
function richText(value: unknown): string {
  const record = asRecord(value);
  if (typeof record['text'] === 'string') return record['text'];
  if (record['type'] === 'user') return `<@${String(record['user_id'] ?? '')}>`;
  if (record['type'] === 'channel') return `<#${String(record['channel_id'] ?? '')}>`;
  const children = Array.isArray(record['elements']) ? record['elements'] : [];
  const joined = children.map(richText).join(record['type'] === 'rich_text_list' ? '\n' : '');
  if (record['type'] === 'rich_text_preformatted') return `\`\`\`\n${joined}\n\`\`\``;
  return record['type'] === 'rich_text' ? children.map(richText).join('\n') : joined;
}

function textOf(value: unknown): string {
  const record = asRecord(value);
  return typeof record['text'] === 'string' ? record['text'] : '';
}

function elementsOf(block: Record<string, unknown>): unknown[] {
  return Array.isArray(block['elements']) ? block['elements'] : [];
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
