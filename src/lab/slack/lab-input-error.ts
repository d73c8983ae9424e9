/** A request from a lab user that cannot be delivered, with a Slack-style error name. */
export class LabInputError extends Error {
  constructor(
    readonly code: 'user_not_found' | 'channel_not_found' | 'invalid_command' | 'action_not_found' | 'http_delivery_not_configured',
    message: string,
  ) {
    super(message);
    this.name = 'LabInputError';
  }
}
