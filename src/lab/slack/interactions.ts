import type { Logger } from 'pino';
import { LabInputError } from './lab-input-error.js';
import { compareTs, newHexId, newTriggerId } from './ids.js';
import { deliverOverHttp } from './http-delivery.js';
import type { DeliveryOutcome } from './delivery.js';
import type { MessageStore } from './message-store.js';
import type { DeliveryRecord, LabMessage } from './message-types.js';
import { blockActionsPayload, commandText, findButton, slashCommandPayload } from './payloads.js';
import type { Responses } from './responses.js';
import type { SigningOverride } from './signing.js';
import type { EnvelopeType, SocketModeHub } from './socket-mode-hub.js';
import { findChannel, findUser, type LabChannel, type LabUser, type LabWorkspace } from './workspace.js';

export type DeliveryMode = 'socket' | 'http';
export { LabInputError } from './lab-input-error.js';

export interface SlashCommandRequest {
  /** Handle (`oncall`) or id of the user who types the command. */
  user: string;
  /** `/pxmysql status` or just `status`. */
  text: string;
  /** Channel name or id; `ops` when absent. */
  channel?: string;
  /** Delivery mode for this request; the lab's configured mode when absent. */
  via?: DeliveryMode;
  /** HTTP delivery only: sign with another secret or timestamp, to test the bot's rejection. */
  signing?: SigningOverride;
}

export interface StartedCommand {
  commandId: string;
  triggerId: string;
  channel: string;
  userId: string;
  responseUrl: string;
  /** Settles when the bot has acknowledged the command or the delivery has failed. */
  delivered: Promise<DeliveryRecord>;
}

export interface CommandResult {
  commandId: string;
  triggerId: string;
  channel: string;
  responseUrl: string;
  delivery: DeliveryRecord;
}

export interface ClickRequest {
  user: string;
  /** action_id or the button's visible text. */
  action: string;
  channel?: string;
  via?: DeliveryMode;
  signing?: SigningOverride;
}

export interface ClickResult {
  clickId: string;
  channel: string;
  userId: string;
  messageTs: string;
  actionId: string;
  delivery: DeliveryRecord;
  /** Sequence number of the last store event before the click. Replies to the click come after it. */
  afterSeq: number;
}

export interface InteractionsOptions {
  workspace: LabWorkspace;
  store: MessageStore;
  responses: Responses;
  hub: SocketModeHub;
  signingSecret: string;
  botHttpUrl?: string;
  defaultMode: DeliveryMode;
  baseUrl: () => string;
  ackTimeoutMs?: number;
  logger?: Logger;
}

/** Turns lab users' slash commands and button clicks into deliveries to the bot. */
export class Interactions {
  private readonly clicks = new Map<string, ClickResult>();

  constructor(private readonly options: InteractionsOptions) {}

  clickById(clickId: string): ClickResult | undefined {
    return this.clicks.get(clickId);
  }

  /** Starts a slash command; throws LabInputError before anything is sent when the request is invalid. */
  startCommand(request: SlashCommandRequest): StartedCommand {
    const { workspace, store } = this.options;
    const user = this.resolveUser(request.user);
    const channel = this.resolveChannel(request.channel);
    const text = commandText(request.text);
    const mode = this.deliveryMode(request.via);
    const commandId = newHexId(8);
    const triggerId = newTriggerId();
    store.registerCommand({ commandId, triggerId, userId: user.id, channelId: channel.id, startedAt: Date.now() });

    const responseUrl = this.options.responses.createUrl(this.options.baseUrl(), {
      channelId: channel.id,
      userId: user.id,
      commandId,
    });
    const fields = slashCommandPayload({ workspace, user, channel, text, responseUrl, triggerId });
    const body = new URLSearchParams(fields).toString();

    const delivered = this.deliver('slash_commands', fields, body, mode, request.signing).then((outcome) => {
      store.recordDelivery(channel.id, outcome.record, { commandId });
      if (outcome.record.ok && outcome.responseMessage) {
        this.options.responses.applyImmediate(responseUrl, outcome.responseMessage);
      }
      if (!outcome.record.ok) {
        this.options.logger?.warn({ commandId, delivery: outcome.record }, 'slash command delivery failed');
      }
      return outcome.record;
    });
    return { commandId, triggerId, channel: channel.id, userId: user.id, responseUrl, delivered };
  }

