import { EventEmitter } from 'node:events';
import { CommandRegistry, type CommandAttribution } from './command-registry.js';
import { MessageTsClock } from './ids.js';
import type {
  DeliveryRecord,
  LabEvent,
  LabMessage,
  MessageChanges,
  MessageMetadata,
  MessageSource,
  NewEphemeral,
  NewMessage,
  StoredEphemeral,
} from './message-types.js';

export type { CommandAttribution } from './command-registry.js';

/**
 * Channel messages, thread replies and ephemeral messages of the lab workspace, with an ordered
 * event stream. Messages are attributed to a slash command by the `trigger_id` in their metadata;
 * thread replies and updates inherit the attribution of their parent message.
 */
export class MessageStore {
  private readonly clock = new MessageTsClock();
  private readonly channelMessages = new Map<string, LabMessage[]>();
  private readonly ephemerals: StoredEphemeral[] = [];
  private readonly commandByMessage = new Map<string, string>();
  private readonly commands = new CommandRegistry();
  private readonly events: LabEvent[] = [];
  private readonly emitter = new EventEmitter();

  constructor(private readonly teamId: string) {
    this.emitter.setMaxListeners(0);
  }

  /** Registers a slash command so that messages carrying its trigger id are attributed to it. */
  registerCommand(command: CommandAttribution): void {
    this.commands.register(command);
  }

  commandById(commandId: string): CommandAttribution | undefined {
    return this.commands.byId(commandId);
  }

  nextTs(): string {
    return this.clock.next();
  }

  /** Returns a channel's messages and thread replies in posting order. */
  list(channel: string): readonly LabMessage[] {
    return this.channelMessages.get(channel) ?? [];
  }

  /** Returns the ephemeral messages of a channel, optionally only those visible to one user. */
  listEphemeral(channel: string, visibleTo?: string): readonly StoredEphemeral[] {
    return this.ephemerals.filter(
      (entry) =>
        entry.message.channel === channel &&
        (visibleTo === undefined || entry.visibleTo === visibleTo),
    );
  }

  find(channel: string, ts: string): LabMessage | undefined {
    return this.list(channel).find((message) => message.ts === ts);
  }

  /** Returns the command a channel message is attributed to, if any. */
  commandOf(channel: string, ts: string): string | undefined {
    return this.commandByMessage.get(messageKey(channel, ts));
  }

  post(input: NewMessage): LabMessage {
    const message: LabMessage = {
      type: 'message',
      ts: this.clock.next(),
      channel: input.channel,
      team: this.teamId,
      user: input.user,
      text: input.text,
    };
    if (input.botId) message.bot_id = input.botId;
    if (input.appId) message.app_id = input.appId;
    if (input.blocks) message.blocks = input.blocks;
    if (input.metadata) message.metadata = input.metadata;
    if (input.threadTs) message.thread_ts = input.threadTs;
    if (input.replyBroadcast) message.reply_broadcast = true;

    const messages = this.channelMessages.get(input.channel) ?? [];
    messages.push(message);
    this.channelMessages.set(input.channel, messages);

    const commandId =
      input.commandId ??
      this.commandFromMetadata(message.metadata) ??
      (input.threadTs ? this.commandOf(input.channel, input.threadTs) : undefined);
    if (commandId) this.commandByMessage.set(messageKey(input.channel, message.ts), commandId);

    this.emit({
      kind: 'message',
      channel: input.channel,
      source: input.source,
      commandId,
      clickId: input.clickId,
      message,
    });
    return message;
  }

  /** Applies changes to a channel message; returns undefined when it does not exist. */
  update(channel: string, ts: string, changes: MessageChanges): LabMessage | undefined {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    if (changes.text !== undefined) message.text = changes.text;
    if (changes.blocks !== undefined) message.blocks = changes.blocks;
    if (changes.metadata !== undefined) message.metadata = changes.metadata;
    message.edited = { user: message.user, ts: this.clock.next() };

    const key = messageKey(channel, ts);
    const commandId = this.commandByMessage.get(key) ?? this.commandFromMetadata(message.metadata);
    if (commandId) this.commandByMessage.set(key, commandId);

    this.emit({
      kind: 'update',
      channel,
      source: changes.source,
      commandId,
      clickId: changes.clickId,
      message,
    });
    return message;
  }

