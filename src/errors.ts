/**
 * Error base class for pxmysql. Every error carries a stable string code for routing and tests,
 * a message that is safe to show in Slack (no secrets, no raw API bodies), an optional cause for
 * the logs, and whether retrying the same call may succeed.
 */
export type ErrorKind = 'user' | 'retryable' | 'permanent';

export interface PxError {
  readonly code: string;
  readonly kind: ErrorKind;
}

export class PxmysqlError extends Error implements PxError {
  readonly code: string;
  readonly kind: ErrorKind;
  /** Catalog key and parameters for the Slack text, when the error is shown to a user. */
  readonly messageKey: string | undefined;
  readonly messageParams: Readonly<Record<string, string | number>>;

  constructor(
    code: string,
    message: string,
    options: {
      kind?: ErrorKind;
      cause?: unknown;
      messageKey?: string;
      messageParams?: Record<string, string | number>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PxmysqlError';
    this.code = code;
    this.kind = options.kind ?? 'permanent';
    this.messageKey = options.messageKey;
    this.messageParams = Object.freeze({ ...(options.messageParams ?? {}) });
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/** Invalid configuration: the message names the variable or file key, the value and the fix. */
export class ConfigError extends PxmysqlError {
  constructor(message: string, cause?: unknown) {
    super('config_invalid', message, { kind: 'permanent', cause });
    this.name = 'ConfigError';
  }
}

/** A mistake in what the user typed; answered ephemerally with usage. */
export class UserInputError extends PxmysqlError {
  constructor(code: string, message: string, messageKey: string, messageParams: Record<string, string | number> = {}) {
    super(code, message, { kind: 'user', messageKey, messageParams });
    this.name = 'UserInputError';
  }
}

export function isPxmysqlError(error: unknown): error is PxmysqlError {
  return error instanceof PxmysqlError;
}

/** Returns a one-line description of any thrown value, for logs and last-resort messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