  /** Sends a slash command and waits for its delivery to finish. */
  async sendSlashCommand(request: SlashCommandRequest): Promise<CommandResult> {
    const started = this.startCommand(request);
    const delivery = await started.delivered;
    const { commandId, triggerId, channel, responseUrl } = started;
    return { commandId, triggerId, channel, responseUrl, delivery };
  }

  /** Presses the button on the newest message in the channel, visible to the user, that has it. */
  async click(request: ClickRequest): Promise<ClickResult> {
    const { workspace, store } = this.options;
    const user = this.resolveUser(request.user);
    const channel = this.resolveChannel(request.channel);
    const mode = this.deliveryMode(request.via);
    const found = this.findNewestButton(channel, user, request.action);
    if (!found) {
      throw new LabInputError('action_not_found', `no message in #${channel.name} has a button "${request.action}"`);
    }

    const clickId = newHexId(8);
    const responseUrl = this.options.responses.createUrl(this.options.baseUrl(), {
      channelId: channel.id,
      userId: user.id,
      clickId,
      original: { ts: found.message.ts, isEphemeral: found.isEphemeral },
    });
    const payload = blockActionsPayload({
      workspace,
      user,
      channel,
      message: found.message,
      isEphemeral: found.isEphemeral,
      button: found.button,
      responseUrl,
      triggerId: newTriggerId(),
      actionTs: store.nextTs(),
    });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

    const afterSeq = store.lastSeq();
    const outcome = await this.deliver('interactive', payload, body, mode, request.signing);
    store.recordDelivery(channel.id, outcome.record, { clickId });
    if (!outcome.record.ok) this.options.logger?.warn({ clickId, delivery: outcome.record }, 'button click delivery failed');
    const result: ClickResult = {
      clickId,
      channel: channel.id,
      userId: user.id,
      messageTs: found.message.ts,
      actionId: found.button.actionId,
      delivery: outcome.record,
      afterSeq,
    };
    this.clicks.set(clickId, result);
    return result;
  }

  private deliveryMode(via: DeliveryMode | undefined): DeliveryMode {
    const mode = via ?? this.options.defaultMode;
    if (mode === 'http' && !this.options.botHttpUrl) {
      throw new LabInputError('http_delivery_not_configured', 'HTTP delivery needs botHttpUrl in the lab Slack options');
    }
    return mode;
  }

  private async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    formBody: string,
    mode: DeliveryMode,
    signing: SigningOverride | undefined,
  ): Promise<DeliveryOutcome> {
    if (mode === 'socket' || !this.options.botHttpUrl) {
      return await this.options.hub.deliver(type, payload, this.options.ackTimeoutMs);
    }
    return await deliverOverHttp({
      url: this.options.botHttpUrl,
      body: formBody,
      signingSecret: this.options.signingSecret,
      signing,
      timeoutMs: this.options.ackTimeoutMs,
    });
  }

  private findNewestButton(channel: LabChannel, user: LabUser, action: string) {
    const { store } = this.options;
    const candidates: { message: LabMessage; isEphemeral: boolean }[] = [
      ...store.list(channel.id).map((message) => ({ message, isEphemeral: false })),
      ...store.listEphemeral(channel.id, user.id).map((entry) => ({ message: entry.message, isEphemeral: true })),
    ];
    candidates.sort((left, right) => compareTs(right.message.ts, left.message.ts));
    for (const candidate of candidates) {
      const button = findButton(candidate.message, action);
      if (button) return { ...candidate, button };
    }
    return undefined;
  }

  private resolveUser(idOrHandle: string): LabUser {
    const user = findUser(this.options.workspace, idOrHandle);
    if (!user) {
      const known = this.options.workspace.users.map((candidate) => candidate.name).join(', ');
      throw new LabInputError('user_not_found', `no lab user "${idOrHandle}"; known users: ${known}`);
    }
    return user;
  }

  private resolveChannel(idOrName: string | undefined): LabChannel {
    if (idOrName === undefined || idOrName === '') return this.options.workspace.defaultChannel;
    const channel = findChannel(this.options.workspace, idOrName);
    if (!channel) {
      const known = this.options.workspace.channels.map((candidate) => `#${candidate.name}`).join(', ');
      throw new LabInputError('channel_not_found', `no lab channel "${idOrName}"; known channels: ${known}`);
    }
    return channel;
  }
}
