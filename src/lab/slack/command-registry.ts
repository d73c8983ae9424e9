/** A slash command as the message store needs it to attribute messages to it. */
export interface CommandAttribution {
  commandId: string;
  triggerId: string;
  userId: string;
  channelId: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/** Time after a command during which an unattributed `chat.postEphemeral` to its user is attributed to it. */
const EPHEMERAL_ATTRIBUTION_WINDOW_MS = 30 * 60 * 1000;

/** The slash commands sent so far, found by trigger id, command id, or user and channel. */
export class CommandRegistry {
  private readonly byTriggerId = new Map<string, CommandAttribution>();
  private readonly byCommandId = new Map<string, CommandAttribution>();

  register(command: CommandAttribution): void {
    this.byTriggerId.set(command.triggerId, command);
    this.byCommandId.set(command.commandId, command);
  }

  byTrigger(triggerId: string): CommandAttribution | undefined {
    return this.byTriggerId.get(triggerId);
  }

  byId(commandId: string): CommandAttribution | undefined {
    return this.byCommandId.get(commandId);
  }

  // NOTE: chat.postEphemeral carries no trigger id, so its message is attributed to the newest
  // command of the same user in the same channel. Two commands in flight at once may be mixed up.
  /** Returns the newest command of a user in a channel within the last 30 minutes. */
  newestFor(userId: string, channelId: string, now = Date.now()): CommandAttribution | undefined {
    let newest: CommandAttribution | undefined;
    for (const command of this.byCommandId.values()) {
      if (command.userId !== userId || command.channelId !== channelId) continue;
      if (now - command.startedAt > EPHEMERAL_ATTRIBUTION_WINDOW_MS) continue;
      if (!newest || command.startedAt >= newest.startedAt) newest = command;
    }
    return newest;
  }
}
