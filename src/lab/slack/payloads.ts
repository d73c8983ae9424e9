import { LabInputError } from './lab-input-error.js';
import type { LabMessage } from './message-types.js';
import type { LabChannel, LabUser, LabWorkspace } from './workspace.js';

/** The deprecated verification token Slack still puts in every payload. */
export const LAB_VERIFICATION_TOKEN = 'LabVerificationToken0001';

export const SLASH_COMMAND = '/pxmysql';

export interface SlashCommandInput {
  workspace: LabWorkspace;
  user: LabUser;
  channel: LabChannel;
  /** Text after the command name. */
  text: string;
  responseUrl: string;
  triggerId: string;
}

/** Builds the fields Slack sends for a slash command, all strings as in its form-encoded body. */
export function slashCommandPayload(input: SlashCommandInput): Record<string, string> {
  const { workspace, user, channel } = input;
  return {
    token: LAB_VERIFICATION_TOKEN,
    team_id: workspace.teamId,
    team_domain: workspace.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: SLASH_COMMAND,
    text: input.text,
    api_app_id: workspace.bot.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** A button found in a message's blocks, with the block that holds it. */
export interface FoundButton {
  blockId: string;
  actionId: string;
  text: string;
  value?: string;
  style?: string;
}

export interface BlockActionsInput {
  workspace: LabWorkspace;
  user: LabUser;
  channel: LabChannel;
  message: LabMessage;
  isEphemeral: boolean;
  button: FoundButton;
  responseUrl: string;
  triggerId: string;
  actionTs: string;
}

/** Builds the `block_actions` payload Slack sends when a user presses a button in a message. */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const { workspace, user, channel, message, button } = input;
  const container: Record<string, unknown> = {
    type: 'message',
    message_ts: message.ts,
    channel_id: channel.id,
    is_ephemeral: input.isEphemeral,
  };
  if (message.thread_ts) container['thread_ts'] = message.thread_ts;

  const action: Record<string, unknown> = {
    action_id: button.actionId,
    block_id: button.blockId,
    text: { type: 'plain_text', text: button.text, emoji: true },
    type: 'button',
    action_ts: input.actionTs,
  };
  if (button.value !== undefined) action['value'] = button.value;
  if (button.style !== undefined) action['style'] = button.style;

  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: workspace.teamId },
    api_app_id: workspace.bot.appId,
    token: LAB_VERIFICATION_TOKEN,
    container,
    trigger_id: input.triggerId,
    team: { id: workspace.teamId, domain: workspace.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [action],
  };
  // Slack leaves the message out of payloads from ephemeral messages.
  if (!input.isEphemeral) payload['message'] = message;
  return payload;
}

/**
 * Finds a button by action_id or by its visible text (case-insensitive) in a message's `actions`
 * blocks and section accessories.
 */
export function findButton(message: LabMessage, action: string): FoundButton | undefined {
  const wanted = action.trim().toLowerCase();
  for (const block of message.blocks ?? []) {
    if (typeof block !== 'object' || block === null) continue;
    const record = block as Record<string, unknown>;
    const elements = Array.isArray(record['elements']) ? [...(record['elements'] as unknown[])] : [];
    if (record['accessory'] !== undefined) elements.push(record['accessory']);
    for (const element of elements) {
      const button = asButton(element, typeof record['block_id'] === 'string' ? record['block_id'] : '');
      if (button && (button.actionId === action || button.text.trim().toLowerCase() === wanted)) return button;
    }
  }
  return undefined;
}

function asButton(element: unknown, blockId: string): FoundButton | undefined {
  if (typeof element !== 'object' || element === null) return undefined;
  const record = element as Record<string, unknown>;
  if (record['type'] !== 'button' || typeof record['action_id'] !== 'string') return undefined;
  const textObject = record['text'] as Record<string, unknown> | undefined;
  const button: FoundButton = {
    blockId,
    actionId: record['action_id'],
    text: typeof textObject?.['text'] === 'string' ? textObject['text'] : '',
  };
  if (typeof record['value'] === 'string') button.value = record['value'];
  if (typeof record['style'] === 'string') button.style = record['style'];
  return button;
}

/** Strips the `/pxmysql` prefix; rejects any other slash command. */
export function commandText(input: string): string {
  const trimmed = input.trim();
  if (!trimmed.startsWith('/')) return trimmed;
  const [name = ''] = trimmed.split(/\s+/);
  if (name !== SLASH_COMMAND) {
    throw new LabInputError('invalid_command', `the lab only knows ${SLASH_COMMAND}, not ${name}`);
  }
  return trimmed.slice(name.length).trim();
}