  /** Deletes a channel message; returns false when it does not exist. */
  delete(channel: string, ts: string, source: MessageSource, clickId?: string): boolean {
    const messages = this.channelMessages.get(channel) ?? [];
    const index = messages.findIndex((message) => message.ts === ts);
    const [removed] = index >= 0 ? messages.splice(index, 1) : [];
    if (!removed) return false;
    this.emit({
      kind: 'delete',
      channel,
      source,
      commandId: this.commandOf(channel, ts),
      clickId,
      message: removed,
    });
    return true;
  }

  postEphemeral(input: NewEphemeral): LabMessage {
    const message: LabMessage = {
      type: 'message',
      ts: this.clock.next(),
      channel: input.channel,
      team: this.teamId,
      user: input.user,
      text: input.text,
    };
    if (input.botId) message.bot_id = input.botId;
    if (input.blocks) message.blocks = input.blocks;
    if (input.threadTs) message.thread_ts = input.threadTs;

    const commandId =
      input.commandId ??
      (input.clickId ? undefined : this.commands.newestFor(input.visibleTo, input.channel)?.commandId);
    const entry: StoredEphemeral = { message, visibleTo: input.visibleTo };
    if (commandId) entry.commandId = commandId;
    this.ephemerals.push(entry);

    this.emit({
      kind: 'ephemeral',
      channel: input.channel,
      source: input.source,
      commandId,
      clickId: input.clickId,
      visibleTo: input.visibleTo,
      message,
    });
    return message;
  }

  /** Replaces the text and blocks of an ephemeral message, as `replace_original` does. */
  replaceEphemeral(ts: string, text: string, blocks: unknown[] | undefined, source: MessageSource): boolean {
    const entry = this.ephemerals.find((candidate) => candidate.message.ts === ts);
    if (!entry) return false;
    entry.message.text = text;
    if (blocks) entry.message.blocks = blocks;
    else delete entry.message.blocks;
    this.emit({
      kind: 'ephemeral',
      channel: entry.message.channel,
      source,
      commandId: entry.commandId,
      visibleTo: entry.visibleTo,
      message: entry.message,
    });
    return true;
  }

  recordDelivery(
    channel: string,
    delivery: DeliveryRecord,
    ids: { commandId?: string; clickId?: string },
  ): void {
    this.emit({ kind: 'delivery', channel, delivery, ...ids });
  }

  /** Returns the events recorded so far, optionally only those after a sequence number. */
  eventsAfter(seq = 0): readonly LabEvent[] {
    return this.events.filter((event) => event.seq > seq);
  }

  lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  /** Calls `listener` for every new event; returns the function that stops it. */
  subscribe(listener: (event: LabEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  private emit(fields: Omit<LabEvent, 'seq' | 'at'>): void {
    // The event keeps a copy, so later updates of the stored message do not rewrite history.
    const event: LabEvent = {
      seq: this.events.length + 1,
      at: new Date().toISOString(),
      ...fields,
      message: fields.message ? structuredClone(fields.message) : undefined,
    };
    for (const key of Object.keys(event) as (keyof LabEvent)[]) {
      if (event[key] === undefined) delete event[key];
    }
    this.events.push(event);
    this.emitter.emit('event', event);
  }

  private commandFromMetadata(metadata: MessageMetadata | undefined): string | undefined {
    const triggerId = metadata?.event_payload['trigger_id'];
    return typeof triggerId === 'string' ? this.commands.byTrigger(triggerId)?.commandId : undefined;
  }
}

function messageKey(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}
